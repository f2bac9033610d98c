-- ---------------------------------------------------------------------------
-- Backups: pg_restore runs with an empty search_path, so a function that a CHECK constraint
-- calls must name the functions it calls with their schema (a restore failed on the CURP
-- check of the first citizen).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_curp_valida(c text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT c ~ ('^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]'
                '(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR'
                '|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$')
       AND substr(c, 18, 1)::integer = public.sipros_curp_digito(c)
$$;
