CREATE OR REPLACE FUNCTION sipros_consulta_limite(OUT limite integer, OUT minutos integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT (valor #>> '{}')::numeric::integer FROM ajuste
                     WHERE clave = 'consulta_limite'), 60),
           coalesce((SELECT (valor #>> '{}')::numeric::integer FROM ajuste
                     WHERE clave = 'consulta_minutos'), 10)
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_limite() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_limite() TO sipros_personal;
