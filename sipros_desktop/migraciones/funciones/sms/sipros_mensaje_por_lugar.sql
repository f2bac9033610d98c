-- the place set: the live vouchers of the event that were never told get their notice now
CREATE OR REPLACE FUNCTION sipros_mensaje_por_lugar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_lugar_confirmado(OLD.domicilio) OR NOT sipros_lugar_confirmado(NEW.domicilio) THEN
        RETURN NULL;
    END IF;
    PERFORM sipros_mensaje_encolar(
        'comprobante', s.ciudadano_id, k.solicitud_id,
        sipros_mensaje_datos_solicitud(k.solicitud_id) || jsonb_build_object(
            'lugar', NEW.domicilio || ', ' || m.nombre,
            'fecha', to_char(NEW.fecha, 'DD/MM/YYYY'),
            'hora', to_char(NEW.hora_inicio, 'HH24:MI') || ' a ' || to_char(NEW.hora_fin, 'HH24:MI')))
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN municipio m ON m.id = NEW.municipio_id
    WHERE k.evento_id = NEW.id AND k.estado = 'Vigente'
      AND NOT EXISTS (SELECT 1 FROM mensaje x WHERE x.solicitud_id = k.solicitud_id
                        AND x.evento = 'comprobante');
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_lugar() FROM PUBLIC;
