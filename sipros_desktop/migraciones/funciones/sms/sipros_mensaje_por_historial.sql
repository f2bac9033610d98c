-- Filing, correction, approval and delivery: each history row of those states.
CREATE OR REPLACE FUNCTION sipros_mensaje_por_historial() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    evento text;
    ciudadano bigint;
    datos jsonb;
BEGIN
    evento := CASE NEW.estado
        WHEN 'Corrección' THEN 'correccion'
        WHEN 'Aprobada' THEN 'aprobada'
        WHEN 'Entregado' THEN 'entregada'
        WHEN 'En proceso' THEN CASE WHEN NOT EXISTS (
                SELECT 1 FROM solicitud_historial h
                WHERE h.solicitud_id = NEW.solicitud_id AND h.id <> NEW.id)
            THEN 'solicitud_registrada' END
    END;
    IF evento IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT s.ciudadano_id INTO ciudadano FROM solicitud s WHERE s.id = NEW.solicitud_id;
    datos := sipros_mensaje_datos_solicitud(NEW.solicitud_id)
             || jsonb_build_object(
                    'comentario', left(coalesce(NEW.comentario, ''), 200),
                    'fecha', to_char(NEW.fecha AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY'));
    PERFORM sipros_mensaje_encolar(evento, ciudadano, NEW.solicitud_id, datos);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_historial() FROM PUBLIC;
