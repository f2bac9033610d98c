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

GRANT EXECUTE ON FUNCTION sipros_formulario_problemas(text, jsonb) TO sipros_personal;
