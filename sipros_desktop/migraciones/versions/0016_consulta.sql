-- 0016: consulta
--
-- The Consulta desk in real use, held by the database for any client (psql included):
--
-- * «Reenviar último SMS» resends exactly the message the desk showed. One rule says which
--   message that is — the citizen's newest one not cancelled (sipros_sms_para_repetir) — and
--   sipros_consulta gives it (reenvio) with the look-up. sipros_consulta_reenviar(CURP, mensaje,
--   teléfono) resends that message to that phone, or refuses, changing nothing, when since the
--   look-up another message became the last one or the citizen's phone changed. The
--   administrators' sipros_sms_reenviar(CURP) keeps resending whatever is the last one now, by
--   the same rule.
-- * A change of a citizen's phone, from any client (the desk, the front desk, an administrator),
--   takes their notices still waiting to go out («Pendiente») to the new number in the change's
--   own transaction (a trigger on ciudadano). The security notice to the previous number is
--   queued without a citizen, so it stays addressed to the previous number; what was already
--   sent, failed or is being sent keeps the number it went to.

-- ---------------------------------------------------------------------------
-- Pending notices follow the citizen's new phone
-- ---------------------------------------------------------------------------
-- A citizen's notices waiting to go out, found without walking the whole queue: with only
-- mensaje_pendiente_idx, a plan made with statistics from before a backlog read every pending
-- message for each changed phone (a bulk UPDATE of 100,000 phones with 6,000 messages waiting
-- took 110-140 s instead of 15-18 s; bench/consulta_avisos.py). Withdrawing consent at the desk
-- cancels the same rows.
CREATE INDEX mensaje_pendiente_ciudadano_idx ON mensaje (ciudadano_id) WHERE estado = 'Pendiente';

CREATE FUNCTION sipros_mensajes_siguen_telefono() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- (a citizen left without a phone: the dispatcher cancels what is waiting when it takes it)
    UPDATE mensaje SET telefono = sipros_e164(NEW.telefono)
    WHERE ciudadano_id = NEW.id AND estado = 'Pendiente'
      AND telefono IS DISTINCT FROM sipros_e164(NEW.telefono);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensajes_siguen_telefono() FROM PUBLIC;
CREATE TRIGGER ciudadano_mensajes_siguen_telefono AFTER UPDATE OF telefono ON ciudadano
    FOR EACH ROW
    WHEN (OLD.telefono IS DISTINCT FROM NEW.telefono AND NEW.telefono ~ '^[0-9]{10}$')
    EXECUTE FUNCTION sipros_mensajes_siguen_telefono();

-- ---------------------------------------------------------------------------
-- Which message a resend repeats: the citizen's newest one not cancelled (one rule for the desk's
-- answer, the desk's resend and the administrators' resend). No grant.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_sms_para_repetir(p_ciudadano bigint) RETURNS mensaje
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT * FROM mensaje m
    WHERE m.ciudadano_id = p_ciudadano AND m.estado <> 'Cancelado'
    ORDER BY m.id DESC LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION sipros_sms_para_repetir(bigint) FROM PUBLIC;

