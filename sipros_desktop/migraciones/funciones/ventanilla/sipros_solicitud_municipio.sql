CREATE OR REPLACE FUNCTION sipros_solicitud_municipio() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.municipio_id := (SELECT d.municipio_id FROM domicilio d
                             WHERE d.ciudadano_id = NEW.ciudadano_id);
    ELSE
        NEW.municipio_id := OLD.municipio_id;
    END IF;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_municipio() FROM PUBLIC;
