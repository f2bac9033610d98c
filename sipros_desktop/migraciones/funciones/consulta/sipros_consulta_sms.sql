-- ---------------------------------------------------------------------------
-- SMS from the desk: only to a citizen it looked up (the administrators' entry points check
-- their scope instead; both write through sipros_sms_manual / sipros_sms_repetir)
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_consulta_sms(p_curp text, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_consulta('envía mensajes por aquí');
    cid := sipros_consulta_atendido(p_curp);
    RETURN sipros_sms_manual(cid, p_texto);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_sms(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_sms(text, text) TO sipros_consulta;
