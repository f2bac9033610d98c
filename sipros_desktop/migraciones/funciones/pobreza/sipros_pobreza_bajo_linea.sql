-- ---------------------------------------------------------------------------
-- Whether an income per person (the interval of sipros_pobreza_ingreso) is under a poverty
-- line: the urban one for an urban locality (2,500 inhabitants or more), the rural one for a
-- rural locality; when the locality's ámbito is unknown, under both or over both decides.
-- NULL: the answers (or the missing lines) cannot decide.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_bajo_linea(
    p_minimo numeric, p_maximo numeric, p_ambito char, p_urbana numeric, p_rural numeric)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN p_maximo < CASE p_ambito WHEN 'U' THEN p_urbana WHEN 'R' THEN p_rural
                                              ELSE least(p_urbana, p_rural) END THEN true
                WHEN p_minimo >= CASE p_ambito WHEN 'U' THEN p_urbana WHEN 'R' THEN p_rural
                                               ELSE greatest(p_urbana, p_rural) END THEN false
           END
$$;
