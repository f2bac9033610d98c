-- ---------------------------------------------------------------------------
-- Least privilege on personal data. No staff role reads the whole citizen registry:
--   * alcance estatal officials (planning) and administrators: every citizen, as before;
--   * funcionario and entrega: the citizens with an application or a benefit in the
--     programmes they may see (the row-level security of solicitud and beneficio decides);
--   * ventanilla: the citizens it is serving today (opened by exact CURP through
--     sipros_abrir_expediente, or registered today by that clerk), nothing in bulk.
-- Everything else that holds personal data (address, questionnaires, civil registry extract,
-- duplicate decisions, documents) follows the citizen. Look-ups outside that scope go through
-- narrow SECURITY DEFINER functions that write a CONSULTA row to the bitácora.
-- ---------------------------------------------------------------------------

-- Queries under row-level security carry the cost of their policies' sub-plans, which makes
-- PostgreSQL compile them with JIT: 300 ms spent on every look-up for nothing. An office
-- database answers short queries; JIT stays off for it.
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$;

-- Who registered a citizen and when: set by the database, whatever the client sends.
-- (NULL for citizens loaded before this column, and for bulk loads)
ALTER TABLE ciudadano ADD COLUMN registrado_por text COLLATE "C";  -- as session_user (name)
CREATE INDEX ciudadano_registrado_idx ON ciudadano (registrado_por, creado)
    WHERE registrado_por IS NOT NULL;

CREATE OR REPLACE FUNCTION sipros_ciudadano_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.aviso_privacidad IS NULL
           AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'Falta la aceptación del aviso de privacidad: léalo al ciudadano y '
                'marque su aceptación antes de guardar.';
        END IF;
        NEW.registrado_por := session_user;
        NEW.creado := now();
    ELSE
        NEW.registrado_por := OLD.registrado_por;
        NEW.creado := OLD.creado;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ciudadano_quien_cuando BEFORE UPDATE ON ciudadano
    FOR EACH ROW EXECUTE FUNCTION sipros_ciudadano_alta();

-- The citizens each clerk is serving today (opened by exact CURP). Only the functions below
-- write or read it: no role has any privilege on it.
CREATE TABLE atencion (
    usuario      text NOT NULL DEFAULT session_user,
    fecha        date NOT NULL DEFAULT current_date,
    ciudadano_id bigint NOT NULL REFERENCES ciudadano(id) ON DELETE CASCADE,
    desde        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (usuario, fecha, ciudadano_id)
);
CREATE INDEX atencion_ciudadano_idx ON atencion (ciudadano_id);
REVOKE ALL ON atencion FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- What the current user may see. STABLE SECURITY DEFINER, called inside scalar sub-selects by
-- the policies, so each runs once per query.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_ve_todo_personal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    -- the owner (maintenance, the command line) is not scoped either
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario f
        WHERE f.usuario = session_user AND f.activo
          AND (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
               OR (f.alcance = 'estatal'
                   AND pg_has_role(session_user, 'sipros_funcionario', 'MEMBER'))))
$$;

CREATE FUNCTION sipros_ve_por_programas() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.usuario = session_user AND f.activo)
       AND (pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_entrega', 'MEMBER'))
$$;

CREATE FUNCTION sipros_es_ventanilla() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.usuario = session_user AND f.activo)
       AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
$$;

CREATE FUNCTION sipros_atendidos() RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(a.ciudadano_id), '{}')
    FROM atencion a
    WHERE a.usuario = session_user AND a.fecha = current_date AND sipros_es_ventanilla()
$$;

REVOKE EXECUTE ON FUNCTION sipros_ve_todo_personal(), sipros_ve_por_programas(),
    sipros_es_ventanilla(), sipros_atendidos() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ve_todo_personal(), sipros_ve_por_programas(),
    sipros_es_ventanilla(), sipros_atendidos() TO sipros_personal;

