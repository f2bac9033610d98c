-- ---------------------------------------------------------------------------
-- 3. The bitácora and the staff list within the administrator's scope
-- ---------------------------------------------------------------------------
-- the staff an administrator administers (sipros_admin_alcanza) and itself
CREATE OR REPLACE FUNCTION sipros_usuarios_en_alcance() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(f.usuario::text), '{}') FROM funcionario f
    WHERE f.usuario = session_user
       OR (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
           AND sipros_admin_alcanza(f.dependencia_id, f.area_id, f.alcance))
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuarios_en_alcance() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuarios_en_alcance() TO sipros_administrador;
