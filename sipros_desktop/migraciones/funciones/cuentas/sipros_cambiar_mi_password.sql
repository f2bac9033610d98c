CREATE OR REPLACE FUNCTION sipros_cambiar_mi_password(p_verificador text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f funcionario;
BEGIN
    IF NOT sipros_verificador_valido(p_verificador) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    SELECT * INTO f FROM funcionario WHERE usuario = session_user AND activo FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El usuario % no es un funcionario activo.', session_user;
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verificador);
    UPDATE funcionario SET cambiar_password = false, perfiles_pendientes = NULL,
        actualizado = now()
    WHERE usuario = session_user;
    IF f.perfiles_pendientes IS NOT NULL THEN
        PERFORM sipros_asignar_perfiles(session_user, f.perfiles_pendientes);
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_cambiar_mi_password(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_cambiar_mi_password(text) TO sipros_acceso;
