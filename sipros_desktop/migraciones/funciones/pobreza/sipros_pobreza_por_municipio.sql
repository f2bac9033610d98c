-- ---------------------------------------------------------------------------
-- The measured people of each municipality by the classification of their household, with
-- how many have each deprivation, in the caller's scope: the beneficiaries of a filter
-- (``p_beneficiarios``: each person once, in the municipality of the latest benefit; those
-- whose household is not measured, or not of the caller's scope, with clasificacion NULL) or
-- the registered citizens with a measured household. Counts only, no person.
-- ``p_filtro``: {"dependencia", "programa", "municipio" (INEGI key of 5 digits), "origen",
-- "desde", "hasta"} of the benefits (the registered citizens: only "municipio", of the
-- home).
-- As the owner, so that a million households are counted in one pass: row-level security
-- checks each row on its own (8 s for an área over the registered citizens). The scope is the
-- policies': the benefits beneficio's policy shows the caller, the citizens of
-- sipros_alcance_ciudadano_ids_sql; a benefit the caller sees is of a citizen it sees when it
-- sees citizens by programme (ciudadano's policy), so that test is not repeated then.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_por_municipio(p_beneficiarios boolean, p_filtro jsonb)
    RETURNS TABLE (clave text, nombre text, clasificacion text, personas bigint,
                   rezago_educativo bigint, salud bigint, seguridad_social bigint,
                   vivienda bigint, servicios bigint, alimentacion bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET work_mem = '64MB'
AS $$
DECLARE
    f jsonb := coalesce(p_filtro, '{}');
    ciudadanos text := sipros_alcance_ciudadano_ids_sql();  -- NULL: every citizen
    donde text[] := ARRAY['true'];
    medida text := 'pm.clasificacion, pm.rezago_educativo, pm.salud, pm.seguridad_social, '
                   'pm.vivienda, pm.servicios, pm.alimentacion';
    poblacion text;
    hash text := current_setting('enable_hashjoin');
BEGIN
    -- (the keys as ids, so that the benefits and the measures are read from their indexes
    -- alone, in citizen order, and meet in one merge)
    IF f ->> 'municipio' IS NOT NULL THEN
        donde := donde || format('%s = ANY (ARRAY(SELECT id FROM municipio WHERE clave = %L))',
                                 CASE WHEN p_beneficiarios THEN 'b.municipio_id'
                                      ELSE 'pm.municipio_id' END,
                                 f ->> 'municipio');
    END IF;
    IF p_beneficiarios THEN
        IF sipros_ve_por_programas() THEN
            ciudadanos := NULL;
        END IF;
        donde := donde || sipros_alcance_beneficio_sql('b');  -- (beneficio's policy)
        IF f ->> 'dependencia' IS NOT NULL THEN
            donde := donde || format('b.dependencia_id = ANY (ARRAY(SELECT id FROM dependencia '
                                     'WHERE clave = %L))', f ->> 'dependencia');
        END IF;
        IF f ->> 'programa' IS NOT NULL THEN
            donde := donde || format('b.programa_id = ANY (ARRAY(SELECT id FROM programa '
                                     'WHERE clave = %L))', f ->> 'programa');
        END IF;
        donde := donde || sipros_beneficio_filtro_sql(f);  -- (origen, desde, hasta)
        -- each person once, in the municipality of the latest benefit, with the household
        -- if it is measured and of the caller's scope (else: clasificacion NULL)
        poblacion := 'SELECT x.municipio_id AS en, x.ciudadano_id, ' || medida
                     || ' FROM (SELECT DISTINCT ON (b.ciudadano_id) b.ciudadano_id, '
                     'b.municipio_id FROM beneficio b WHERE ' || array_to_string(donde, ' AND ')
                     || ' ORDER BY b.ciudadano_id, b.fecha_entrega DESC, b.id DESC) x '
                     'LEFT JOIN ' || CASE WHEN ciudadanos IS NULL THEN 'pobreza_medicion'
                                          ELSE '(SELECT * FROM pobreza_medicion WHERE '
                                               'ciudadano_id IN (' || ciudadanos || '))' END
                     || ' pm ON pm.ciudadano_id = x.ciudadano_id';
        ciudadanos := NULL;  -- (applied to the households above)
    ELSE
        poblacion := 'SELECT pm.municipio_id AS en, pm.ciudadano_id, ' || medida
                     || ' FROM pobreza_medicion pm WHERE ' || array_to_string(donde, ' AND ');
    END IF;
    IF ciudadanos IS NOT NULL THEN
        poblacion := 'SELECT * FROM (' || poblacion || ') y WHERE y.ciudadano_id IN ('
                     || ciudadanos || ')';
        IF NOT p_beneficiarios THEN
            -- the measures and the scope (ciudadano_alcance) both come in citizen order from
            -- their indexes: a merge, not a hash of the ~500 k citizens of an área (0.4 s
            -- less); only for this query (set back below)
            PERFORM set_config('enable_hashjoin', 'off', true);
        END IF;
    END IF;
    -- (counted by municipality id, then named)
    RETURN QUERY EXECUTE
        'SELECT coalesce(m.clave, '''')::text, coalesce(m.nombre, ''(sin municipio)'')::text, '
        'z.clasificacion, z.personas, z.rezago_educativo, z.salud, z.seguridad_social, '
        'z.vivienda, z.servicios, z.alimentacion FROM (SELECT y.en, y.clasificacion, '
        'count(*) AS personas, count(*) FILTER (WHERE y.rezago_educativo) AS rezago_educativo, '
        'count(*) FILTER (WHERE y.salud) AS salud, '
        'count(*) FILTER (WHERE y.seguridad_social) AS seguridad_social, '
        'count(*) FILTER (WHERE y.vivienda) AS vivienda, '
        'count(*) FILTER (WHERE y.servicios) AS servicios, '
        'count(*) FILTER (WHERE y.alimentacion) AS alimentacion '
        'FROM (' || poblacion || ') y GROUP BY 1, 2) z LEFT JOIN municipio m ON m.id = z.en';
    PERFORM set_config('enable_hashjoin', hash, true);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_por_municipio(boolean, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_pobreza_por_municipio(boolean, jsonb)
    TO sipros_ventanilla, sipros_funcionario, sipros_administrador;
