CREATE OR REPLACE FUNCTION sipros_texto_sms(p_texto text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    t text := btrim(coalesce(p_texto, ''));
BEGIN
    IF t = '' THEN
        RAISE EXCEPTION 'Escriba el texto del mensaje.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(t) > 918 THEN
        RAISE EXCEPTION 'El mensaje tiene % caracteres; el máximo es 918 (6 partes).', length(t)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN t;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_texto_sms(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_texto_sms(text) TO sipros_personal;
