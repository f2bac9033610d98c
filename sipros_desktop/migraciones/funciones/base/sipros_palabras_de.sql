-- The distinct words of a sort key (words are [A-Z0-9Ñ]+ separated by one space).
CREATE OR REPLACE FUNCTION sipros_palabras_de(nombre_orden text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(nombre_orden, ' ') AS w WHERE w <> ''
$$;
