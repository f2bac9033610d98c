-- As the client normalizes names for the comparison: no accents, Ñ as N, letters and spaces
CREATE OR REPLACE FUNCTION sipros_nombre_comparable(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT btrim(regexp_replace(translate(sipros_normaliza(coalesce(t, '')), 'Ñ', 'N'),
                                '[^A-Z]+', ' ', 'g'))
$$;
