-- SIPROS Escritorio: the form designer.
--
-- Administrators build the socio-economic forms in the app. A draft (one per form key) is
-- saved and resumed; publishing writes a new immutable version. The database checks every
-- definition it is given (from the designer, from an imported JSON or from psql): sections
-- with questions, unique keys, known types, choices for choice questions, repeatable groups
-- with their own questions, conditions on an earlier question, «same as» pointing to a key of
-- an earlier version; and it numbers the versions itself, one after the other.

-- ---------------------------------------------------------------------------
-- What is wrong with a definition (empty when nothing): one line per problem, in Spanish
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_formulario_problemas(p_clave text, p_definicion jsonb) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    problemas text[] := '{}';
    vistas text[] := '{}';
    anteriores text[];
    s jsonb;
    q jsonb;
    sub jsonb;
    subvistas text[];
    i integer := 0;
    donde text;
    tipos text[] := ARRAY['texto', 'numero', 'fecha', 'opcion', 'multiple', 'si_no', 'grupo'];
BEGIN
    IF jsonb_typeof(p_definicion -> 'secciones') <> 'array'
       OR jsonb_array_length(p_definicion -> 'secciones') = 0 THEN
        RETURN ARRAY['El formulario no tiene secciones.'];
    END IF;
    -- keys of the earlier versions of this form (for «same as»)
    SELECT coalesce(array_agg(DISTINCT k), '{}') INTO anteriores
    FROM formulario f,
         jsonb_array_elements(f.definicion -> 'secciones') se,
         jsonb_array_elements(se -> 'preguntas') pr,
         LATERAL (SELECT pr ->> 'clave' AS k) x
    WHERE f.clave = p_clave;
    FOR s IN SELECT * FROM jsonb_array_elements(p_definicion -> 'secciones') LOOP
        i := i + 1;
        donde := 'Sección ' || i || coalesce(' «' || nullif(btrim(s ->> 'titulo'), '') || '»', '');
        IF coalesce(btrim(s ->> 'titulo'), '') = '' THEN
            problemas := problemas || (donde || ': le falta el título.');
        END IF;
        IF jsonb_typeof(s -> 'preguntas') <> 'array' OR jsonb_array_length(s -> 'preguntas') = 0
        THEN
            problemas := problemas || (donde || ': está vacía; agregue preguntas o quítela.');
            CONTINUE;
        END IF;
        FOR q IN SELECT * FROM jsonb_array_elements(s -> 'preguntas') LOOP
            IF coalesce(q ->> 'clave', '') !~ '^[a-z][a-z0-9_]{0,39}$' THEN
                problemas := problemas || (donde || ': la clave «' || coalesce(q ->> 'clave', '')
                    || '» no es válida (minúsculas, números o guion bajo, empezando con letra).');
                CONTINUE;
            END IF;
            IF q ->> 'clave' = ANY (vistas) THEN
                problemas := problemas || ('La clave «' || (q ->> 'clave') || '» está repetida.');
            END IF;
            IF NOT coalesce(q ->> 'tipo', '') = ANY (tipos) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: tipo desconocido «'
                    || coalesce(q ->> 'tipo', '') || '».');
            END IF;
            IF coalesce(btrim(q ->> 'texto'), '') = '' THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: le falta el texto.');
            END IF;
            IF q ->> 'tipo' IN ('opcion', 'multiple')
               AND (jsonb_typeof(q -> 'opciones') IS DISTINCT FROM 'array'
                    OR jsonb_array_length(q -> 'opciones') = 0) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: no tiene opciones.');
            END IF;
            IF q ? 'si' AND NOT coalesce(q -> 'si' ->> 'pregunta', '') = ANY (vistas) THEN
                problemas := problemas || ('«' || (q ->> 'clave')
                    || '»: su condición depende de «' || coalesce(q -> 'si' ->> 'pregunta', '')
                    || '», que no es una pregunta anterior.');
            END IF;
            IF q ? 'equivale' AND NOT coalesce(q ->> 'equivale', '') = ANY (anteriores) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: «igual a» «'
                    || coalesce(q ->> 'equivale', '') || '» no es una pregunta de una versión '
                    || 'anterior de ' || p_clave || '.');
            END IF;
            IF q ->> 'tipo' = 'grupo' THEN
                IF jsonb_typeof(q -> 'preguntas') IS DISTINCT FROM 'array'
                   OR jsonb_array_length(q -> 'preguntas') = 0 THEN
                    problemas := problemas || ('El grupo «' || (q ->> 'clave')
                        || '» no tiene preguntas.');
                ELSE
                    subvistas := '{}';
                    FOR sub IN SELECT * FROM jsonb_array_elements(q -> 'preguntas') LOOP
                        IF coalesce(sub ->> 'clave', '') !~ '^[a-z][a-z0-9_]{0,39}$'
                           OR sub ->> 'clave' = ANY (subvistas) THEN
                            problemas := problemas || ('El grupo «' || (q ->> 'clave')
                                || '» tiene una clave vacía, inválida o repetida.');
                        ELSIF NOT coalesce(sub ->> 'tipo', '') = ANY (tipos[1:6]) THEN
                            problemas := problemas || ('«' || (q ->> 'clave') || '.'
                                || (sub ->> 'clave') || '»: tipo no permitido en un grupo.');
                        ELSIF sub ->> 'tipo' IN ('opcion', 'multiple')
                              AND (jsonb_typeof(sub -> 'opciones') IS DISTINCT FROM 'array'
                                   OR jsonb_array_length(sub -> 'opciones') = 0) THEN
                            problemas := problemas || ('«' || (q ->> 'clave') || '.'
                                || (sub ->> 'clave') || '»: no tiene opciones.');
                        END IF;
                        subvistas := subvistas || (sub ->> 'clave');
                    END LOOP;
                END IF;
            END IF;
            vistas := vistas || (q ->> 'clave');
        END LOOP;
    END LOOP;
    RETURN problemas;
