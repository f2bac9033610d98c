-- ---------------------------------------------------------------------------
-- The delivery, once
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_entregar_sin_evento(p_solicitud bigint, p_metodo text,
                                           p_referencia text, p_fecha date DEFAULT NULL)
    RETURNS TABLE (resultado text, folio text, nombre text, programa text, tipo_apoyo text,
                   monto numeric, fecha date)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    hoy date := sipros_hoy();
    cuando date := coalesce(p_fecha, sipros_hoy());
    ref text := btrim(coalesce(p_referencia, ''));
    k record;
    previa record;
    aprobada timestamptz;
    aprobo text;
    vale bigint;
    propio boolean := false;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo el personal de entregas registra entregas.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_metodo IS NULL OR p_metodo NOT IN ('Transferencia', 'Tarjeta', 'Cheque', 'Orden de pago')
    THEN
        RAISE EXCEPTION 'Elija cómo se entregó: transferencia, tarjeta, cheque u orden de pago.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref = '' OR length(ref) > 60 OR ref ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'Escriba la referencia de la entrega (número de la transferencia, del '
            'cheque o de la tarjeta), de 60 caracteres o menos.' USING ERRCODE = 'check_violation';
    END IF;
    -- a live voucher is locked first, in the order sipros_entregar locks (voucher, then
    -- application): a scan and a transfer at the same moment wait for each other, never
    -- deadlock
    SELECT c.id, (c.emitido_por = session_user OR session_user = ANY (c.reimpreso_por))
    INTO vale, propio FROM comprobante c
    JOIN solicitud s ON s.id = c.solicitud_id
    WHERE c.solicitud_id = p_solicitud AND c.estado = 'Vigente'
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
    FOR UPDATE OF c;
    -- the application's row is locked: a second clerk waits here, then sees it delivered
    SELECT s.id, s.folio, s.estado, s.ciudadano_id, s.tipo_apoyo_id, cv.programa_id
    INTO k
    FROM solicitud s JOIN convocatoria cv ON cv.id = s.convocatoria_id
    WHERE s.id = p_solicitud
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
    FOR UPDATE OF s;
    IF k.id IS NULL THEN
        RAISE EXCEPTION 'La solicitud no existe o no está en su alcance.'
            USING ERRCODE = 'SE001';
    END IF;
    IF k.estado = 'Entregado' THEN
        SELECT e.metodo, e.referencia, e.fecha, e.registrado_por INTO previa
        FROM entrega_directa e WHERE e.solicitud_id = k.id;
        IF previa.metodo IS NOT NULL THEN
            RAISE EXCEPTION 'La solicitud % ya se entregó el % (% %, registró %): no se registra '
                'otra entrega.', k.folio, to_char(previa.fecha, 'DD/MM/YYYY'),
                lower(previa.metodo), previa.referencia, sipros_nombre_funcionario(previa.registrado_por)
                USING ERRCODE = 'SE002';
        END IF;
        RAISE EXCEPTION 'La solicitud % ya se entregó: no se registra otra entrega.', k.folio
            USING ERRCODE = 'SE002';
    ELSIF k.estado <> 'Aprobada' THEN
        RAISE EXCEPTION 'La solicitud % está en «%»: solo se entrega una solicitud aprobada.',
            k.folio, k.estado USING ERRCODE = 'SE005';
    END IF;
    SELECT h.fecha, h.usuario INTO aprobada, aprobo FROM solicitud_historial h
    WHERE h.solicitud_id = k.id AND h.estado = 'Aprobada'
    ORDER BY h.id DESC LIMIT 1;
    IF aprobo = session_user AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
    THEN
        RAISE EXCEPTION 'Usted aprobó la solicitud %: su entrega la registra otra persona del '
            'personal de entregas (separación de funciones). No se registró.', k.folio
            USING ERRCODE = 'SE007';
    END IF;
    -- as at the desk: whoever issued or re-keyed the live voucher does not deliver it, not even
    -- without the paper (the voucher would be cancelled by the one who holds its code)
    IF propio AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'Usted emitió o reimprimió el comprobante de la solicitud %: su entrega '
            'la registra otra persona del personal de entregas (separación de funciones). No se '
            'registró.', k.folio USING ERRCODE = 'SE007';
    END IF;
    IF cuando > hoy THEN
        RAISE EXCEPTION 'La fecha de la entrega (%) es futura: anote el día en que se hizo.',
            to_char(cuando, 'DD/MM/YYYY') USING ERRCODE = 'SE006';
    END IF;
    -- (a training database's frozen business date may come before an approval's clock time)
    IF aprobada IS NOT NULL
       AND cuando < least((aprobada AT TIME ZONE 'America/Mexico_City')::date, hoy) THEN
        RAISE EXCEPTION 'La fecha de la entrega (%) es anterior a la aprobación de la solicitud '
            '(%): anote el día en que se hizo.', to_char(cuando, 'DD/MM/YYYY'),
            to_char(aprobada AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY')
            USING ERRCODE = 'SE006';
    END IF;

    INSERT INTO entrega_directa (solicitud_id, metodo, referencia, fecha)
    VALUES (k.id, p_metodo, ref, cuando);
    -- a live voucher stops working (its pending notice is cancelled with the others below)
    IF vale IS NOT NULL THEN
        UPDATE comprobante SET estado = 'Cancelado', cancelado = now(),
            cancelado_por = session_user,
            motivo_cancelacion = left('Entregado sin evento: ' || lower(p_metodo) || ' ' || ref,
                                      300)
        WHERE id = vale;
    END IF;
    UPDATE solicitud SET estado = 'Entregado', version = version + 1, actualizado = now()
    WHERE id = k.id;
    INSERT INTO solicitud_historial (solicitud_id, estado, comentario)
    VALUES (k.id, 'Entregado',
            'Entrega sin evento: ' || lower(p_metodo) || ', referencia ' || ref || ', el '
            || to_char(cuando, 'DD/MM/YYYY'));
    -- the voucher's notice («se entrega el … en …») is not sent any more, as when a voucher
    -- is delivered (0016); what is being sent is left to the dispatcher
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
        respuesta = format('No se envió: el apoyo se entregó el %s, antes que el aviso.',
                           to_char(cuando, 'DD/MM/YYYY'))
    WHERE solicitud_id = k.id AND evento = 'comprobante' AND estado = 'Pendiente';
    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           solicitud_id, origen, fecha_entrega, monto)
    SELECT k.ciudadano_id, k.programa_id, k.tipo_apoyo_id, a.dependencia_id, k.id,
           'Solicitud', cuando, t.monto
    FROM programa p JOIN area a ON a.id = p.area_id, tipo_apoyo t
    WHERE p.id = k.programa_id AND t.id = k.tipo_apoyo_id;
    RETURN QUERY
    SELECT 'Entregado'::text, k.folio::text,
           c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, ''),
           p.nombre, t.nombre, t.monto, cuando
    FROM ciudadano c, programa p, tipo_apoyo t
    WHERE c.id = k.ciudadano_id AND p.id = k.programa_id AND t.id = k.tipo_apoyo_id;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_entregar_sin_evento(bigint, text, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_entregar_sin_evento(bigint, text, text, date) TO sipros_entrega;
