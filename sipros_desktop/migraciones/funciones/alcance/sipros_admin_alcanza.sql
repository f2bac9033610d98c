-- ---------------------------------------------------------------------------
-- Administrators act inside their own scope and never grant more than they have
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_admin_alcanza(p_dependencia_id integer, p_area_id integer,
                                     p_alcance text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario yo
        WHERE yo.usuario = session_user AND yo.activo
          AND (yo.alcance = 'estatal'
               OR (yo.alcance = 'dependencia' AND p_alcance IN ('dependencia', 'area')
                   AND p_dependencia_id = yo.dependencia_id)
               OR (yo.alcance = 'area' AND p_alcance = 'area' AND p_area_id = yo.area_id)))
$$;

REVOKE EXECUTE ON FUNCTION sipros_admin_alcanza(integer, integer, text) FROM PUBLIC;
