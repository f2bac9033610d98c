-- An event keeps its call once it has applications or vouchers.
CREATE OR REPLACE FUNCTION sipros_evento_guardado() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.convocatoria_id <> OLD.convocatoria_id AND (
        EXISTS (SELECT 1 FROM evento_solicitud WHERE evento_id = OLD.id)
        OR EXISTS (SELECT 1 FROM comprobante WHERE evento_id = OLD.id)) THEN
        RAISE EXCEPTION 'El evento «%» ya tiene solicitudes asignadas: su convocatoria no cambia.',
            OLD.nombre USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_evento_guardado() FROM PUBLIC;
