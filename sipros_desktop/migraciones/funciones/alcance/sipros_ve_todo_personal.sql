-- ---------------------------------------------------------------------------
-- 1. Who sees what: administrators by their alcance
-- ---------------------------------------------------------------------------
-- the whole registry: the owner, and state-wide administrators and officials (before: any
-- administrator, whatever its alcance)
CREATE OR REPLACE FUNCTION sipros_ve_todo_personal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario f
        WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal'
          AND (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
               OR pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')))
$$;

REVOKE EXECUTE ON FUNCTION sipros_ve_todo_personal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ve_todo_personal() TO sipros_personal;
