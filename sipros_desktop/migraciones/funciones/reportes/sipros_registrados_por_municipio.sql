-- How many citizens of the registry live in each municipality: the denominator of the coverage
-- indicators. Counts only (no person), the same for every user.
CREATE OR REPLACE FUNCTION sipros_registrados_por_municipio()
    RETURNS TABLE (municipio_id integer, ciudadanos bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT d.municipio_id, count(*) FROM domicilio d GROUP BY d.municipio_id
$$;

REVOKE EXECUTE ON FUNCTION sipros_registrados_por_municipio() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_registrados_por_municipio() TO sipros_personal;
