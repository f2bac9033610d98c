CREATE OR REPLACE FUNCTION sipros_sms_reenviar(p_curp text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_repetir(sipros_sms_ciudadano_de_admin(p_curp));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_reenviar(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_reenviar(text) TO sipros_administrador;
