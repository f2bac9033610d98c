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
AS $$
DECLARE
    f jsonb := coalesce(p_filtro, '{}');
    ciudadanos text := CASE WHEN sipros_ve_por_programas() THEN NULL
                            ELSE sipros_alcance_ciudadano_ids_sql() END;  -- NULL: all
    hogares text := 'pobreza_medicion';
    donde text[] := ARRAY['true'];
    campo text;
BEGIN
    IF ciudadanos IS NOT NULL THEN
        hogares := '(SELECT * FROM pobreza_medicion WHERE ciudadano_id IN (' || ciudadanos
                   || '))';
    END IF;
    IF NOT (sipros_ve_todo_personal() OR sipros_alcance_estatal()) THEN  -- (the owner: all)
        donde := donde || format('b.programa_id = ANY (%L::integer[])',
                                 sipros_programas_visibles());
    END IF;
    FOREACH campo IN ARRAY ARRAY['dependencia_id', 'programa_id', 'municipio_id',
                                 'localidad_id', 'colonia_id'] LOOP
        IF f ->> campo IS NOT NULL THEN
            donde := donde || format('b.%I = %L::integer', campo, f ->> campo);
        END IF;
    END LOOP;
    IF f ->> 'origen' IS NOT NULL THEN
        donde := donde || format('b.origen = %L', f ->> 'origen');
    END IF;
    IF f ->> 'desde' IS NOT NULL THEN
        donde := donde || format('b.fecha_entrega >= %L::date', f ->> 'desde');
    END IF;
    IF f ->> 'hasta' IS NOT NULL THEN
        donde := donde || format('b.fecha_entrega <= %L::date', f ->> 'hasta');
    END IF;
    IF f ->> 'clasificacion' = 'sin_medicion' THEN
        donde := donde || format('NOT EXISTS (SELECT 1 FROM %s pm '
                                 'WHERE pm.ciudadano_id = b.ciudadano_id)', hogares);
    ELSIF f ->> 'clasificacion' IS NOT NULL THEN
        donde := donde || format('EXISTS (SELECT 1 FROM %s pm WHERE pm.ciudadano_id = '
                                 'b.ciudadano_id AND pm.clasificacion = %L)', hogares,
                                 f ->> 'clasificacion');
    END IF;
    -- (each benefit with its household, both read from their indexes in citizen order and
    -- met in one merge; then each person once)
    RETURN QUERY EXECUTE format(
        'SELECT x.clasificacion, count(*), sum(x.n)::bigint, sum(x.monto) '
        'FROM (SELECT b.ciudadano_id, min(pm.clasificacion) AS clasificacion, count(*) AS n, '
        'coalesce(sum(b.monto), 0) AS monto FROM beneficio b '
        'LEFT JOIN %s pm ON pm.ciudadano_id = b.ciudadano_id WHERE %s '
        'GROUP BY b.ciudadano_id) x GROUP BY 1',
        hogares, array_to_string(donde, ' AND '));
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_padron(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_pobreza_padron(jsonb)
    TO sipros_ventanilla, sipros_funcionario, sipros_administrador;
