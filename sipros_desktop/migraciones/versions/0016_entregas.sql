-- 0016: entregas. The delivery desk in real use.
--
-- * Delivering a voucher cancels its notice still waiting in the outbox («Comprobante
--   emitido… se entrega el 12/12»): a trigger on the voucher, in the delivery's transaction,
--   whatever client delivered it.
-- * The offline kit says what the desk says online: when and by whom a voucher of the event
--   was delivered (sipros_kit_evento, two more columns), and which event a voucher of another
--   event belongs to (sipros_kit_otros_eventos: the hash and the event, nothing about the
--   person).
-- * Events are planned by administrators only: creating, changing and deleting an event and
--   assigning applications to it or taking them out. Delivery staff read the events, issue,
--   reprint and cancel vouchers (as before, never delivering one they made) and deliver.

-- ---------------------------------------------------------------------------
-- A delivered voucher's notice is not sent any more
-- ---------------------------------------------------------------------------
-- pending messages of an application, found without reading the whole outbox
CREATE INDEX mensaje_pendiente_solicitud_idx ON mensaje (solicitud_id) WHERE estado = 'Pendiente';
ANALYZE mensaje;  -- so the new index is used from the first delivery on

CREATE FUNCTION sipros_comprobante_entregado_aviso() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- only what the dispatcher has not taken: a message being sent («Enviando») is left to it
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
        respuesta = format('No se envió: el apoyo se entregó el %s, antes que el aviso.',
                           to_char(NEW.entregado AT TIME ZONE 'America/Mexico_City',
                                   'DD/MM/YYYY "a las" HH24:MI'))
    WHERE solicitud_id = NEW.solicitud_id AND evento = 'comprobante' AND estado = 'Pendiente';
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_comprobante_entregado_aviso() FROM PUBLIC;
CREATE TRIGGER comprobante_entregado_aviso AFTER UPDATE OF estado ON comprobante
    FOR EACH ROW WHEN (NEW.estado = 'Entregado' AND OLD.estado IS DISTINCT FROM 'Entregado')
    EXECUTE FUNCTION sipros_comprobante_entregado_aviso();

-- ---------------------------------------------------------------------------
-- The offline kit: as in 0015, plus when and by whom each delivered voucher was delivered
-- (the desk says it without connection as it does online). The result's columns change, so
-- the function is made again.
-- ---------------------------------------------------------------------------
DROP FUNCTION sipros_kit_evento(integer);
CREATE FUNCTION sipros_kit_evento(p_evento integer)
    RETURNS TABLE (codigo_hash bytea, estado text, comprobante_id bigint, folio text,
                   nombre text, curp text, programa text, tipo_apoyo text, monto numeric,
                   entregado timestamptz, entregado_por text)
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
           sipros_curp_enmascarada(c.curp), p.nombre, t.nombre, t.monto,
           k.entregado, k.entregado_por
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

-- Vouchers of other events a beneficiary may bring to this one by mistake — those of the same
-- call, and those of events of the caller's programmes on the same day —, each with only its
-- hash and its event: the point says «es de otro evento: … en Corregidora» without
-- connection, and the kit carries nothing more about their people.
CREATE FUNCTION sipros_kit_otros_eventos(p_evento integer)
    RETURNS TABLE (codigo_hash bytea, evento_id integer, evento text, fecha date,
                   municipio text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo el personal de entregas descarga el paquete de un evento.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    RETURN QUERY
    SELECT k.codigo_hash, ev.id, ev.nombre, ev.fecha, m.nombre::text
    FROM evento_entrega ev
    JOIN municipio m ON m.id = ev.municipio_id
    JOIN comprobante k ON k.evento_id = ev.id AND k.estado <> 'Cancelado'
    WHERE ev.id <> e.id
      AND (ev.convocatoria_id = e.convocatoria_id OR ev.fecha = e.fecha)
      AND (alcance IS NULL OR ev.convocatoria_id = ANY (alcance));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_kit_evento(integer), sipros_kit_otros_eventos(integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_kit_evento(integer), sipros_kit_otros_eventos(integer)
    TO sipros_administrador, sipros_entrega;

-- ---------------------------------------------------------------------------
-- Events are planned by administrators (within their alcance, by the row policy of 0010):
-- delivery staff no longer create, change or delete them, nor assign applications to them.
-- ---------------------------------------------------------------------------
REVOKE INSERT, UPDATE, DELETE ON evento_entrega FROM sipros_entrega;
REVOKE EXECUTE ON FUNCTION sipros_asignar_evento(integer, bigint[]),
    sipros_quitar_de_evento(integer, bigint[]) FROM sipros_entrega;

-- As in 0010, for administrators only (who also holds the delivery profile keeps it).
CREATE OR REPLACE FUNCTION sipros_asignar_evento(p_evento integer, p_solicitudes bigint[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
    problema text;
    n integer;
BEGIN
    PERFORM sipros_solo_administrador('planean los eventos de entrega y les asignan solicitudes');
    e := sipros_evento_visible(p_evento);
    SELECT string_agg(x.motivo, '; ' ORDER BY x.motivo) INTO problema FROM (
        SELECT coalesce(s.folio, 'solicitud ' || q.id) || ': ' || CASE
                   WHEN s.id IS NULL THEN 'no existe o no está en su alcance'
                   WHEN s.convocatoria_id <> e.convocatoria_id THEN 'es de otra convocatoria'
                   WHEN s.estado <> 'Aprobada' THEN 'está en «' || s.estado || '»'
                   ELSE 'tiene un comprobante vigente de otro evento; cancélelo antes' END AS motivo
        FROM unnest(p_solicitudes) AS q(id)
        LEFT JOIN solicitud s ON s.id = q.id
            AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
        WHERE s.id IS NULL OR s.convocatoria_id <> e.convocatoria_id OR s.estado <> 'Aprobada'
           OR EXISTS (SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id
                      AND k.estado = 'Vigente' AND k.evento_id IS DISTINCT FROM e.id)
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se asignó ninguna solicitud al evento «%»: %.', e.nombre, problema
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO evento_solicitud (solicitud_id, evento_id)
    SELECT DISTINCT q.id, e.id FROM unnest(p_solicitudes) AS q(id)
    ON CONFLICT (solicitud_id) DO UPDATE SET evento_id = EXCLUDED.evento_id,
        asignado = now(), asignado_por = session_user
        WHERE evento_solicitud.evento_id <> EXCLUDED.evento_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION sipros_quitar_de_evento(p_evento integer, p_solicitudes bigint[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    e evento_entrega;
    problema text;
    n integer;
BEGIN
    PERFORM sipros_solo_administrador('planean los eventos de entrega y les quitan solicitudes');
    e := sipros_evento_visible(p_evento);
    SELECT string_agg(s.folio, ', ' ORDER BY s.folio) INTO problema
    FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id
    WHERE k.solicitud_id = ANY (p_solicitudes) AND k.evento_id = e.id AND k.estado <> 'Cancelado';
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'Estas solicitudes tienen comprobante del evento (cancélelo antes, o ya se '
            'entregaron): %.', problema USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM evento_solicitud WHERE evento_id = e.id AND solicitud_id = ANY (p_solicitudes);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_asignar_evento(integer, bigint[]),
    sipros_quitar_de_evento(integer, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_asignar_evento(integer, bigint[]),
    sipros_quitar_de_evento(integer, bigint[]) TO sipros_administrador;
