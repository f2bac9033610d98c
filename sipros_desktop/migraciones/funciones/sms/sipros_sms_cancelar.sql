CREATE OR REPLACE FUNCTION sipros_sms_cancelar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
    ids bigint[];
BEGIN
    PERFORM sipros_solo_administrador('cancelan mensajes');
    ids := sipros_mensajes_en_alcance(p_ids);
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user
    WHERE id = ANY (ids) AND estado IN ('Pendiente', 'Fallido', 'Incierto');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'cancelación',
           jsonb_build_object('mensajes', ids, 'cancelados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_cancelar(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_cancelar(bigint[]) TO sipros_administrador;