END
$$;
GRANT EXECUTE ON FUNCTION sipros_formulario_problemas(text, jsonb) TO sipros_personal;

-- A published version: checked, numbered after the last one of its key, who and when.
ALTER TABLE formulario ADD COLUMN publicado_por text;
UPDATE formulario SET publicado_por = current_user;
ALTER TABLE formulario ALTER COLUMN publicado_por SET NOT NULL,
                       ALTER COLUMN publicado_por SET DEFAULT session_user;

CREATE FUNCTION sipros_formulario_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    problemas text[];
BEGIN
    -- versions of one key are numbered one after the other, even when two publish at once
    PERFORM pg_advisory_xact_lock(hashtext('sipros_formulario:' || NEW.clave));
    problemas := sipros_formulario_problemas(NEW.clave, NEW.definicion);
    IF cardinality(problemas) > 0 THEN
        RAISE EXCEPTION 'El formulario no se publicó: %', array_to_string(problemas, ' ')
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.version := coalesce((SELECT max(version) FROM formulario WHERE clave = NEW.clave), 0) + 1;
    NEW.creado := now();
    NEW.publicado_por := session_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER formulario_alta BEFORE INSERT ON formulario
    FOR EACH ROW EXECUTE FUNCTION sipros_formulario_alta();

-- ---------------------------------------------------------------------------
-- Drafts: one per form key, saved and resumed; never used by a call or a capture
-- ---------------------------------------------------------------------------
CREATE TABLE formulario_borrador (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clave           varchar(30) NOT NULL UNIQUE CHECK (clave ~ '^[A-Z0-9_-]+$'),
    nombre          text NOT NULL CHECK (btrim(nombre) <> '' AND length(nombre) <= 200),
    definicion      jsonb NOT NULL CHECK (jsonb_typeof(definicion -> 'secciones') = 'array'),
    basado_en       integer REFERENCES formulario(id),
    creado          timestamptz NOT NULL DEFAULT now(),
    creado_por      text NOT NULL DEFAULT session_user,
    actualizado     timestamptz NOT NULL DEFAULT now(),
    actualizado_por text NOT NULL DEFAULT session_user
);
CREATE TRIGGER formulario_borrador_quien_cuando BEFORE INSERT OR UPDATE ON formulario_borrador
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('actualizado_por', 'actualizado');
GRANT SELECT, INSERT, UPDATE, DELETE ON formulario_borrador TO sipros_administrador;
DO $$
BEGIN
    EXECUTE 'CREATE TRIGGER formulario_borrador_bitacora_ins AFTER INSERT ON formulario_borrador '
            'REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT '
            'EXECUTE FUNCTION sipros_bitacora_registrar()';
    EXECUTE 'CREATE TRIGGER formulario_borrador_bitacora_upd AFTER UPDATE ON formulario_borrador '
            'REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos FOR EACH STATEMENT '
            'EXECUTE FUNCTION sipros_bitacora_registrar()';
    EXECUTE 'CREATE TRIGGER formulario_borrador_bitacora_del AFTER DELETE ON formulario_borrador '
            'REFERENCING OLD TABLE AS viejos FOR EACH STATEMENT '
            'EXECUTE FUNCTION sipros_bitacora_registrar()';
