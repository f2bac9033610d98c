-- CURP check digit: alphabet 0-9A-NÑO-Z, weights 18..2, (10 - sum mod 10) mod 10.
-- One arithmetic expression (no FROM, no set-returning function) so PostgreSQL inlines it.
CREATE OR REPLACE FUNCTION sipros_curp_digito(c text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (10 - (
          (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 1, 1)) - 1) * 18
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 2, 1)) - 1) * 17
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 3, 1)) - 1) * 16
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 4, 1)) - 1) * 15
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 5, 1)) - 1) * 14
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 6, 1)) - 1) * 13
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 7, 1)) - 1) * 12
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 8, 1)) - 1) * 11
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 9, 1)) - 1) * 10
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 10, 1)) - 1) * 9
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 11, 1)) - 1) * 8
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 12, 1)) - 1) * 7
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 13, 1)) - 1) * 6
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 14, 1)) - 1) * 5
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 15, 1)) - 1) * 4
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 16, 1)) - 1) * 3
        + (strpos('0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ', substr(c, 17, 1)) - 1) * 2
    ) % 10) % 10
$$;
