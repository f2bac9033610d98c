-- The provider's answer. p_resultado: 'enviado', 'reintentar' (due again in p_espera seconds,
-- or «Fallido» after p_max intentos), 'fallido' (a permanent refusal: never retried),
-- 'incierto' (may have gone out: a person decides), 'devuelto' (a stopping dispatcher never
-- called the provider: back to the queue, the attempt not counted). Ignored (NULL) when the
-- message is no longer this dispatcher's.
CREATE OR REPLACE FUNCTION sipros_sms_resultado(p_id bigint, p_quien text, p_resultado text,
                                     p_espera double precision, p_max integer,
                                     p_proveedor text, p_id_proveedor text, p_respuesta text)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    m mensaje;
    nuevo text;
BEGIN
    PERFORM sipros_es_despachador();
    SELECT * INTO m FROM mensaje WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR m.tomado_por IS DISTINCT FROM p_quien
       OR m.estado NOT IN ('Enviando', 'Incierto') THEN
        RETURN NULL;
    END IF;
    nuevo := CASE p_resultado
        WHEN 'enviado' THEN 'Enviado'
        WHEN 'fallido' THEN 'Fallido'
        WHEN 'incierto' THEN 'Incierto'
        WHEN 'devuelto' THEN 'Pendiente'
        WHEN 'reintentar' THEN CASE WHEN m.intentos >= p_max THEN 'Fallido' ELSE 'Pendiente' END
    END;
    IF nuevo IS NULL THEN
        RAISE EXCEPTION 'Resultado desconocido: %.', p_resultado;
    END IF;
    UPDATE mensaje SET
        estado = nuevo,
        intentos = CASE WHEN p_resultado = 'devuelto' THEN greatest(intentos - 1, 0)
                        ELSE intentos END,
        enviado = CASE WHEN nuevo = 'Enviado' THEN now() END,
        proximo_intento = CASE WHEN nuevo = 'Pendiente'
            THEN now() + make_interval(secs => greatest(p_espera, 0)) ELSE proximo_intento END,
        proveedor = p_proveedor,
        id_proveedor = coalesce(left(p_id_proveedor, 100), id_proveedor),
        respuesta = left(CASE WHEN p_resultado = 'reintentar' AND nuevo = 'Fallido'
                              THEN 'Se agotaron los ' || m.intentos || ' intentos. ' ELSE '' END
                         || coalesce(p_respuesta, ''), 500)
    WHERE id = p_id;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_resultado(bigint, text, text, double precision, integer, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_resultado(bigint, text, text, double precision, integer, text, text, text) TO sipros_despacho;
