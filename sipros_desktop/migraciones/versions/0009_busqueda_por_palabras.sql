-- Name search by words. The Ciudadanos search sorts its matches by name; finding them through
-- the text index and reading each row to sort it cost ~40-60 ms when a search matched ~10
-- thousand people (two common surnames, one medium surname). This table keeps, for every
-- word of every name, the name's sort key and the citizen: a search takes the range of its
-- rarest word from the index alone (no table rows read), keeps the names that also hold the
-- other words, and sorts that. Derived data: written only by the triggers below, read only by
-- the search functions (SECURITY DEFINER); no staff role has any privilege on it.

CREATE TABLE ciudadano_palabra (
    palabra text COLLATE "C" NOT NULL,
    nombre_orden text COLLATE "C" NOT NULL,
    ciudadano_id bigint NOT NULL
);
REVOKE ALL ON ciudadano_palabra FROM PUBLIC;
COMMENT ON TABLE ciudadano_palabra IS
    'Cada palabra del nombre de cada ciudadano con su clave de orden (búsqueda por nombre). '
    'Derivada de ciudadano por disparadores; sin permisos para el personal.';

-- The distinct words of a sort key (words are [A-Z0-9Ñ]+ separated by one space).
CREATE FUNCTION sipros_palabras_de(nombre_orden text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(nombre_orden, ' ') AS w WHERE w <> ''
$$;

INSERT INTO ciudadano_palabra (palabra, nombre_orden, ciudadano_id)
SELECT w, c.nombre_orden, c.id FROM ciudadano c, sipros_palabras_de(c.nombre_orden) AS w;
ALTER TABLE ciudadano_palabra ADD PRIMARY KEY (palabra, nombre_orden, ciudadano_id);
-- every common word gets its own count in the statistics (the search picks its rarest word)
ALTER TABLE ciudadano_palabra ALTER COLUMN palabra SET STATISTICS 1000;
ANALYZE ciudadano_palabra;

-- Kept by statement-level triggers (one INSERT…SELECT per statement, so bulk loads stay cheap).
CREATE FUNCTION sipros_ciudadano_palabras() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ciudadano_palabra (palabra, nombre_orden, ciudadano_id)
        SELECT w, n.nombre_orden, n.id FROM nuevos n, sipros_palabras_de(n.nombre_orden) AS w;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM ciudadano_palabra p
        USING viejos v CROSS JOIN LATERAL sipros_palabras_de(v.nombre_orden) AS w
        WHERE p.palabra = w AND p.nombre_orden = v.nombre_orden AND p.ciudadano_id = v.id;
    ELSE
        DELETE FROM ciudadano_palabra p
        USING viejos v JOIN nuevos n ON n.id = v.id
              CROSS JOIN LATERAL sipros_palabras_de(v.nombre_orden) AS w
        WHERE n.nombre_orden IS DISTINCT FROM v.nombre_orden
          AND p.palabra = w AND p.nombre_orden = v.nombre_orden AND p.ciudadano_id = v.id;
        INSERT INTO ciudadano_palabra (palabra, nombre_orden, ciudadano_id)
        SELECT w, n.nombre_orden, n.id
        FROM viejos v JOIN nuevos n ON n.id = v.id, sipros_palabras_de(n.nombre_orden) AS w
        WHERE n.nombre_orden IS DISTINCT FROM v.nombre_orden;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_palabras() FROM PUBLIC;

CREATE TRIGGER ciudadano_palabras_ins AFTER INSERT ON ciudadano
    REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_palabras();
CREATE TRIGGER ciudadano_palabras_upd AFTER UPDATE ON ciudadano
    REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_palabras();
CREATE TRIGGER ciudadano_palabras_del AFTER DELETE ON ciudadano
    REFERENCING OLD TABLE AS viejos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_palabras();

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

