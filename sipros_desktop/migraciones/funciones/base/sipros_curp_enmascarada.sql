-- What vouchers and screens show of a CURP: its first four and last two characters.
CREATE OR REPLACE FUNCTION sipros_curp_enmascarada(p_curp text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT left(p_curp, 4) || repeat('*', 12) || right(p_curp, 2)
$$;
