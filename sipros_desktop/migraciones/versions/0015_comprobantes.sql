-- 0015: comprobantes. Vouchers checked against the caller's scope in every error, separation of
-- duties between who makes a voucher's code and who delivers it, and the rules for the time of
-- a delivery written offline.
--
-- * An error never names a voucher, folio or citizen outside the caller's scope: such a voucher
--   reads exactly like one that does not exist («comprobante N: no existe o no está en su
--   alcance», «El código no corresponde a ningún comprobante…»).
-- * Whoever issued a voucher, or re-keyed it (reprint: a new code), does not deliver it; the
--   voucher keeps who issued it (emitido_por, since 0010) and who re-keyed it (reimpreso_por,
--   every one, in order) and when its current code was made (reimpreso). sipros_entregar
--   refuses (SE007) and a constraint holds it for every new delivery.
-- * A delivery time written by the client (p_entregado, the offline journal) is refused (SE006)
--   when it is more than 10 minutes in the future, more than 10 minutes before the voucher's
--   current code was made, or on a day other than the event's (America/Mexico_City). An online
--   delivery's time is the server's now(); the desk may serve a recent event's voucher on a
--   later day, as before.

-- ---------------------------------------------------------------------------
-- Who re-keyed each voucher, and when its current code was made
-- ---------------------------------------------------------------------------
ALTER TABLE comprobante
    ADD COLUMN reimpreso timestamptz,
    ADD COLUMN reimpreso_por text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN comprobante.emitido_por IS 'Quien emitió el comprobante: no lo entrega.';
COMMENT ON COLUMN comprobante.reimpreso_por IS
    'Quienes reimprimieron el comprobante (código nuevo), en orden: no lo entregan.';
COMMENT ON COLUMN comprobante.reimpreso IS 'Cuándo se hizo el código vigente, si se reimprimió.';

