CREATE OR REPLACE FUNCTION sipros_sms_a_ciudadano(p_curp text, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_manual(sipros_sms_ciudadano_de_admin(p_curp), p_texto);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_a_ciudadano(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_a_ciudadano(text, text) TO sipros_administrador;
