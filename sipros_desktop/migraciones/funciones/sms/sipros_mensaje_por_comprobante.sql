-- the notice of a voucher issued for an event without a place waits for the place
CREATE OR REPLACE FUNCTION sipros_mensaje_por_comprobante() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    ciudadano bigint;
    datos jsonb;
BEGIN
    IF NEW.estado <> 'Vigente' THEN
        RETURN NULL;
    END IF;
    SELECT s.ciudadano_id INTO ciudadano FROM solicitud s WHERE s.id = NEW.solicitud_id;
    SELECT sipros_mensaje_datos_solicitud(NEW.solicitud_id) || jsonb_build_object(
               'lugar', e.domicilio || ', ' || m.nombre,
               'fecha', to_char(e.fecha, 'DD/MM/YYYY'),
               'hora', to_char(e.hora_inicio, 'HH24:MI') || ' a ' || to_char(e.hora_fin, 'HH24:MI'))
    INTO datos
    FROM evento_entrega e JOIN municipio m ON m.id = e.municipio_id
    WHERE e.id = NEW.evento_id AND sipros_lugar_confirmado(e.domicilio);
    IF datos IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM sipros_mensaje_encolar('comprobante', ciudadano, NEW.solicitud_id, datos);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_comprobante() FROM PUBLIC;
