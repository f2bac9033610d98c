-- The calls of the programmes the caller sees. The programmes are asked once per query (a
-- scalar subquery), not once per call: as a plain argument of ANY the function ran per row.
CREATE OR REPLACE FUNCTION sipros_convocatorias_visibles() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(c.id), '{}')
    FROM convocatoria c
    WHERE c.programa_id = ANY ((SELECT sipros_programas_visibles())::integer[])
$$;

REVOKE EXECUTE ON FUNCTION sipros_convocatorias_visibles() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_convocatorias_visibles() TO sipros_personal;
