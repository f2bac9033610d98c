CREATE OR REPLACE FUNCTION sipros_beneficio_lugar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    loc integer;
    col integer;
BEGIN
    IF NEW.municipio_id IS NULL THEN
        NEW.municipio_id := coalesce(
            (SELECT s.municipio_id FROM solicitud s WHERE s.id = NEW.solicitud_id),
            (SELECT d.municipio_id FROM domicilio d WHERE d.ciudadano_id = NEW.ciudadano_id));
    END IF;
    -- an application's benefit: where the citizen lives now, at the delivery
    IF NEW.solicitud_id IS NOT NULL AND NEW.localidad_id IS NULL AND NEW.colonia_id IS NULL THEN
        SELECT coalesce(d.localidad_id, c.localidad_id), d.colonia_id INTO loc, col
        FROM domicilio d LEFT JOIN colonia c ON c.id = d.colonia_id
        WHERE d.ciudadano_id = NEW.ciudadano_id AND d.municipio_id = NEW.municipio_id;
        NEW.localidad_id := loc;
        NEW.colonia_id := col;
    END IF;
    -- a colonia alone: its locality
    IF NEW.colonia_id IS NOT NULL AND NEW.localidad_id IS NULL THEN
        NEW.localidad_id := (SELECT c.localidad_id FROM colonia c WHERE c.id = NEW.colonia_id);
    END IF;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_beneficio_lugar() FROM PUBLIC;
