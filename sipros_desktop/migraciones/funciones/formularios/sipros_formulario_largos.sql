-- The fields of one question over their length (its key already checked): text, help, choices
CREATE OR REPLACE FUNCTION sipros_formulario_largos(p_clave text, q jsonb) RETURNS text[]
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
