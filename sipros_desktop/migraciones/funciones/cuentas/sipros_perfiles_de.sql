-- the profiles of a user: the ones it holds, or the ones waiting for its first password (the
-- functions read it as the owner; staff read their own through sipros_mi_perfil, and
-- administrators those of their scope through sipros_usuarios)
CREATE OR REPLACE FUNCTION sipros_perfiles_de(p_usuario text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(
        (SELECT f.perfiles_pendientes FROM funcionario f
         WHERE f.usuario = p_usuario AND f.perfiles_pendientes IS NOT NULL),
        (SELECT coalesce(array_agg(p ORDER BY n), '{}')
         FROM unnest(sipros_perfiles()) WITH ORDINALITY AS t(p, n)
         WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_usuario)
           AND pg_has_role(p_usuario, 'sipros_' || p, 'MEMBER')))
$$;

REVOKE EXECUTE ON FUNCTION sipros_perfiles_de(text) FROM PUBLIC;
