-- After a crash: messages marked longer ago than p_plazo and never answered. With an
-- idempotent provider they are sent again under the same id (the provider drops the repeat);
-- without one they become «Incierto».
CREATE OR REPLACE FUNCTION sipros_sms_reconciliar(p_plazo interval, p_idempotente boolean)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM sipros_es_despachador();
    UPDATE mensaje SET
        estado = CASE WHEN p_idempotente THEN 'Pendiente' ELSE 'Incierto' END,
        proximo_intento = now(),
        respuesta = left('Sin respuesta del despachador ' || coalesce(tomado_por, '') || ' desde '
                         || to_char(tomado AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI:SS')
                         || CASE WHEN p_idempotente THEN '; se reenvía con la misma clave.'
                                 ELSE '; pudo haberse enviado: decida si se reintenta.' END, 500)
    WHERE estado = 'Enviando' AND tomado < now() - p_plazo;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_reconciliar(interval, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_reconciliar(interval, boolean) TO sipros_despacho;
