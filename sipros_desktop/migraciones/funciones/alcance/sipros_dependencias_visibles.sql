CREATE OR REPLACE FUNCTION sipros_dependencias_visibles() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(d.id), '{}')
    FROM funcionario f
    JOIN dependencia d ON f.alcance = 'estatal' OR d.id = f.dependencia_id
    WHERE f.usuario = session_user AND f.activo
$$;

REVOKE EXECUTE ON FUNCTION sipros_dependencias_visibles() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_dependencias_visibles() TO sipros_personal;
