CREATE OR REPLACE FUNCTION sipros_usuario_activar(p_usuario text, p_activo boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    habia boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF NOT p_activo AND p_usuario = session_user THEN
        RAISE EXCEPTION 'No puede desactivar su propio usuario; pídalo a otro administrador.';
    END IF;
    UPDATE funcionario SET activo = p_activo, actualizado = now() WHERE usuario = p_usuario;
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador estatal activo (solo '
            'él da alcance estatal) y «%» es el último. Dé de alta o active otro antes.', p_usuario
            USING ERRCODE = 'check_violation';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', p_usuario, CASE WHEN p_activo THEN 'LOGIN' ELSE 'NOLOGIN' END);
    IF NOT p_activo THEN
        -- open sessions end now, not at their next login
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = p_usuario;
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuario_activar(text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuario_activar(text, boolean) TO sipros_administrador;
