-- ---------------------------------------------------------------------------
-- What the current user may see: used by the row-level security policies.
-- SECURITY DEFINER so that they read funcionario and the catalogue whatever the caller's grants.
-- The policies call them inside a scalar sub-select, so each runs once per query.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_programas_visibles() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(p.id), '{}')
    FROM funcionario f
    JOIN programa p ON true
    JOIN area a ON a.id = p.area_id
    WHERE f.usuario = session_user AND f.activo
      AND (f.alcance = 'estatal'
           OR (f.alcance = 'dependencia' AND a.dependencia_id = f.dependencia_id)
           OR (f.alcance = 'area' AND p.area_id = f.area_id))
$$;

REVOKE EXECUTE ON FUNCTION sipros_programas_visibles() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_programas_visibles() TO sipros_personal;