-- ---------------------------------------------------------------------------
-- Row-level security of personal data
-- ---------------------------------------------------------------------------
-- The same rule is written as SQL text by sipros_alcance_ciudadano_sql() below, for the
-- search functions: keep both in step (tests compare them for every kind of user).
ALTER TABLE ciudadano ENABLE ROW LEVEL SECURITY;
CREATE POLICY ciudadano_alcance ON ciudadano
    USING ((SELECT sipros_ve_todo_personal())
           OR ((SELECT sipros_ve_por_programas())
               AND (EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = ciudadano.id)
                    OR EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = ciudadano.id)))
           OR id = ANY ((SELECT sipros_atendidos())::bigint[])
           OR ((SELECT sipros_es_ventanilla())
               AND registrado_por = session_user::text AND creado >= current_date));

ALTER TABLE domicilio ENABLE ROW LEVEL SECURITY;
CREATE POLICY domicilio_alcance ON domicilio
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id));

ALTER TABLE cuestionario ENABLE ROW LEVEL SECURITY;
CREATE POLICY cuestionario_alcance ON cuestionario
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id));

ALTER TABLE duplicado_decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY duplicado_alcance ON duplicado_decision
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id));

ALTER TABLE registro_civil ENABLE ROW LEVEL SECURITY;
CREATE POLICY registro_civil_alcance ON registro_civil
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.curp = registro_civil.curp));

-- documents attached to no application follow their citizen (before: visible to everyone)
ALTER POLICY documento_alcance ON documento
    USING (CASE WHEN solicitud_id IS NULL
                THEN EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id)
                ELSE EXISTS (SELECT 1 FROM solicitud s WHERE s.id = solicitud_id) END);

-- ---------------------------------------------------------------------------
-- Writes follow the same scope (the policies above hold for UPDATE and DELETE too). Delivery
-- staff write nothing until the delivery function of Entregas exists.
-- ---------------------------------------------------------------------------
REVOKE UPDATE ON comprobante FROM sipros_entrega;
REVOKE INSERT ON beneficio, solicitud_historial FROM sipros_entrega;
REVOKE SELECT ON registro_civil FROM sipros_entrega;

