-- the citizens with business in the programmes of the caller's alcance: officials, delivery
-- staff and now área and dependencia administrators too
CREATE OR REPLACE FUNCTION sipros_ve_por_programas() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.usuario = session_user AND f.activo)
       AND (pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_administrador', 'MEMBER'))
$$;

REVOKE EXECUTE ON FUNCTION sipros_ve_por_programas() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ve_por_programas() TO sipros_personal;
