-- The phone a message goes to: the citizen's 10 digits as E.164.
CREATE OR REPLACE FUNCTION sipros_e164(p_telefono text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN p_telefono ~ '^[0-9]{10}$' THEN '+52' || p_telefono END
$$;

REVOKE EXECUTE ON FUNCTION sipros_e164(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_e164(text) TO sipros_personal;