-- The resend of that message. With p_mensaje and p_telefono (the desk: what its screen showed)
-- it must still be that message and that phone; NULL (the administrators' resend by CURP) takes
-- whatever they are now. No grant: the entry points check who calls and for which citizen.
CREATE FUNCTION sipros_sms_repetir(p_ciudadano bigint, p_mensaje bigint, p_telefono text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    ultimo mensaje;
    nuevo bigint;
BEGIN
    -- a change of phone at the same time waits for this resend (and then moves it if pending),
    -- or this resend waits for it (and then sees the new phone)
    PERFORM 1 FROM ciudadano x WHERE x.id = p_ciudadano FOR SHARE;
    c := sipros_ciudadano_para_sms((SELECT x.curp FROM ciudadano x WHERE x.id = p_ciudadano));
    ultimo := sipros_sms_para_repetir(c.id);
    IF ultimo.id IS NULL THEN
        RAISE EXCEPTION 'El ciudadano no ha recibido ningún mensaje que reenviar.'
            USING ERRCODE = 'no_data_found';
    END IF;
    IF p_mensaje IS NOT NULL AND ultimo.id <> p_mensaje THEN
        RAISE EXCEPTION 'El último mensaje del ciudadano con la CURP «%» ya no es el que se '
            'mostró en su consulta: consúltelo de nuevo para ver cuál se reenvía.', c.curp
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_telefono IS NOT NULL AND p_telefono IS DISTINCT FROM c.telefono THEN
        RAISE EXCEPTION 'El teléfono del ciudadano con la CURP «%» cambió después de su '
            'consulta: consúltelo de nuevo para ver a qué número se reenvía.', c.curp
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF ultimo.estado IN ('Pendiente', 'Enviando') THEN
        RAISE EXCEPTION 'El último mensaje todavía está «%»: se enviará en unos momentos.',
            ultimo.estado USING ERRCODE = 'check_violation';
    END IF;
    -- to the phone the citizen has now (the usual reason to ask again)
    INSERT INTO mensaje (evento, ciudadano_id, solicitud_id, telefono, texto)
    VALUES ('reenvio', c.id, ultimo.solicitud_id, sipros_e164(c.telefono), ultimo.texto)
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_sms_repetir(bigint, bigint, text) FROM PUBLIC;

-- (0015_alcance.sql's, now by the rule above)
CREATE OR REPLACE FUNCTION sipros_sms_repetir(p_ciudadano bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_repetir(p_ciudadano, NULL, NULL);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_sms_repetir(bigint) FROM PUBLIC;

-- The desk's resend: the message and the phone its screen showed (replaces 0015's, which
-- resent whatever was last when it ran)
DROP FUNCTION sipros_consulta_reenviar(text);
CREATE FUNCTION sipros_consulta_reenviar(p_curp text, p_mensaje bigint, p_telefono text)
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

-- ---------------------------------------------------------------------------
-- The answer of a look-up (0015_consulta.sql's), now with the message a resend would repeat
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_consulta(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    anotacion bitacora;
    c ciudadano;
    r jsonb;
BEGIN
    PERFORM sipros_solo_consulta('usa esta consulta');
    anotacion := sipros_consulta_anotada(buscada, interval '2 minutes');
    IF anotacion.tabla = 'consulta_limite' THEN
        RAISE EXCEPTION '%', anotacion.despues ->> 'rechazo'
            USING ERRCODE = 'configuration_limit_exceeded';
    END IF;
    SELECT * INTO c FROM ciudadano WHERE curp = sipros_curp_vigente(buscada);
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
        'curp', c.curp, 'buscada', buscada, 'nombre', c.nombre,
        'apellido_paterno', c.apellido_paterno, 'apellido_materno', c.apellido_materno,
        'telefono', c.telefono, 'correo', c.correo, 'acepta_sms', c.acepta_sms,
        'municipio', (SELECT m.nombre FROM domicilio d JOIN municipio m ON m.id = d.municipio_id
                      WHERE d.ciudadano_id = c.id ORDER BY d.id DESC LIMIT 1),
        'solicitudes', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'folio', s.folio, 'programa', p.nombre, 'dependencia', dp.nombre,
                'convocatoria', cv.nombre, 'tipo_apoyo', t.nombre, 'estado', s.estado,
                'fecha_solicitud', s.fecha_solicitud,
                'historial', (
                    SELECT jsonb_agg(jsonb_build_object('estado', h.estado, 'fecha', h.fecha,
                                                        'comentario', h.comentario)
                                     ORDER BY h.fecha, h.id)
                    FROM solicitud_historial h WHERE h.solicitud_id = s.id),
                'correccion', CASE WHEN s.estado = 'Corrección' THEN (
                    SELECT h.comentario FROM solicitud_historial h
                    WHERE h.solicitud_id = s.id AND h.estado = 'Corrección'
                    ORDER BY h.fecha DESC, h.id DESC LIMIT 1) END,
                'comprobante', (
                    SELECT jsonb_build_object('estado', k.estado, 'emitido', k.emitido,
                                              'entregado', k.entregado)
                    FROM comprobante k WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado'
                    ORDER BY k.id DESC LIMIT 1),
                'evento', (
                    SELECT jsonb_build_object('nombre', e.nombre, 'domicilio', e.domicilio,
                                              'municipio', m.nombre, 'fecha', e.fecha,
                                              'hora_inicio', to_char(e.hora_inicio, 'HH24:MI'),
                                              'hora_fin', to_char(e.hora_fin, 'HH24:MI'))
                    FROM evento_solicitud a JOIN evento_entrega e ON e.id = a.evento_id
                    JOIN municipio m ON m.id = e.municipio_id
                    WHERE a.solicitud_id = s.id AND s.estado = 'Aprobada'))
                ORDER BY s.fecha_solicitud DESC, s.id DESC)
            FROM solicitud s
            JOIN convocatoria cv ON cv.id = s.convocatoria_id
            JOIN programa p ON p.id = cv.programa_id
            JOIN area ar ON ar.id = p.area_id
            JOIN dependencia dp ON dp.id = ar.dependencia_id
            LEFT JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
            WHERE s.ciudadano_id = c.id), '[]'::jsonb),
        'beneficios', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'programa', p.nombre, 'dependencia', dp.nombre, 'tipo_apoyo', t.nombre,
                'fecha_entrega', b.fecha_entrega, 'monto', b.monto, 'folio', s.folio,
                'origen', b.origen) ORDER BY b.fecha_entrega DESC, b.id DESC)
            FROM beneficio b
            JOIN programa p ON p.id = b.programa_id
            JOIN dependencia dp ON dp.id = b.dependencia_id
            LEFT JOIN tipo_apoyo t ON t.id = b.tipo_apoyo_id
            LEFT JOIN solicitud s ON s.id = b.solicitud_id
            WHERE b.ciudadano_id = c.id), '[]'::jsonb),
        'mensajes', coalesce((
            SELECT jsonb_agg(x ORDER BY (x ->> 'id')::bigint DESC) FROM (
                SELECT jsonb_build_object('id', m.id, 'evento', m.evento, 'texto', m.texto,
                                          'estado', m.estado, 'creado', m.creado,
                                          'enviado', m.enviado, 'telefono', m.telefono) AS x
                FROM mensaje m WHERE m.ciudadano_id = c.id ORDER BY m.id DESC LIMIT 20) y),
            '[]'::jsonb),
        -- what «Reenviar último SMS» would repeat (it may be older than the 20 above)
        'reenvio', (
            SELECT jsonb_build_object('id', m.id, 'evento', m.evento, 'texto', m.texto,
                                      'estado', m.estado, 'creado', m.creado,
                                      'enviado', m.enviado, 'telefono', m.telefono)
            FROM sipros_sms_para_repetir(c.id) m WHERE m.id IS NOT NULL),
        'contactos', coalesce((
            SELECT jsonb_agg(x ORDER BY (x ->> 'id')::bigint DESC) FROM (
                SELECT jsonb_build_object(
                    'id', k.id, 'fecha', k.fecha, 'usuario', k.usuario,
                    'identificacion', k.identificacion, 'referencia', k.referencia,
                    'telefono_antes', k.telefono_antes, 'telefono_despues', k.telefono_despues,
                    'acepta_sms_antes', k.acepta_sms_antes,
                    'acepta_sms_despues', k.acepta_sms_despues, 'correo', k.correo_cambio,
                    'aviso_estado', m.estado, 'aviso_telefono', m.telefono) AS x
                FROM contacto_cambio k LEFT JOIN mensaje m ON m.id = k.aviso_id
                WHERE k.ciudadano_id = c.id
                   OR k.curp IN (SELECT al.curp FROM ciudadano_alias al
                                 WHERE al.ciudadano_id = c.id)
                ORDER BY k.id DESC LIMIT 20) y),
            '[]'::jsonb))
    INTO r;
    RETURN r;
END
$$;
