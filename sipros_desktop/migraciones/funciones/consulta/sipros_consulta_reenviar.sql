CREATE OR REPLACE FUNCTION sipros_consulta_reenviar(p_curp text, p_mensaje bigint, p_telefono text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_consulta('reenvía mensajes por aquí');
    cid := sipros_consulta_atendido(p_curp);
    IF p_mensaje IS NULL OR p_telefono IS NULL THEN
        RAISE EXCEPTION 'Diga qué mensaje reenvía y a qué teléfono, como los mostró la consulta.'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN sipros_sms_repetir(cid, p_mensaje, p_telefono);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_reenviar(text, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_reenviar(text, bigint, text) TO sipros_consulta;
