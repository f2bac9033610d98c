CREATE OR REPLACE FUNCTION sipros_sms_reintentar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
    ids bigint[];
BEGIN
    PERFORM sipros_solo_administrador('reintentan mensajes');
    ids := sipros_mensajes_en_alcance(p_ids);
    IF EXISTS (SELECT 1 FROM mensaje m JOIN ciudadano c ON c.id = m.ciudadano_id
               WHERE m.id = ANY (ids) AND m.estado IN ('Fallido', 'Incierto', 'Cancelado')
                 AND NOT c.acepta_sms) THEN
        RAISE EXCEPTION 'Uno de los mensajes es para un ciudadano que ya no acepta SMS.'
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE mensaje SET estado = 'Pendiente', proximo_intento = now(), intentos = 0,
        cancelado_por = NULL,
        respuesta = left('Reintento pedido por ' || session_user || '. ' || coalesce(respuesta, ''), 500)
    WHERE id = ANY (ids) AND estado IN ('Fallido', 'Incierto', 'Cancelado');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'reintento',
           jsonb_build_object('mensajes', ids, 'reintentados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_reintentar(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_reintentar(bigint[]) TO sipros_administrador;
