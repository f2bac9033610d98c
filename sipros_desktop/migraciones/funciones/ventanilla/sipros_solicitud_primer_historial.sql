-- A new application's first history row («En proceso»), in the same transaction
CREATE OR REPLACE FUNCTION sipros_solicitud_primer_historial() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO solicitud_historial (solicitud_id, estado, comentario, usuario)
    VALUES (NEW.id, 'En proceso', 'Solicitud recibida en ventanilla', session_user);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_primer_historial() FROM PUBLIC;
