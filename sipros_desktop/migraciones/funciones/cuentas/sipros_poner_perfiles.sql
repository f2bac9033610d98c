-- Give a user its profiles now (p_pendiente false) or keep them waiting for its first
-- password (true: it holds sipros_acceso only).
CREATE OR REPLACE FUNCTION sipros_poner_perfiles(p_usuario text, p_perfiles text[], p_pendiente boolean)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- (held directly: through a profile it is held too, and the profile may be taken away)
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m
                   WHERE m.roleid = 'sipros_acceso'::regrole
                     AND m.member = (SELECT oid FROM pg_roles WHERE rolname = p_usuario)) THEN
        EXECUTE format('GRANT sipros_acceso TO %I', p_usuario);
    END IF;
    IF p_pendiente THEN
        PERFORM sipros_asignar_perfiles(p_usuario, '{}');
        UPDATE funcionario SET perfiles_pendientes = p_perfiles WHERE usuario = p_usuario;
    ELSE
        PERFORM sipros_asignar_perfiles(p_usuario, p_perfiles);
        UPDATE funcionario SET perfiles_pendientes = NULL WHERE usuario = p_usuario;
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_poner_perfiles(text, text[], boolean) FROM PUBLIC;
