-- ---------------------------------------------------------------------------
-- 7. Forms: the base CUIS and forms used by calls of other áreas are state-wide business
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_formulario_administrable(p_clave text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_admin_estatal()
        OR (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            AND upper(p_clave) <> 'CUIS'
            AND NOT EXISTS (SELECT 1 FROM convocatoria c JOIN formulario f ON f.id = c.formulario_id
                            WHERE f.clave = p_clave
                              AND NOT sipros_programa_administrable(c.programa_id)))
$$;

REVOKE EXECUTE ON FUNCTION sipros_formulario_administrable(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_administrable(text) TO sipros_administrador;
