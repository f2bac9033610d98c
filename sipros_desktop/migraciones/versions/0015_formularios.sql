-- 0015: formularios — the limits of a form definition, in the database too.
--
-- An administrator may INSERT into formulario / formulario_borrador from psql. A definition
-- nested 5,000 levels deep broke every client that reads the list of forms (RecursionError
-- in the JSON decoder), and a 20 MB label froze the screens that show it. The database now
-- refuses what the application refuses (servicios/formularios.py, the same numbers):
--   * MAX_BYTES_JSON   1 MB: the definition as JSON text (definicion::text)
--   * MAX_NIVELES_JSON 12:   nesting of objects and arrays (the root object is level 1)
--   * per field, on publication: form name 200 characters, section title 200, question text
--     500, help 1,000, at most 500 choices of 200 characters each.
-- Drafts (formulario_borrador) may have problems, but not over size and depth. The checks do
-- bounded work: the depth first, asked of jsonpath down to level 12 only (no recursion over
-- the document), then the size, before anything else walks it. Rows stored before this migration
-- are not rewritten (a published version never changes): the clients read them as text and
-- refuse to open one over the limits, with a Spanish message, instead of failing.

-- ---------------------------------------------------------------------------
-- Over the limits of size or depth? NULL when not; else the reason, in Spanish
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_formulario_excede(p_definicion jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    bytes integer;
BEGIN
    IF p_definicion IS NULL THEN
        RETURN NULL;
    END IF;
    -- a container at level 12 (the root is level 0 for jsonpath) is nesting level 13:
    -- .**{12} visits the first 12 levels only, whatever lies below
    IF jsonb_path_exists(p_definicion,
                         'strict $.**{12} ? (@.type() == "object" || @.type() == "array")') THEN
        RETURN 'la definición está anidada a más de 12 niveles; un formulario usa a lo más 12';
    END IF;
    bytes := octet_length(p_definicion::text);
    IF bytes > 1048576 THEN
        RETURN 'la definición pesa ' || to_char(bytes / 1048576.0, 'FM999990.0')
            || ' MB; un formulario pesa a lo más 1 MB';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_formulario_excede(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_excede(jsonb) TO sipros_personal;

-- Text a user wrote, quoted in a message: at most 60 characters (a long title repeated in each
-- problem of its section made a message of megabytes)
CREATE FUNCTION sipros_formulario_eco(p text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN length(p) > 60 THEN left(p, 59) || '…' ELSE p END
$$;
REVOKE EXECUTE ON FUNCTION sipros_formulario_eco(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_eco(text) TO sipros_personal;

-- The fields of one question over their length (its key already checked): text, help, choices
CREATE FUNCTION sipros_formulario_largos(p_clave text, q jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
    SELECT array_remove(ARRAY[
        CASE WHEN length(q ->> 'texto') > 500
             THEN '«' || p_clave || '»: el texto pasa de 500 caracteres.' END,
        CASE WHEN length(q ->> 'ayuda') > 1000
             THEN '«' || p_clave || '»: la ayuda pasa de 1,000 caracteres.' END,
        CASE WHEN jsonb_typeof(q -> 'opciones') = 'array'
                  AND jsonb_array_length(q -> 'opciones') > 500
             THEN '«' || p_clave || '»: tiene más de 500 opciones.'
             WHEN jsonb_typeof(q -> 'opciones') = 'array'
                  AND EXISTS (SELECT FROM jsonb_array_elements(q -> 'opciones') o
                              WHERE jsonb_typeof(o) <> 'string' OR length(o #>> '{}') > 200)
             THEN '«' || p_clave || '»: cada opción es un texto de hasta 200 caracteres.' END
    ], NULL)
$$;
REVOKE EXECUTE ON FUNCTION sipros_formulario_largos(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_largos(text, jsonb) TO sipros_personal;

-- ---------------------------------------------------------------------------
-- What is wrong with a definition (0014), now with the limits first and per field, and every
-- quoted text shortened
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_formulario_problemas(p_clave text, p_definicion jsonb)
    RETURNS text[]
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
    excede text;
    tipos text[] := ARRAY['texto', 'numero', 'fecha', 'opcion', 'multiple', 'si_no', 'grupo'];
BEGIN
    excede := sipros_formulario_excede(p_definicion);
    IF excede IS NOT NULL THEN
        RETURN ARRAY[upper(left(excede, 1)) || substr(excede, 2) || '.'];
    END IF;
    IF jsonb_typeof(p_definicion -> 'secciones') IS DISTINCT FROM 'array'
       OR jsonb_array_length(p_definicion -> 'secciones') = 0 THEN
        RETURN ARRAY['El formulario no tiene secciones.'];
    END IF;
    -- keys of the earlier versions of this form (for «same as»)
    SELECT coalesce(array_agg(DISTINCT k), '{}') INTO anteriores
    FROM formulario f,
         jsonb_array_elements(CASE WHEN jsonb_typeof(f.definicion -> 'secciones') = 'array'
                                   THEN f.definicion -> 'secciones' ELSE '[]' END) se,
         jsonb_array_elements(CASE WHEN jsonb_typeof(se -> 'preguntas') = 'array'
                                   THEN se -> 'preguntas' ELSE '[]' END) pr,
         LATERAL (SELECT pr ->> 'clave' AS k) x
    WHERE f.clave = p_clave;
    FOR s IN SELECT * FROM jsonb_array_elements(p_definicion -> 'secciones') LOOP
        i := i + 1;
        donde := 'Sección ' || i || coalesce(' «'
            || sipros_formulario_eco(nullif(btrim(s ->> 'titulo'), '')) || '»', '');
        IF jsonb_typeof(s) IS DISTINCT FROM 'object' THEN
            problemas := problemas || (donde || ': debe ser un objeto con título y preguntas.');
            CONTINUE;
        END IF;
        IF coalesce(btrim(s ->> 'titulo'), '') = '' THEN
            problemas := problemas || (donde || ': le falta el título.');
        ELSIF length(s ->> 'titulo') > 200 THEN
            problemas := problemas || (donde || ': el título pasa de 200 caracteres.');
        END IF;
        IF jsonb_typeof(s -> 'preguntas') IS DISTINCT FROM 'array'
           OR jsonb_array_length(s -> 'preguntas') = 0 THEN
            problemas := problemas || (donde || ': está vacía; agregue preguntas o quítela.');
            CONTINUE;
        END IF;
        FOR q IN SELECT * FROM jsonb_array_elements(s -> 'preguntas') LOOP
            IF coalesce(q ->> 'clave', '') !~ '^[a-z][a-z0-9_]{0,39}$' THEN
                problemas := problemas || (donde || ': la clave «'
                    || sipros_formulario_eco(coalesce(q ->> 'clave', ''))
                    || '» no es válida (minúsculas, números o guion bajo, empezando con letra).');
                CONTINUE;
            END IF;
            IF q ->> 'clave' = ANY (vistas) THEN
                problemas := problemas || ('La clave «' || (q ->> 'clave') || '» está repetida.');
            END IF;
            IF NOT coalesce(q ->> 'tipo', '') = ANY (tipos) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: tipo desconocido «'
                    || sipros_formulario_eco(coalesce(q ->> 'tipo', '')) || '».');
            END IF;
            IF coalesce(btrim(q ->> 'texto'), '') = '' THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: le falta el texto.');
            END IF;
            problemas := problemas || sipros_formulario_largos(q ->> 'clave', q);
            IF q ->> 'tipo' IN ('opcion', 'multiple')
               AND (jsonb_typeof(q -> 'opciones') IS DISTINCT FROM 'array'
                    OR jsonb_array_length(q -> 'opciones') = 0) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: no tiene opciones.');
            END IF;
            IF q ? 'si' AND NOT coalesce(q -> 'si' ->> 'pregunta', '') = ANY (vistas) THEN
                problemas := problemas || ('«' || (q ->> 'clave')
                    || '»: su condición depende de «'
                    || sipros_formulario_eco(coalesce(q -> 'si' ->> 'pregunta', ''))
                    || '», que no es una pregunta anterior.');
            END IF;
            IF q ? 'equivale' AND NOT coalesce(q ->> 'equivale', '') = ANY (anteriores) THEN
                problemas := problemas || ('«' || (q ->> 'clave') || '»: «igual a» «'
                    || sipros_formulario_eco(coalesce(q ->> 'equivale', ''))
                    || '» no es una pregunta de una versión anterior de '
                    || sipros_formulario_eco(p_clave) || '.');
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
                        ELSE
                            problemas := problemas || sipros_formulario_largos(
                                (q ->> 'clave') || '.' || (sub ->> 'clave'), sub);
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

-- A published version (0014): the limits and the name's length before anything else
CREATE OR REPLACE FUNCTION sipros_formulario_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    problemas text[];
BEGIN
    IF length(NEW.nombre) > 200 THEN
        RAISE EXCEPTION 'El formulario no se publicó: el nombre pasa de 200 caracteres.'
            USING ERRCODE = 'check_violation';
    END IF;
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
REVOKE EXECUTE ON FUNCTION sipros_formulario_alta() FROM PUBLIC;

-- A draft may have problems, but not over the limits of size and depth
CREATE FUNCTION sipros_formulario_borrador_limites() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    excede text := sipros_formulario_excede(NEW.definicion);
BEGIN
    IF excede IS NOT NULL THEN
        RAISE EXCEPTION 'El borrador de % no se guardó: %.', NEW.clave, excede
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_formulario_borrador_limites() FROM PUBLIC;
CREATE TRIGGER formulario_borrador_limites BEFORE INSERT OR UPDATE OF definicion
    ON formulario_borrador
    FOR EACH ROW EXECUTE FUNCTION sipros_formulario_borrador_limites();
