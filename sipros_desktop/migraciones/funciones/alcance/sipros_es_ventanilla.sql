CREATE OR REPLACE FUNCTION sipros_es_ventanilla() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.usuario = session_user AND f.activo)
       AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
$$;

REVOKE EXECUTE ON FUNCTION sipros_es_ventanilla() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_es_ventanilla() TO sipros_personal;
