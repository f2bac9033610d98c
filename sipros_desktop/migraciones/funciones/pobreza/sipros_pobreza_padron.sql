-- ---------------------------------------------------------------------------
-- The Padrón's benefits by the poverty of the beneficiary's household, in the caller's scope:
-- for each classification (NULL: the household is not measured) the people, the benefits and
-- the amount. Counts only, no person. ``p_filtro``: the Padrón's filter, {"dependencia_id",
-- "programa_id", "municipio_id", "localidad_id", "colonia_id", "origen", "desde", "hasta",
-- "clasificacion" (a classification, or "sin_medicion")}.
-- As the owner, so that the benefits of the whole state meet their households in one pass
-- (row-level security checks each household on its own: 5 s). The scope is the policies', as
-- in sipros_pobreza_por_municipio: the benefits beneficio's policy shows the caller, and the
-- households of the citizens of its scope — every household of a benefit it sees, when it
-- sees citizens by programme.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_padron(p_filtro jsonb)
    RETURNS TABLE (clasificacion text, beneficiarios bigint, beneficios bigint, monto numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET work_mem = '64MB'
    SET enable_hashjoin = off
AS $$
DECLARE
    f jsonb := coalesce(p_filtro, '{}');
    ciudadanos text := CASE WHEN sipros_ve_por_programas() THEN NULL
                            ELSE sipros_alcance_ciudadano_ids_sql() END;  -- NULL: all
    hogares text := 'pobreza_medicion';
    donde text[] := ARRAY['true'];
    despues text := '';
    campo text;
BEGIN
    IF ciudadanos IS NOT NULL THEN
        hogares := '(SELECT * FROM pobreza_medicion WHERE ciudadano_id IN (' || ciudadanos
                   || '))';
    END IF;
    donde := donde || sipros_alcance_beneficio_sql('b');  -- (beneficio's policy)
    FOREACH campo IN ARRAY ARRAY['dependencia_id', 'programa_id', 'municipio_id',
                                 'localidad_id', 'colonia_id'] LOOP
        IF f ->> campo IS NOT NULL THEN
            donde := donde || format('b.%I = %L::integer', campo, f ->> campo);
        END IF;
    END LOOP;
    donde := donde || sipros_beneficio_filtro_sql(f);  -- (origen, desde, hasta)
    IF f ->> 'clasificacion' = 'sin_medicion' THEN
        despues := 'WHERE pm.ciudadano_id IS NULL';
    ELSIF f ->> 'clasificacion' IS NOT NULL THEN
        despues := format('WHERE pm.clasificacion = %L', f ->> 'clasificacion');
    END IF;
    -- each person's benefits counted first, in citizen order (sorted once, or read so from
    -- the index when no filter narrows them), then met with the households in one merge
    -- (enable_hashjoin off above): a hash of the ~200 k-500 k people and a hash join with the
    -- million households took 0.75 s for an área, 0.5 s this way
    RETURN QUERY EXECUTE format(
        'SELECT pm.clasificacion, count(*), sum(x.n)::bigint, sum(x.monto) '
        'FROM (SELECT b.ciudadano_id, count(*) AS n, coalesce(sum(b.monto), 0) AS monto '
        'FROM (SELECT b.ciudadano_id, b.monto FROM beneficio b WHERE %s '
        'ORDER BY b.ciudadano_id) b GROUP BY b.ciudadano_id) x '
        'LEFT JOIN %s pm ON pm.ciudadano_id = x.ciudadano_id %s GROUP BY 1',
        array_to_string(donde, ' AND '), hogares, despues);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_padron(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_pobreza_padron(jsonb)
    TO sipros_ventanilla, sipros_funcionario, sipros_administrador;
