-- Upper case, no accents, single spaces. Does not depend on the server locale:
-- accented and ñ letters are translated explicitly before upper().
CREATE OR REPLACE FUNCTION sipros_normaliza(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        upper(translate(t,
            'áéíóúàèìòùäëïöüâêîôûñÁÉÍÓÚÀÈÌÒÙÄËÏÖÜÂÊÎÔÛ',
            'aeiouaeiouaeiouaeiouÑAEIOUAEIOUAEIOUAEIOU')),
        '[^A-Z0-9Ñ]+', ' ', 'g'))
$$;