-- Live vouchers reprinted before this version: who did it is in the audit log (one UPDATE row
-- per change of the code's hash). Delivered and cancelled ones keep their history as it was.
WITH cambios AS (
    SELECT b.clave::bigint AS id, array_agg(b.usuario ORDER BY b.fecha, b.id) AS quienes,
           max(b.fecha) AS ultima
    FROM bitacora b
    WHERE b.tabla = 'comprobante' AND b.operacion = 'UPDATE'
      AND b.antes ->> 'codigo_hash' IS DISTINCT FROM b.despues ->> 'codigo_hash'
      AND b.clave IN (SELECT k.id::text FROM comprobante k
                      WHERE k.estado = 'Vigente' AND k.impresiones > 1)
    GROUP BY b.clave)
UPDATE comprobante k SET reimpreso_por = c.quienes, reimpreso = c.ultima
FROM cambios c WHERE k.id = c.id;

-- Every delivery from now on: not by who issued or re-keyed the voucher. NOT VALID: deliveries
-- recorded before this rule existed stay as they were.
ALTER TABLE comprobante ADD CONSTRAINT comprobante_separacion_de_funciones
    CHECK (entregado_por IS NULL
           OR (entregado_por <> emitido_por AND entregado_por <> ALL (reimpreso_por)))
    NOT VALID;

-- ---------------------------------------------------------------------------
-- Issue: as in 0010, and a new code already in use is refused without saying whose it is.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_emitir_comprobantes(p_evento integer, p_solicitudes bigint[],
                                                      p_hashes bytea[])
    RETURNS TABLE (comprobante_id bigint, solicitud_id bigint)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
    problema text;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo administradores y personal de entregas emiten comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    IF coalesce(cardinality(p_solicitudes), 0) = 0
       OR cardinality(p_solicitudes) <> coalesce(cardinality(p_hashes), 0) THEN
        RAISE EXCEPTION 'Cada solicitud necesita exactamente un código.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_hashes) h WHERE h IS NULL OR octet_length(h) <> 32)
       OR (SELECT count(DISTINCT h) FROM unnest(p_hashes) h) <> cardinality(p_hashes)
       OR (SELECT count(DISTINCT q) FROM unnest(p_solicitudes) q) <> cardinality(p_solicitudes)
    THEN
        RAISE EXCEPTION 'Códigos o solicitudes repetidos, o códigos que no son SHA-256.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(x.motivo, '; ' ORDER BY x.motivo) INTO problema FROM (
        SELECT coalesce(s.folio, 'solicitud ' || q.id) || ': ' || CASE
                   WHEN s.id IS NULL THEN 'no existe o no está en su alcance'
                   WHEN a.evento_id IS DISTINCT FROM e.id THEN 'no está asignada a este evento'
                   WHEN s.estado <> 'Aprobada' THEN 'está en «' || s.estado || '»'
                   ELSE 'ya tiene comprobante vigente' END AS motivo
        FROM unnest(p_solicitudes) AS q(id)
        LEFT JOIN solicitud s ON s.id = q.id
            AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
        LEFT JOIN evento_solicitud a ON a.solicitud_id = s.id
        WHERE s.id IS NULL OR a.evento_id IS DISTINCT FROM e.id OR s.estado <> 'Aprobada'
           OR EXISTS (SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id
                      AND k.estado <> 'Cancelado')
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se emitió ningún comprobante: %.', problema
            USING ERRCODE = 'check_violation';
    END IF;
    -- 130 random bits never repeat by chance: a code in use was chosen on purpose. The
    -- message is the same whoever's voucher it is (the unique index would name its hash).
    IF EXISTS (SELECT 1 FROM comprobante k WHERE k.codigo_hash = ANY (p_hashes)) THEN
        RAISE EXCEPTION 'Alguno de los códigos nuevos ya está en uso: no se emitió ningún '
            'comprobante. Vuelva a emitir (se generan otros).'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO comprobante AS k (solicitud_id, evento_id, codigo_hash)
    SELECT q.id, e.id, q.h FROM unnest(p_solicitudes, p_hashes) AS q(id, h)
    RETURNING k.id, k.solicitud_id;
END
$$;

-- ---------------------------------------------------------------------------
-- Reprint: a new code for each voucher still to be delivered. A voucher outside the caller's
-- scope reads like one that does not exist (0010 named its folio and state); who re-keyed it
-- is kept on the voucher.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_reimprimir_comprobantes(p_comprobantes bigint[],
                                                          p_hashes bytea[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    problema text;
    n integer;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo administradores y personal de entregas reimprimen comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(cardinality(p_comprobantes), 0) = 0
       OR cardinality(p_comprobantes) <> coalesce(cardinality(p_hashes), 0)
       OR EXISTS (SELECT 1 FROM unnest(p_hashes) h WHERE h IS NULL OR octet_length(h) <> 32)
       OR (SELECT count(DISTINCT h) FROM unnest(p_hashes) h) <> cardinality(p_hashes)
       OR (SELECT count(DISTINCT q) FROM unnest(p_comprobantes) q) <> cardinality(p_comprobantes)
    THEN
        RAISE EXCEPTION 'Cada comprobante necesita exactamente un código nuevo.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(x.motivo, '; ' ORDER BY x.n) INTO problema FROM (
        SELECT q.n, CASE WHEN v.id IS NULL
                         THEN 'comprobante ' || q.id || ': no existe o no está en su alcance'
                         ELSE v.folio || ': está «' || v.estado || '»' END AS motivo
        FROM unnest(p_comprobantes) WITH ORDINALITY AS q(id, n)
        LEFT JOIN (SELECT k.id, k.estado, s.folio
                   FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id
                   WHERE alcance IS NULL OR s.convocatoria_id = ANY (alcance)) v ON v.id = q.id
        WHERE v.id IS NULL OR v.estado <> 'Vigente'
        ORDER BY q.n
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se reimprimió ningún comprobante: %.', problema
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM comprobante k WHERE k.codigo_hash = ANY (p_hashes)) THEN
        RAISE EXCEPTION 'Alguno de los códigos nuevos ya está en uso: no se reimprimió ningún '
            'comprobante. Vuelva a reimprimir (se generan otros).'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE comprobante k SET codigo_hash = q.h, impresiones = k.impresiones + 1,
        reimpreso = now(), reimpreso_por = k.reimpreso_por || session_user::text
    FROM unnest(p_comprobantes, p_hashes) AS q(id, h) WHERE k.id = q.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- ---------------------------------------------------------------------------
-- What a scanned code is: as in 0010, plus «Separación de funciones» when the caller issued or
-- re-keyed the voucher (the desk says so before anyone hands anything over).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_comprobante_ver(p_codigo text, p_evento integer DEFAULT NULL)
    RETURNS TABLE (estado_lectura text, motivo text, comprobante_id bigint, folio text,
                   nombre text, curp text, programa text, tipo_apoyo text, monto numeric,
                   evento text, evento_fecha date, entregado timestamptz, entregado_por text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    r record;
BEGIN
    IF NOT (sipros_puede_emitir()) THEN
        RAISE EXCEPTION 'Solo el personal de entregas verifica comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT k.id, k.estado, k.evento_id, k.entregado, k.entregado_por, k.cancelado,
           k.motivo_cancelacion, s.folio::text AS folio, s.convocatoria_id,
           (k.emitido_por = session_user OR session_user = ANY (k.reimpreso_por)) AS propio,
           c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, '') AS nom,
           sipros_curp_enmascarada(c.curp) AS curp_m,
           p.nombre AS prog, t.nombre AS tipo, t.monto, ev.nombre AS ev_nombre, ev.fecha,
           m.nombre AS ev_municipio
    INTO r
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN ciudadano c ON c.id = s.ciudadano_id
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    LEFT JOIN evento_entrega ev ON ev.id = k.evento_id
    LEFT JOIN municipio m ON m.id = ev.municipio_id
    WHERE k.codigo_hash = sipros_codigo_hash(p_codigo)
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance));
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'Desconocido'::text,
            'El código no corresponde a ningún comprobante vigente de sus programas. Revise que '
            'sea un comprobante de SIPROS y, si lo escribió, que esté completo.'::text,
            NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
            NULL::numeric, NULL::text, NULL::date, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT
        CASE WHEN r.estado = 'Entregado' THEN 'Entregado'
             WHEN r.estado = 'Cancelado' THEN 'Cancelado'
             WHEN p_evento IS NOT NULL AND r.evento_id IS DISTINCT FROM p_evento THEN 'Otro evento'
             WHEN r.propio THEN 'Separación de funciones'
             ELSE 'Por entregar' END,
        CASE WHEN r.estado = 'Entregado' THEN
                 format('Ya se entregó el %s por %s%s.',
                        to_char(r.entregado AT TIME ZONE 'America/Mexico_City',
                                'DD/MM/YYYY "a las" HH24:MI'),
                        r.entregado_por, coalesce(' en «' || r.ev_nombre || '»', ''))
             WHEN r.estado = 'Cancelado' THEN
                 format('Comprobante cancelado el %s: %s. No se entrega.',
                        to_char(r.cancelado AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY'),
                        r.motivo_cancelacion)
             WHEN p_evento IS NOT NULL AND r.evento_id IS DISTINCT FROM p_evento THEN
                 format('Es de otro evento: «%s» del %s en %s.', r.ev_nombre,
                        to_char(r.fecha, 'DD/MM/YYYY'), r.ev_municipio)
             WHEN r.propio THEN
                 'Usted emitió o reimprimió este comprobante: lo entrega otra persona del '
                 'personal de entregas (separación de funciones).'
             ELSE NULL END,
        r.id, r.folio, r.nom, r.curp_m, r.prog, r.tipo, r.monto, r.ev_nombre, r.fecha,
        r.entregado, r.entregado_por;
END
$$;

-- ---------------------------------------------------------------------------
-- The delivery, once and only once (as in 0010), now also:
-- * not by whoever issued or re-keyed the voucher (SE007);
-- * a time given by the client (offline) neither more than 10 minutes in the future, nor more
--   than 10 minutes before the voucher's current code was made, nor on another day than the
--   event's in Mexico City (SE006). The offline journal's sync turns these into conflicts.
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

-- ---------------------------------------------------------------------------
-- The offline kit: as in 0010; a voucher the caller issued or re-keyed comes with the state
-- «Separación de funciones», so the point refuses it on the spot instead of at the sync.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_kit_evento(p_evento integer)
    RETURNS TABLE (codigo_hash bytea, estado text, comprobante_id bigint, folio text,
                   nombre text, curp text, programa text, tipo_apoyo text, monto numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    e evento_entrega;
    n integer;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo el personal de entregas descarga el paquete de un evento.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    RETURN QUERY
    SELECT k.codigo_hash,
           CASE WHEN k.estado = 'Vigente' AND (k.emitido_por = session_user
                                               OR session_user = ANY (k.reimpreso_por))
                THEN 'Separación de funciones' ELSE k.estado END,
           k.id, s.folio::text,
           c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, ''),
           sipros_curp_enmascarada(c.curp), p.nombre, t.nombre, t.monto
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN ciudadano c ON c.id = s.ciudadano_id
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE k.evento_id = e.id AND k.estado <> 'Cancelado';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'evento_entrega', 'CONSULTA', e.id::text,
            jsonb_build_object('motivo', 'Paquete para entregar sin conexión', 'comprobantes', n));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_emitir_comprobantes(integer, bigint[], bytea[]),
    sipros_reimprimir_comprobantes(bigint[], bytea[]), sipros_comprobante_ver(text, integer),
    sipros_entregar(text, text, integer, timestamptz, uuid), sipros_kit_evento(integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_emitir_comprobantes(integer, bigint[], bytea[]),
    sipros_reimprimir_comprobantes(bigint[], bytea[]), sipros_comprobante_ver(text, integer),
    sipros_kit_evento(integer)
    TO sipros_administrador, sipros_entrega;
GRANT EXECUTE ON FUNCTION sipros_entregar(text, text, integer, timestamptz, uuid)
    TO sipros_entrega;
