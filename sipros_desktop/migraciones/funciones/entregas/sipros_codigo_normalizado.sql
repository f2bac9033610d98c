-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------
-- As scanners and people type a code: only letters and digits, upper case, and Crockford's
-- readings of the letters the alphabet leaves out (O is 0; I and L are 1).
CREATE OR REPLACE FUNCTION sipros_codigo_normalizado(p text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT translate(upper(regexp_replace(coalesce(p, ''), '[^0-9A-Za-z]+', '', 'g')), 'OIL', '011')
$$;
