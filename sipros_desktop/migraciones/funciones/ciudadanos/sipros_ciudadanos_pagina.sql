-- ---------------------------------------------------------------------------
-- The Ciudadanos search, as in 0007, with a third way for a name search in name order:
--   * by words (this migration): the range of the search's rarest word in ciudadano_palabra,
--     index only, filtered by the other words, sorted; then the scope is checked in that
--     order until the page is full. Used when that word has up to p_umbral entries.
--   * the walk of the sort index (0007), for one very common word: its matches are dense all
--     along the order, so a page is found after a few hundred entries.
--   * other orders keep 0007's ways (the text index, then sort; or the walk of their index).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_ciudadanos_pagina(p_tipo text, p_valor text, p_orden text,
                                         p_descendente boolean, p_despues text,
                                         p_despues_id bigint, p_limite integer,
                                         p_umbral integer)
    RETURNS TABLE (id bigint, curp text, nombre text, apellido_paterno text,
                   apellido_materno text, fecha_nacimiento date, sexo text, municipio text,
                   solicitudes bigint, orden text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
    SET work_mem = '32MB'  -- the few-matches path sorts up to 60 thousand names
AS $$
DECLARE
    col text := CASE p_orden WHEN 'nombre' THEN 'c.nombre_orden' WHEN 'curp' THEN 'c.curp'
                             WHEN 'fecha_nacimiento' THEN 'c.fecha_nacimiento' END;
    tipo_col text := CASE p_orden WHEN 'fecha_nacimiento' THEN 'date' ELSE 'text' END;
    criterio text := sipros_criterio_ciudadano_sql(p_tipo);
    dir text := CASE WHEN p_descendente THEN 'DESC' ELSE 'ASC' END;
    cursor_sql text := '';
    fuente text := sipros_fuente_ciudadano_sql();
    plan jsonb;
    pocos boolean := false;
    palabras text;
    lista text[];
    rara text;
    estimada numeric;
    entradas numeric;
    otras text := '';
    hashjoin text := current_setting('enable_hashjoin');
    mergejoin text := current_setting('enable_mergejoin');
    seqscan text := current_setting('enable_seqscan');
    bitmapscan text := current_setting('enable_bitmapscan');
    seleccion text := 'SELECT c.id, c.curp::text, c.nombre, c.apellido_paterno, '
        || 'c.apellido_materno, c.fecha_nacimiento, c.sexo::text, '
        || '(SELECT m.nombre FROM domicilio d JOIN municipio m ON m.id = d.municipio_id '
        || 'WHERE d.ciudadano_id = c.id), (SELECT count(*) FROM solicitud s '
        || 'WHERE s.ciudadano_id = c.id AND ' || sipros_alcance_solicitud_sql('s') || '), ';
BEGIN
    IF col IS NULL OR criterio IS NULL THEN
        RAISE EXCEPTION 'Búsqueda no válida (orden «%», tipo «%»).', p_orden, p_tipo;
    END IF;
    IF p_tipo = 'curp' AND sipros_es_ventanilla() THEN
        PERFORM sipros_abrir_expediente(p_valor);
    END IF;
    IF p_tipo = 'nombre' AND p_orden = 'nombre' AND fuente = 'ciudadano c' THEN
        -- The words of the search, each a prefix of some word of the name; a word that begins
        -- another word of the search says nothing more (GAR and GARCIA: GARCIA is enough).
        SELECT array_agg(DISTINCT m[1]) INTO lista
        FROM regexp_matches(p_valor, '([A-Z0-9Ñ]+):\*', 'g') AS m;
        SELECT array_agg(w) INTO lista FROM unnest(lista) AS w
        WHERE NOT EXISTS (SELECT 1 FROM unnest(lista) AS o WHERE o <> w AND starts_with(o, w));
        -- the rarest word by the planner's estimate of its entries (no rows read)
        FOREACH palabras IN ARRAY coalesce(lista, '{}') LOOP
            EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM ciudadano_palabra p '
                           'WHERE p.palabra >= %L AND p.palabra < %L',
                           palabras, palabras || chr(1114111)) INTO plan;
            entradas := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric;
            IF estimada IS NULL OR entradas < estimada THEN
                rara := palabras;
                estimada := entradas;
            END IF;
        END LOOP;
        IF rara IS NOT NULL AND estimada <= p_umbral THEN
            SELECT coalesce(string_agg(format(' AND (p.nombre_orden LIKE %L OR '
                                              'p.nombre_orden LIKE %L)', w || '%', '% ' || w || '%'),
                                       ''), '')
            INTO otras FROM unnest(lista) AS w WHERE w <> rara;
            IF p_despues IS NOT NULL THEN
                cursor_sql := format(' AND (p.nombre_orden, p.ciudadano_id) %s ($2::text, $3)',
                                     CASE WHEN p_descendente THEN '<' ELSE '>' END);
            END IF;
            -- the page's rows are read one by one in the sorted order (never a join of all)
            PERFORM set_config('enable_hashjoin', 'off', true),
                    set_config('enable_mergejoin', 'off', true);
            RETURN QUERY EXECUTE format(
                '%s k.o FROM (SELECT DISTINCT p.nombre_orden AS o, p.ciudadano_id AS id '
                'FROM ciudadano_palabra p WHERE p.palabra >= $5 AND p.palabra < $6%s%s '
                'ORDER BY 1 %s, 2 %s) k JOIN ciudadano c ON c.id = k.id WHERE %s '
                'ORDER BY k.o %s, k.id %s LIMIT $4',
                seleccion, otras, cursor_sql, dir, dir, sipros_alcance_ciudadano_sql('c'),
                dir, dir)
            USING p_valor, p_despues, p_despues_id, p_limite, rara, rara || chr(1114111);
            PERFORM set_config('enable_hashjoin', hashjoin, true),
                    set_config('enable_mergejoin', mergejoin, true);
            RETURN;
        END IF;
    ELSIF p_tipo = 'nombre' AND fuente = 'ciudadano c' THEN
        -- the planner's estimate of matches (no rows read)
        EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM ciudadano c WHERE ' || criterio
            INTO plan USING p_valor;
        pocos := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric <= p_umbral;
    END IF;
    IF p_despues IS NOT NULL THEN
        cursor_sql := format(' AND (%s, c.id) %s ($2::%s, $3)', col,
                             CASE WHEN p_descendente THEN '<' ELSE '>' END, tipo_col);
    END IF;
    IF pocos THEN
        -- Few matches: sort them all (in an order no index offers, or the planner walks the
        -- sort index and reads the whole table to find none), then check the scope in that
        -- order only until the page is full.
        RETURN QUERY EXECUTE format(
            '%s c.o::text FROM (SELECT c.id, c.curp, c.nombre, c.apellido_paterno, '
            'c.apellido_materno, c.fecha_nacimiento, c.sexo, c.registrado_por, c.creado, '
            '%s AS o FROM ciudadano c WHERE %s%s '
            'ORDER BY o %s, c.id %s OFFSET 0) c WHERE %s ORDER BY c.o %s, c.id %s LIMIT $4',
            seleccion, CASE tipo_col WHEN 'date' THEN col || ' + 0' ELSE col || ' || ''''' END,
            criterio, cursor_sql, dir, dir, sipros_alcance_ciudadano_sql('c'), dir, dir)
        USING p_valor, p_despues, p_despues_id, p_limite;
        RETURN;
    END IF;
    IF p_tipo = 'nombre' AND p_orden = 'nombre' AND fuente = 'ciudadano c' THEN
        -- Many matches, in name order: walk the sort index reading only the index (the
        -- sort key holds every word of the name), each word as a prefix of some word, and
        -- fetch the rows of the page only. The planner cannot estimate these patterns, so
        -- the walk is asked for explicitly.
        SELECT string_agg(format('c.nombre_orden ~ %L', '(^| )' || w[1]), ' AND ')
        INTO palabras FROM regexp_matches(p_valor, '([A-Z0-9Ñ]+):\*', 'g') AS w;
        PERFORM set_config('enable_seqscan', 'off', true),
                set_config('enable_bitmapscan', 'off', true);
        RETURN QUERY EXECUTE format(
            '%s c.nombre_orden::text FROM ciudadano c JOIN (SELECT c.id FROM ciudadano c '
            'WHERE %s AND %s%s ORDER BY c.nombre_orden %s, c.id %s LIMIT $4) k ON k.id = c.id '
            'ORDER BY c.nombre_orden %s, c.id %s',
            seleccion, coalesce(palabras, 'true'), sipros_alcance_ciudadano_sql('c'),
            cursor_sql, dir, dir, dir, dir)
        USING p_valor, p_despues, p_despues_id, p_limite;
        PERFORM set_config('enable_seqscan', seqscan, true),
                set_config('enable_bitmapscan', bitmapscan, true);
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        '%s %s::text FROM %s WHERE %s AND %s%s ORDER BY %s %s, c.id %s LIMIT $4',
        seleccion, col, fuente, criterio, sipros_alcance_ciudadano_sql('c'), cursor_sql, col,
        dir, dir)
    USING p_valor, p_despues, p_despues_id, p_limite;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadanos_pagina(text, text, text, boolean, text, bigint, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ciudadanos_pagina(text, text, text, boolean, text, bigint, integer, integer) TO sipros_personal;
