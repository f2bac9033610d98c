-- an administrator's reset: the account goes back to "change your password first"
CREATE OR REPLACE FUNCTION sipros_usuario_restablecer(p_usuario text, p_verificador text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    perfiles text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF NOT coalesce(sipros_verificador_valido(p_verificador), false) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    perfiles := sipros_perfiles_de(p_usuario);
    -- (the scope trigger on funcionario refuses a user outside the administrator's scope)
    UPDATE funcionario SET cambiar_password = (p_usuario <> session_user), actualizado = now()
    WHERE usuario = p_usuario;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_usuario, p_verificador);
    PERFORM sipros_poner_perfiles(p_usuario, perfiles, p_usuario <> session_user);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuario_restablecer(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuario_restablecer(text, text) TO sipros_administrador;