-- ---------------------------------------------------------------------------
-- The scope as SQL text for the search functions, which run as the owner so that the name
-- index can serve them (a policy puts its own condition first, and PostgreSQL never lets a
-- non-leakproof condition such as the full-text @@ use an index below it).
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_alcance_ciudadano_sql(p_alias text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    estatal boolean := sipros_alcance_estatal();
    partes text[] := '{}';
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN 'true';
    END IF;
    IF sipros_ve_por_programas() THEN
        partes := partes
            -- (OFFSET 0: a probe per row, never a hash of every application of the scope)
            || format('EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = %s.id%s OFFSET 0)',
                      p_alias,
                      CASE WHEN estatal THEN '' ELSE format(' AND s.convocatoria_id = ANY (%L::integer[])',
                                                            sipros_convocatorias_visibles()) END)
            || format('EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = %s.id%s OFFSET 0)',
                      p_alias,
                      CASE WHEN estatal THEN '' ELSE format(' AND b.programa_id = ANY (%L::integer[])',
                                                            sipros_programas_visibles()) END);
    END IF;
    IF sipros_es_ventanilla() THEN
        partes := partes
            || format('%s.id = ANY (%L::bigint[])', p_alias, sipros_atendidos())
            || format('(%1$s.registrado_por = session_user::text AND %1$s.creado >= current_date)',
                      p_alias);
    END IF;
    IF cardinality(partes) = 0 THEN
        RETURN 'false';
    END IF;
    RETURN '(' || array_to_string(partes, ' OR ') || ')';
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_alcance_ciudadano_sql(text) FROM PUBLIC;

-- The applications of a citizen the caller may count (solicitud's own policy, as SQL text)
CREATE FUNCTION sipros_alcance_solicitud_sql(p_alias text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_alcance_estatal() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN 'true';
    END IF;
    RETURN format('%s.convocatoria_id = ANY (%L::integer[])', p_alias,
                  sipros_convocatorias_visibles());
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_alcance_solicitud_sql(text) FROM PUBLIC;

-- The same scope as a set of citizen ids (NULL: every citizen), to count a scope whole: one
-- pass over the applications and benefits instead of a probe per citizen of the registry.
CREATE FUNCTION sipros_alcance_ciudadano_ids_sql() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    partes text[] := '{}';
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN NULL;
    END IF;
    IF sipros_ve_por_programas() THEN
        partes := partes
            || ('SELECT s.ciudadano_id FROM solicitud s WHERE ' || sipros_alcance_solicitud_sql('s'))
            || CASE WHEN sipros_alcance_estatal() THEN 'SELECT b.ciudadano_id FROM beneficio b'
                    ELSE format('SELECT b.ciudadano_id FROM beneficio b WHERE b.programa_id = '
                                'ANY (%L::integer[])', sipros_programas_visibles()) END;
    END IF;
    IF sipros_es_ventanilla() THEN
        partes := partes
            || format('SELECT unnest(%L::bigint[])', sipros_atendidos())
            || 'SELECT x.id FROM ciudadano x WHERE x.registrado_por = session_user::text '
               'AND x.creado >= current_date'::text;
    END IF;
    IF cardinality(partes) = 0 THEN
        RETURN 'SELECT NULL::bigint WHERE false';
    END IF;
    RETURN array_to_string(partes, ' UNION ');
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_alcance_ciudadano_ids_sql() FROM PUBLIC;

-- Where a search over citizens starts: the whole table, or for the front desk the handful of
-- citizens it is serving, found from their side (never by walking a million rows)
CREATE FUNCTION sipros_fuente_ciudadano_sql() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_ve_todo_personal() OR sipros_ve_por_programas() THEN
        RETURN 'ciudadano c';
    END IF;
    -- (an array, so the planner probes the primary key instead of matching names first)
    RETURN 'ciudadano c JOIN unnest(ARRAY(SELECT unnest(sipros_atendidos()) UNION '
        || 'SELECT x.id FROM ciudadano x WHERE x.registrado_por = session_user::text '
        || 'AND x.creado >= current_date)) AS k(cid) ON k.cid = c.id';
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_fuente_ciudadano_sql() FROM PUBLIC;

-- The search condition of the Ciudadanos box, as SQL text over alias c: $1 is the value
CREATE FUNCTION sipros_criterio_ciudadano_sql(p_tipo text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE p_tipo
        WHEN 'todos' THEN 'true'
        WHEN 'curp' THEN 'c.curp = $1'
        -- a range, so the CURP index serves it (the prefix holds only [A-Z0-9] < '~')
        WHEN 'prefijo_curp' THEN 'c.curp >= $1 AND c.curp < $1 || ''~'''
        WHEN 'nombre' THEN 'c.nombre_busqueda @@ to_tsquery(''simple''::regconfig, $1)'
    END
$$;
REVOKE EXECUTE ON FUNCTION sipros_criterio_ciudadano_sql(text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The front desk: one citizen by exact CURP. Logged, and the citizen joins the clerk's
-- citizens of today (their file can then be read and corrected through the policies above).
-- Returns the citizen's id, or NULL when the CURP has no file.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_abrir_expediente(p_curp text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := upper(btrim(coalesce(p_curp, '')));
    encontrado bigint;
BEGIN
    -- (the owner too: maintenance and the command line)
    IF NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla abre expedientes por CURP.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.id INTO encontrado FROM ciudadano c WHERE c.curp = buscada;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(buscada, 18),
            jsonb_build_object('motivo', 'Expediente por CURP', 'encontrado', encontrado IS NOT NULL));
    IF encontrado IS NOT NULL THEN
        INSERT INTO atencion (usuario, ciudadano_id) VALUES (session_user, encontrado)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN encontrado;
END
$$;

-- Letters two names share (as multisets, spaces included), for the duplicate check: twice this
-- over the sum of the lengths bounds from above the similarity the client computes (Python's
-- SequenceMatcher ratio), so filtering with it never drops a real candidate.
CREATE FUNCTION sipros_letras_comunes(a text, b text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(sum(least(x.n, y.n)), 0)::integer
    FROM (SELECT ch, count(*) AS n FROM regexp_split_to_table(a, '') ch GROUP BY ch) x
    JOIN (SELECT ch, count(*) AS n FROM regexp_split_to_table(b, '') ch GROUP BY ch) y USING (ch)
$$;

-- As the client normalizes names for the comparison: no accents, Ñ as N, letters and spaces
CREATE FUNCTION sipros_nombre_comparable(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT btrim(regexp_replace(translate(sipros_normaliza(coalesce(t, '')), 'Ñ', 'N'),
                                '[^A-Z]+', ' ', 'g'))
$$;

-- Possible duplicates of a capture: same birth date and sex, a similar name, another CURP. Only
-- what the clerk needs to decide; each call logged.
CREATE FUNCTION sipros_candidatos_duplicado(p_curp text, p_nombre text, p_paterno text,
                                            p_materno text, p_nacimiento date, p_sexo text)
    RETURNS TABLE (id bigint, curp text, nombre text, apellido_paterno text,
                   apellido_materno text, fecha_nacimiento date, municipio text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    qn text := sipros_nombre_comparable(p_nombre);
    qs text := sipros_nombre_comparable(p_paterno) || ' ' || sipros_nombre_comparable(p_materno);
    n integer;
BEGIN
    -- (the owner too: maintenance and the command line)
    IF NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla busca posibles duplicados.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF qn = '' OR btrim(qs) = '' OR p_nacimiento IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT c.id, c.curp::text, c.nombre, c.apellido_paterno, c.apellido_materno,
           c.fecha_nacimiento,
           (SELECT m.nombre FROM domicilio d JOIN municipio m ON m.id = d.municipio_id
            WHERE d.ciudadano_id = c.id)
    FROM ciudadano c
    CROSS JOIN LATERAL (SELECT sipros_nombre_comparable(c.nombre) AS cn,
                               sipros_nombre_comparable(c.apellido_paterno) || ' '
                               || sipros_nombre_comparable(c.apellido_materno) AS cs) k
    WHERE c.fecha_nacimiento = p_nacimiento AND c.sexo = p_sexo
      AND c.curp <> upper(btrim(coalesce(p_curp, '')))
      -- the client's threshold is 0.8; 0.75 leaves room for rare letters normalized apart
      AND 0.4 * 2 * sipros_letras_comunes(qn, k.cn) / greatest(length(qn) + length(k.cn), 1)
          + 0.6 * 2 * sipros_letras_comunes(qs, k.cs) / greatest(length(qs) + length(k.cs), 1)
          >= 0.75;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(upper(btrim(coalesce(p_curp, ''))), 18),
            jsonb_build_object('motivo', 'Posibles duplicados', 'candidatos', n));
END
$$;

-- ---------------------------------------------------------------------------
-- The Ciudadanos search: one page in the requested order after a keyset cursor, within the
-- caller's scope. p_tipo/p_valor as the client understood the search box (todos, curp,
-- prefijo_curp, nombre with a sanitized tsquery); p_umbral: up to this many estimated name
-- matches, take them all through the name index and sort them, else walk the sort index.
-- An exact CURP typed by a front-desk clerk opens that citizen's file (logged).
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_ciudadanos_pagina(p_tipo text, p_valor text, p_orden text,
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
    IF p_tipo = 'nombre' AND fuente = 'ciudadano c' THEN
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

CREATE FUNCTION sipros_ciudadanos_contar(p_tipo text, p_valor text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    criterio text := sipros_criterio_ciudadano_sql(p_tipo);
    n bigint;
BEGIN
    IF criterio IS NULL THEN
        RAISE EXCEPTION 'Búsqueda no válida (tipo «%»).', p_tipo;
    END IF;
    IF p_tipo = 'todos' AND sipros_alcance_ciudadano_ids_sql() IS NOT NULL THEN
        EXECUTE 'SELECT count(*) FROM (' || sipros_alcance_ciudadano_ids_sql() || ') k' INTO n;
        RETURN n;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s WHERE %s AND %s', sipros_fuente_ciudadano_sql(),
                   criterio, sipros_alcance_ciudadano_sql('c'))
        INTO n USING p_valor;
    RETURN n;
END
$$;

-- Citizens whose name matches (ids only, within the caller's scope): the Solicitudes queue
-- filters its applications by them.
CREATE FUNCTION sipros_ciudadanos_con_nombre(p_tsquery text) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
BEGIN
    RETURN QUERY EXECUTE format('SELECT c.id FROM %s WHERE %s AND %s',
                                sipros_fuente_ciudadano_sql(),
                                sipros_criterio_ciudadano_sql('nombre'),
                                sipros_alcance_ciudadano_sql('c'))
    USING p_tsquery;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_abrir_expediente(text),
    sipros_candidatos_duplicado(text, text, text, text, date, text),
    sipros_ciudadanos_pagina(text, text, text, boolean, text, bigint, integer, integer),
    sipros_ciudadanos_contar(text, text), sipros_ciudadanos_con_nombre(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_abrir_expediente(text),
    sipros_candidatos_duplicado(text, text, text, text, date, text) TO sipros_ventanilla;
GRANT EXECUTE ON FUNCTION
    sipros_ciudadanos_pagina(text, text, text, boolean, text, bigint, integer, integer),
    sipros_ciudadanos_contar(text, text), sipros_ciudadanos_con_nombre(text)
    TO sipros_personal;

-- ---------------------------------------------------------------------------
-- The last-administrator rule refuses only a change that removes the last active
-- administrator: in a database managed from the command line (no administrator yet) any other
-- user can still be edited or deactivated.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_hay_administrador() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.activo AND 'administrador' = ANY (sipros_perfiles_de(f.usuario)))
$$;
REVOKE EXECUTE ON FUNCTION sipros_hay_administrador() FROM PUBLIC;

CREATE OR REPLACE FUNCTION sipros_usuario_editar(
    p_usuario text, p_nombre text, p_correo text, p_perfiles text[],
    p_dependencia text, p_area text, p_alcance text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    asignacion record;
    habia boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF nullif(btrim(p_nombre), '') IS NULL THEN
        RAISE EXCEPTION 'Escriba el nombre del funcionario.';
    END IF;
    asignacion := sipros_validar_asignacion(p_perfiles, p_dependencia, p_area, p_alcance);
    PERFORM sipros_asignar_perfiles(p_usuario, p_perfiles);
    UPDATE funcionario
    SET nombre = btrim(p_nombre), correo = nullif(btrim(p_correo), ''),
        dependencia_id = asignacion.dependencia_id, area_id = asignacion.area_id,
        alcance = p_alcance, actualizado = now()
    WHERE usuario = p_usuario;
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador activo.';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION sipros_usuario_activar(p_usuario text, p_activo boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    habia boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF NOT p_activo AND p_usuario = session_user THEN
        RAISE EXCEPTION 'No puede desactivar su propio usuario; pídalo a otro administrador.';
    END IF;
    UPDATE funcionario SET activo = p_activo, actualizado = now() WHERE usuario = p_usuario;
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador activo.';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', p_usuario, CASE WHEN p_activo THEN 'LOGIN' ELSE 'NOLOGIN' END);
    IF NOT p_activo THEN
        -- open sessions end now, not at their next login
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = p_usuario;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- The municipality of an application: the citizen's at filing, kept on the application (set by
-- the database, never by the client). The queue filters and counts by it without reading the
-- addresses, which are personal data under row-level security: 2 M applications of one
-- municipality counted in one index pass instead of a join with a million addresses.
-- ---------------------------------------------------------------------------
ALTER TABLE solicitud ADD COLUMN municipio_id integer REFERENCES municipio(id);
ALTER TABLE solicitud DISABLE TRIGGER USER;  -- a backfill, not a change of any application
UPDATE solicitud s SET municipio_id = d.municipio_id
FROM domicilio d WHERE d.ciudadano_id = s.ciudadano_id;
ALTER TABLE solicitud ENABLE TRIGGER USER;
INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
SELECT session_user, 'solicitud', 'UPDATE', 'municipio de la solicitud',
       jsonb_build_object('solicitudes', count(*)) FROM solicitud;
CREATE INDEX solicitud_municipio_idx ON solicitud (municipio_id, convocatoria_id, estado);

CREATE FUNCTION sipros_solicitud_municipio() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.municipio_id := (SELECT d.municipio_id FROM domicilio d
                             WHERE d.ciudadano_id = NEW.ciudadano_id);
    ELSE
        NEW.municipio_id := OLD.municipio_id;
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_solicitud_municipio() FROM PUBLIC;
CREATE TRIGGER solicitud_municipio BEFORE INSERT OR UPDATE OF municipio_id ON solicitud
    FOR EACH ROW EXECUTE FUNCTION sipros_solicitud_municipio();
