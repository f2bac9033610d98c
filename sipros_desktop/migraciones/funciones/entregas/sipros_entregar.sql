-- ---------------------------------------------------------------------------
-- The delivery, once and only once (as in 0010), now also:
-- * not by whoever issued or re-keyed the voucher (SE007);
-- * a time given by the client (offline) neither more than 10 minutes in the future, nor more
--   than 10 minutes before the voucher's current code was made, nor on another day than the
--   event's in Mexico City, nor outside the event's hours with two hours of tolerance — the
--   window the offline sync checks first (SE006). The sync turns these into conflicts.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_entregar(p_codigo text, p_identificacion text DEFAULT NULL,
                                           p_evento integer DEFAULT NULL,
                                           p_entregado timestamptz DEFAULT NULL,
                                           p_clave uuid DEFAULT NULL)
    RETURNS TABLE (resultado text, comprobante_id bigint, folio text, nombre text,
                   programa text, tipo_apoyo text, monto numeric, entregado timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    k record;
    v record;
    cuando timestamptz := coalesce(p_entregado, now());
    hora_local timestamp := coalesce(p_entregado, now()) AT TIME ZONE 'America/Mexico_City';
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo el personal de entregas registra entregas.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- the voucher's row is locked: concurrent calls with the same code wait here, then see it
    -- delivered
    SELECT c.id, c.estado, c.evento_id, c.entrega_clave, c.solicitud_id,
           greatest(c.emitido, c.reimpreso) AS codigo_desde,
           (c.emitido_por = session_user OR session_user = ANY (c.reimpreso_por)) AS propio,
           ev.fecha AS evento_fecha, ev.nombre AS evento_nombre,
           ev.hora_inicio AS evento_inicio, ev.hora_fin AS evento_fin,
           s.ciudadano_id, s.tipo_apoyo_id, s.estado AS estado_solicitud, s.version,
           cv.programa_id
    INTO k
    FROM comprobante c
    JOIN solicitud s ON s.id = c.solicitud_id
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    LEFT JOIN evento_entrega ev ON ev.id = c.evento_id
    WHERE c.codigo_hash = sipros_codigo_hash(p_codigo)
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
    FOR UPDATE OF c;
    SELECT * INTO v FROM sipros_comprobante_ver(p_codigo, p_evento);
    IF k.id IS NULL THEN
        RAISE EXCEPTION '%', v.motivo USING ERRCODE = 'SE001';
    END IF;
    IF k.estado = 'Entregado' THEN
        IF p_clave IS NOT NULL AND k.entrega_clave = p_clave THEN
            RETURN QUERY SELECT 'Ya aplicada'::text, v.comprobante_id, v.folio, v.nombre,
                v.programa, v.tipo_apoyo, v.monto, v.entregado;
            RETURN;
        END IF;
        RAISE EXCEPTION '%', v.motivo USING ERRCODE = 'SE002';
    ELSIF k.estado = 'Cancelado' THEN
        RAISE EXCEPTION '%', v.motivo USING ERRCODE = 'SE003';
    ELSIF v.estado_lectura = 'Otro evento' THEN
        RAISE EXCEPTION '%', v.motivo USING ERRCODE = 'SE004';
    ELSIF k.estado_solicitud <> 'Aprobada' THEN
        RAISE EXCEPTION 'La solicitud % está en «%»: no se entrega.', v.folio, k.estado_solicitud
            USING ERRCODE = 'SE005';
    END IF;
    IF k.propio THEN
        RAISE EXCEPTION 'Usted emitió o reimprimió el comprobante de la solicitud %: lo entrega '
            'otra persona del personal de entregas (separación de funciones). No se registró.',
            v.folio USING ERRCODE = 'SE007';
    END IF;
    IF p_entregado IS NOT NULL AND p_entregado > now() + interval '10 minutes' THEN
        RAISE EXCEPTION 'La hora anotada de la entrega (%) es futura: revise el reloj del equipo. '
            'No se registró.', to_char(hora_local, 'DD/MM/YYYY HH24:MI') USING ERRCODE = 'SE006';
    END IF;
    IF cuando < k.codigo_desde - interval '10 minutes' THEN
        RAISE EXCEPTION 'La hora anotada de la entrega (%) es anterior a la impresión del '
            'comprobante (%): revise el reloj del equipo. No se registró.',
            to_char(hora_local, 'DD/MM/YYYY HH24:MI'),
            to_char(k.codigo_desde AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI')
            USING ERRCODE = 'SE006';
    END IF;
    IF p_entregado IS NOT NULL AND k.evento_fecha IS NOT NULL
       AND hora_local::date <> k.evento_fecha THEN
        RAISE EXCEPTION 'La hora anotada de la entrega (%) no es del día del evento «%» (%): sin '
            'conexión solo se entrega el día del evento. No se registró.',
            to_char(hora_local, 'DD/MM/YYYY HH24:MI'), k.evento_nombre,
            to_char(k.evento_fecha, 'DD/MM/YYYY') USING ERRCODE = 'SE006';
    END IF;
    IF p_entregado IS NOT NULL AND k.evento_fecha IS NOT NULL
       AND (hora_local < k.evento_fecha + k.evento_inicio - interval '2 hours'
            OR hora_local > k.evento_fecha + k.evento_fin + interval '2 hours') THEN
        RAISE EXCEPTION 'La hora anotada de la entrega (%) está fuera del horario del evento «%» '
            '(de % a %, con 2 h de tolerancia): revise el reloj del equipo. No se registró.',
            to_char(hora_local, 'DD/MM/YYYY HH24:MI'), k.evento_nombre,
            to_char(k.evento_inicio, 'HH24:MI'), to_char(k.evento_fin, 'HH24:MI')
            USING ERRCODE = 'SE006';
    END IF;
    UPDATE comprobante SET estado = 'Entregado', entregado = cuando, entregado_por = session_user,
        entrega_registrada = now(), identificacion = nullif(left(btrim(p_identificacion), 60), ''),
        entrega_sin_conexion = p_entregado IS NOT NULL, entrega_clave = p_clave
    WHERE id = k.id;
    UPDATE solicitud SET estado = 'Entregado', version = version + 1, actualizado = now()
    WHERE id = k.solicitud_id;
    INSERT INTO solicitud_historial (solicitud_id, estado, comentario)
    VALUES (k.solicitud_id, 'Entregado',
            'Entrega verificada con código QR' || CASE WHEN p_entregado IS NOT NULL
                THEN ' (sin conexión, ' || to_char(hora_local, 'DD/MM/YYYY HH24:MI') || ')'
                ELSE '' END);
    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           solicitud_id, origen, fecha_entrega, monto)
    SELECT k.ciudadano_id, k.programa_id, k.tipo_apoyo_id, a.dependencia_id, k.solicitud_id,
           'Solicitud',
           CASE WHEN p_entregado IS NULL THEN sipros_hoy() ELSE hora_local::date END,
           t.monto
    FROM programa p JOIN area a ON a.id = p.area_id, tipo_apoyo t
    WHERE p.id = k.programa_id AND t.id = k.tipo_apoyo_id;
    RETURN QUERY SELECT 'Entregado'::text, v.comprobante_id, v.folio, v.nombre, v.programa,
        v.tipo_apoyo, v.monto, cuando;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_entregar(text, text, integer, timestamptz, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_entregar(text, text, integer, timestamptz, uuid) TO sipros_entrega;
