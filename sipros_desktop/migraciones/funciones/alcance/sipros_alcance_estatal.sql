-- Row-level security at the scale of 2 M applications: a state-wide user is decided once per
-- query (an InitPlan), not by comparing every row with the array of every call.
CREATE OR REPLACE FUNCTION sipros_alcance_estatal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal')
$$;

REVOKE EXECUTE ON FUNCTION sipros_alcance_estatal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_alcance_estatal() TO sipros_personal;