END
$$;

-- Which calls use each version and how many answers each has (the list of forms).
CREATE FUNCTION sipros_formularios_uso()
    RETURNS TABLE (formulario_id integer, convocatorias text[], respuestas bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT f.id,
           coalesce((SELECT array_agg(c.clave ORDER BY c.clave) FROM convocatoria c
                     WHERE c.formulario_id = f.id), '{}'),
           (SELECT count(*) FROM cuestionario q WHERE q.formulario_id = f.id)
           + (SELECT count(*) FROM solicitud s WHERE s.formulario_id = f.id)
    FROM formulario f
$$;
REVOKE EXECUTE ON FUNCTION sipros_formularios_uso() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formularios_uso() TO sipros_administrador;

-- ---------------------------------------------------------------------------
-- Answers over time: the comparable key of every question of every version. A question
-- marked «igual a» (equivale) a key of an earlier version continues that key's chain; a
-- question keeping its key continues its own. Each chain is named by its newest key and text,
-- so a report counts «dormitorios» of 2027 together with «cuartos» of 2026.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_formulario_raices()
    RETURNS TABLE (formulario_id integer, clave_formulario text, version integer, clave text,
                   raiz text, texto text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f record;
    q jsonb;
    raices jsonb := '{}';  -- "FORM/key" → root key, as of the versions seen so far
    r text;
BEGIN
    FOR f IN SELECT x.id, x.clave, x.version, x.definicion FROM formulario x
             ORDER BY x.clave, x.version LOOP
        FOR q IN SELECT p FROM jsonb_array_elements(f.definicion -> 'secciones') s,
                               jsonb_array_elements(s -> 'preguntas') p LOOP
            r := coalesce(raices ->> (f.clave || '/' || coalesce(q ->> 'equivale', '')),
                          raices ->> (f.clave || '/' || (q ->> 'clave')),
                          q ->> 'clave');
            raices := raices || jsonb_build_object(f.clave || '/' || (q ->> 'clave'), r);
            formulario_id := f.id;
            clave_formulario := f.clave;
            version := f.version;
            clave := q ->> 'clave';
            raiz := r;
            texto := q ->> 'texto';
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;

CREATE FUNCTION sipros_formulario_equivalencias()
    RETURNS TABLE (formulario_id integer, clave_formulario text, version integer, clave text,
                   clave_comun text, texto_comun text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT r.formulario_id, r.clave_formulario, r.version, r.clave,
           first_value(r.clave) OVER w, first_value(r.texto) OVER w
    FROM sipros_formulario_raices() r
    WINDOW w AS (PARTITION BY r.clave_formulario, r.raiz ORDER BY r.version DESC)
$$;
GRANT EXECUTE ON FUNCTION sipros_formulario_raices(), sipros_formulario_equivalencias()
    TO sipros_personal;

-- ---------------------------------------------------------------------------
-- Backups: pg_restore runs with an empty search_path, so a function that a CHECK constraint
-- calls must name the functions it calls with their schema (a restore failed on the CURP
-- check of the first citizen).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_curp_valida(c text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT c ~ ('^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]'
                '(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR'
                '|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$')
       AND substr(c, 18, 1)::integer = public.sipros_curp_digito(c)
$$;
