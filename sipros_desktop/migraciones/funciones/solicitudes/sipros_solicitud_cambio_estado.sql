CREATE OR REPLACE FUNCTION sipros_solicitud_cambio_estado() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_transicion_permitida(OLD.estado, NEW.estado);
    IF NEW.estado = 'Aprobada' THEN
        PERFORM sipros_verificar_cupo(NEW.convocatoria_id, NEW.id, NEW.tipo_apoyo_id);
    END IF;
    NEW.version := OLD.version + 1;
    NEW.actualizado := now();
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_cambio_estado() FROM PUBLIC;
