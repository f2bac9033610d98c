-- a state-wide administrator (or the owner: maintenance and the command line)
CREATE OR REPLACE FUNCTION sipros_admin_estatal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario f
        WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal'
          AND pg_has_role(session_user, 'sipros_administrador', 'MEMBER'))
$$;

REVOKE EXECUTE ON FUNCTION sipros_admin_estatal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_admin_estatal() TO sipros_personal;
