-- 0015: consulta
--
-- Consulta ciudadana, held by the database for any client (psql included):
--
-- * A limit of look-ups per staff member (ajuste consulta_limite in consulta_minutos: 60 in 10
--   by default), counted from the bitácora. A look-up is two steps: sipros_consulta_anotar(CURP)
--   writes the bitácora row (or, past the limit, a row that marks the refusal) and must be
--   committed before sipros_consulta(CURP) gives the answer. So a rolled-back transaction can
--   neither hide a look-up from the bitácora nor give back its place in the limit. Two sessions
--   of the same person take turns on their consulta_cuota row: the count cannot be raced.
-- * The desk acts (contact data, SMS) only on a citizen it looked up in the last 30 minutes, so
--   those functions cannot be used to probe CURPs around the limit.
-- * A change of phone or of SMS consent needs the identification the clerk checked (type and
--   the last 4 characters of its number), stored with who and when in contacto_cambio. A change
--   of phone warns the previous number by SMS in the same transaction, whatever the consent: it
--   is a security notice (someone may be taking over the citizen's notices), it carries no
--   personal data, and its template can be edited but not switched off.
-- * The 0003 functions (sipros_consulta_ciudadano, _beneficios, _actualizar_contacto), unused
--   since 0013 and with no limit, no merge and no consent, are dropped.

-- ---------------------------------------------------------------------------
-- Settings of the limit (the administrator changes them; the bitácora keeps each change)
-- ---------------------------------------------------------------------------
INSERT INTO ajuste (clave, valor, descripcion) VALUES
    ('consulta_limite', '60',
     'Consultas por CURP que cada usuario de Consulta ciudadana puede hacer en la ventana de '
     'consulta_minutos; la siguiente se rechaza y queda marcada en la bitácora'),
    ('consulta_minutos', '10', 'Minutos de la ventana del límite de consultas por CURP')
ON CONFLICT (clave) DO NOTHING;
ALTER TABLE ajuste ADD CONSTRAINT ajuste_consulta_limite_valido CHECK (
    clave <> 'consulta_limite' OR (jsonb_typeof(valor) = 'number'
        AND (valor #>> '{}')::numeric BETWEEN 1 AND 100000
        AND (valor #>> '{}')::numeric = trunc((valor #>> '{}')::numeric)));
ALTER TABLE ajuste ADD CONSTRAINT ajuste_consulta_minutos_valido CHECK (
    clave <> 'consulta_minutos' OR (jsonb_typeof(valor) = 'number'
        AND (valor #>> '{}')::numeric BETWEEN 1 AND 1440
        AND (valor #>> '{}')::numeric = trunc((valor #>> '{}')::numeric)));

CREATE FUNCTION sipros_consulta_limite(OUT limite integer, OUT minutos integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT (valor #>> '{}')::numeric::integer FROM ajuste
                     WHERE clave = 'consulta_limite'), 60),
           coalesce((SELECT (valor #>> '{}')::numeric::integer FROM ajuste
                     WHERE clave = 'consulta_minutos'), 10)
$$;

-- One row per staff member who looks citizens up: the turn two sessions of that person take
-- (updated by every look-up, so under REPEATABLE READ a second session fails instead of
-- counting from an old snapshot). No grant: only the functions below touch it.
CREATE TABLE consulta_cuota (
    usuario text PRIMARY KEY,
    ultima  timestamptz NOT NULL
);
ALTER TABLE consulta_cuota ENABLE ROW LEVEL SECURITY;

-- The desk's answered look-ups of one person (the count of the window: refusals, however
-- many, never slow it down), and its look-ups of one CURP (the answer to a look-up)
CREATE INDEX bitacora_consulta_idx ON bitacora (usuario, fecha)
    WHERE operacion = 'CONSULTA' AND tabla = 'ciudadano' AND despues ->> 'modulo' = 'consulta';
CREATE INDEX bitacora_consulta_curp_idx ON bitacora (usuario, clave, fecha)
    WHERE operacion = 'CONSULTA' AND despues ->> 'modulo' = 'consulta';

CREATE FUNCTION sipros_solo_consulta(p_que text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_consulta', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana %.', p_que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Step 1: write the look-up down (counted), or the refusal past the limit
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_consulta_anotar(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    lim record;
    momento timestamptz;
    hechas integer;
    libre timestamptz;
    espera integer;
    cuanto text;
    mensaje text;
    vigente text;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por CURP');
    -- one look-up at a time per person: a second session waits here for the first to commit
    INSERT INTO consulta_cuota AS q (usuario, ultima) VALUES (session_user, clock_timestamp())
    ON CONFLICT (usuario) DO UPDATE SET ultima = excluded.ultima;
    SELECT * INTO lim FROM sipros_consulta_limite();
    -- the clock, not the transaction's start: an old open transaction gains nothing
    momento := clock_timestamp();
    SELECT count(*) INTO hechas FROM bitacora b
    WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
      AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
      AND b.fecha > momento - make_interval(mins => lim.minutos);
    IF hechas >= lim.limite THEN
        -- free again when the limit-th newest look-up leaves the window
        SELECT b.fecha INTO libre FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
          AND b.fecha > momento - make_interval(mins => lim.minutos)
        ORDER BY b.fecha DESC OFFSET lim.limite - 1 LIMIT 1;
        libre := libre + make_interval(mins => lim.minutos);
        espera := greatest(1, ceil(extract(epoch FROM libre - momento))::integer);
        cuanto := CASE WHEN espera < 60 THEN espera || ' s'
                       WHEN espera % 60 = 0 THEN espera / 60 || ' min'
                       ELSE espera / 60 || ' min ' || espera % 60 || ' s' END;
        mensaje := format('Su usuario llegó al límite de Consulta ciudadana: %s consultas por '
                          'CURP cada %s minutos. Podrá consultar de nuevo en %s (a las %s).',
                          lim.limite, lim.minutos, cuanto,
                          to_char(date_trunc('minute', libre + interval '59.999 seconds')
                                  AT TIME ZONE 'America/Mexico_City', 'HH24:MI'));
        INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
        VALUES (momento, session_user, 'consulta_limite', 'CONSULTA', buscada,
                jsonb_build_object('modulo', 'consulta', 'rechazo', mensaje,
                                   'consultas', hechas, 'limite', lim.limite,
                                   'minutos', lim.minutos, 'espera_segundos', espera,
                                   'transaccion', pg_current_xact_id()::text));
        RETURN jsonb_build_object('rechazo', mensaje, 'espera_segundos', espera);
    END IF;
    SELECT c.curp INTO vigente FROM ciudadano c WHERE c.curp = sipros_curp_vigente(buscada);
    INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
    VALUES (momento, session_user, 'ciudadano', 'CONSULTA', buscada,
            jsonb_build_object('modulo', 'consulta', 'encontrado', vigente IS NOT NULL,
                               'curp', vigente,
                               'transaccion', pg_current_xact_id()::text));
    RETURN jsonb_build_object('restantes', lim.limite - hechas - 1, 'limite', lim.limite,
                              'minutos', lim.minutos);
END
$$;

-- The caller's newest committed look-up of this CURP in the last p_plazo (answered or refused);
-- an error that says what to do when there is none. A row of the caller's own transaction (or
-- of a savepoint in it) is not committed yet, so it does not count.
CREATE FUNCTION sipros_consulta_anotada(p_buscada text, p_plazo interval) RETURNS bitacora
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    a bitacora;
    sin_confirmar boolean := false;
BEGIN
    FOR a IN
        SELECT * FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta'
          AND b.fecha > clock_timestamp() - p_plazo AND b.clave = p_buscada
        ORDER BY b.fecha DESC, b.id DESC
    LOOP
        IF pg_xact_status((a.despues ->> 'transaccion')::xid8) = 'committed' THEN
            RETURN a;
        END IF;
        sin_confirmar := true;
    END LOOP;
    IF sin_confirmar THEN
        RAISE EXCEPTION 'La consulta de la CURP «%» se anotó en esta misma transacción: '
            'confírmela (COMMIT) y pida después el resultado; una consulta no se puede deshacer '
            'de la bitácora.', p_buscada USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RAISE EXCEPTION 'Primero anote la consulta de la CURP «%» con sipros_consulta_anotar y '
        'confírmela (COMMIT); el resultado se puede pedir durante % minutos.', p_buscada,
        round(extract(epoch FROM p_plazo) / 60) USING ERRCODE = 'object_not_in_prerequisite_state';
END
$$;

-- The citizen the caller looked up (found) in the last 30 minutes, by any of their CURPs; the
-- same refusal whether or not the CURP exists when there is no such look-up.
CREATE FUNCTION sipros_consulta_atendido(p_curp text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    vigente text := sipros_curp_vigente(buscada);
    cid bigint;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
          AND b.fecha > clock_timestamp() - interval '30 minutes'
          AND b.despues ->> 'curp' = vigente
          AND pg_xact_status((b.despues ->> 'transaccion')::xid8) = 'committed')
    THEN
        RAISE EXCEPTION 'Consulte primero al ciudadano con la CURP «%» (la consulta queda en la '
            'bitácora); durante 30 minutos podrá cambiar sus datos de contacto y enviarle '
            'mensajes.', buscada USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT c.id INTO cid FROM ciudadano c WHERE c.curp = vigente;
    IF cid IS NULL THEN  -- merged or removed since the look-up
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%».', buscada
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN cid;
END
$$;

-- ---------------------------------------------------------------------------
-- Contact changes made at the desk: the identification checked, who and when, and the
-- notice sent to the previous number
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_identificaciones() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY['INE', 'Pasaporte', 'Cédula profesional', 'Licencia de conducir',
                 'Cartilla militar', 'Credencial INAPAM', 'Matrícula consular'];

CREATE TABLE contacto_cambio (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- kept after a merge through the CURP (the absorbed CURP becomes an alias)
    ciudadano_id       bigint REFERENCES ciudadano(id) ON DELETE SET NULL,
    curp               text NOT NULL,
    fecha              timestamptz NOT NULL DEFAULT now(),
    usuario            text NOT NULL DEFAULT session_user,
    identificacion     text CHECK (identificacion = ANY (sipros_identificaciones())),
    -- only the last 4 characters of the document's number: the full number is not needed
    referencia         text CHECK (referencia ~ '^[A-Z0-9]{4}$'),
    telefono_antes     text,
    telefono_despues   text,
    acepta_sms_antes   boolean NOT NULL,
    acepta_sms_despues boolean NOT NULL,
    correo_cambio      boolean NOT NULL,
    aviso_id           bigint REFERENCES mensaje(id) ON DELETE SET NULL,
    CONSTRAINT contacto_cambio_identificacion_completa
        CHECK ((identificacion IS NULL) = (referencia IS NULL)),
    CONSTRAINT contacto_cambio_identificacion_requerida
        CHECK (identificacion IS NOT NULL OR (telefono_antes IS NOT DISTINCT FROM telefono_despues
                                              AND acepta_sms_antes = acepta_sms_despues))
);
CREATE INDEX contacto_cambio_ciudadano_idx ON contacto_cambio (ciudadano_id, id);
CREATE INDEX contacto_cambio_curp_idx ON contacto_cambio (curp);
CREATE TRIGGER contacto_cambio_quien_cuando BEFORE INSERT OR UPDATE ON contacto_cambio
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'fecha');
CREATE TRIGGER contacto_cambio_bitacora_ins AFTER INSERT ON contacto_cambio
    REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar();
-- no grant and no policy: Consulta reads it through sipros_consulta, administrators in the
-- bitácora
ALTER TABLE contacto_cambio ENABLE ROW LEVEL SECURITY;

-- The security notice: a statewide template, placeholders checked like the others (no name:
-- the old number may already belong to someone else)
ALTER TABLE mensaje DROP CONSTRAINT mensaje_evento_check;
ALTER TABLE mensaje ADD CONSTRAINT mensaje_evento_check CHECK (evento IN ('solicitud_registrada',
    'correccion', 'aprobada', 'comprobante', 'entregada', 'manual', 'reenvio', 'prueba',
    'cambio_telefono'));
INSERT INTO plantilla_mensaje (evento, nombre, variables, orden, texto) VALUES
    ('cambio_telefono', 'Cambio de teléfono (aviso al número anterior)',
     ARRAY['cuando', 'oficina', 'nuevo'], 6,
     'SIPROS: el {cuando} se cambio en {oficina} el celular de sus avisos (ahora: {nuevo}). '
     'Si usted no lo pidio, acuda con su identificacion.');

CREATE FUNCTION sipros_plantilla_aviso_seguridad() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT NEW.activa THEN
        RAISE EXCEPTION 'El aviso «%» protege al ciudadano y no se puede apagar; sí se puede '
            'cambiar su texto.', NEW.nombre USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_plantilla_aviso_seguridad() FROM PUBLIC;
CREATE TRIGGER plantilla_mensaje_aviso_seguridad BEFORE UPDATE ON plantilla_mensaje
    FOR EACH ROW WHEN (NEW.evento = 'cambio_telefono')
    EXECUTE FUNCTION sipros_plantilla_aviso_seguridad();

-- Queued with no citizen: the dispatcher follows a citizen's current phone and consent, and this
-- message must reach the previous number whatever they are now (and a later withdrawal of
-- consent must not cancel it).
CREATE FUNCTION sipros_aviso_cambio_telefono(p_anterior text, p_nuevo text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    p plantilla_mensaje;
    oficina text;
    nuevo bigint;
BEGIN
    SELECT * INTO p FROM plantilla_mensaje WHERE evento = 'cambio_telefono';
    SELECT d.clave INTO oficina
    FROM funcionario f JOIN dependencia d ON d.id = f.dependencia_id
    WHERE f.usuario = session_user::text;
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES ('cambio_telefono', NULL, sipros_e164(p_anterior),
            left(sipros_plantilla_aplicar(p.texto, jsonb_build_object(
                     'cuando', to_char(now() AT TIME ZONE 'America/Mexico_City',
                                       'DD/MM/YYYY HH24:MI'),
                     'oficina', coalesce(oficina, 'Atencion ciudadana'),
                     'nuevo', CASE WHEN p_nuevo IS NULL THEN 'sin celular'
                                   ELSE 'termina en ' || right(p_nuevo, 2) END),
                 p.sin_acentos), 918))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

-- Phone, e-mail and SMS consent (replaces 0013's, which took no identification). The ciudadano
-- trigger writes old and new values to the bitácora; withdrawing consent cancels what was still
-- waiting to go out (not the notice to the previous number).
DROP FUNCTION sipros_consulta_contacto(text, text, text, boolean);
CREATE FUNCTION sipros_consulta_contacto(p_curp text, p_telefono text, p_correo text,
                                         p_acepta_sms boolean, p_identificacion text,
                                         p_referencia text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
    c ciudadano;
    v_tel text := nullif(btrim(coalesce(p_telefono, '')), '');
    v_correo text := nullif(btrim(coalesce(p_correo, '')), '');
    v_acepta boolean := coalesce(p_acepta_sms, false);
    v_ident text := nullif(btrim(coalesce(p_identificacion, '')), '');
    v_ref text := nullif(upper(regexp_replace(coalesce(p_referencia, ''), '\s', '', 'g')), '');
    cambia_tel boolean;
    cambia_sms boolean;
    cambia_correo boolean;
    aviso bigint;
    cambio bigint;
BEGIN
    PERFORM sipros_solo_consulta('cambia los datos de contacto por aquí');
    cid := sipros_consulta_atendido(p_curp);
    SELECT * INTO c FROM ciudadano WHERE id = cid FOR UPDATE;
    IF v_tel IS NOT NULL AND v_tel !~ '^[0-9]{10}$' THEN
        RAISE EXCEPTION 'El teléfono debe tener 10 dígitos, sin espacios ni guiones.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_correo IS NOT NULL
       AND (v_correo !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(v_correo) > 254) THEN
        RAISE EXCEPTION 'El correo electrónico «%» no es válido.', v_correo
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_acepta AND v_tel IS NULL THEN
        RAISE EXCEPTION 'Para recibir mensajes SMS el ciudadano necesita un teléfono celular.'
            USING ERRCODE = 'check_violation';
    END IF;
    cambia_tel := c.telefono IS DISTINCT FROM v_tel;
    cambia_sms := c.acepta_sms IS DISTINCT FROM v_acepta;
    cambia_correo := c.correo IS DISTINCT FROM v_correo;
    IF (cambia_tel OR cambia_sms) AND (v_ident IS NULL OR v_ref IS NULL) THEN
        RAISE EXCEPTION 'Para cambiar el teléfono o la aceptación de SMS de un ciudadano, anote '
            'la identificación que le revisó: el tipo (%) y los últimos 4 caracteres de su '
            'número.', array_to_string(sipros_identificaciones(), ', ')
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_ident IS NOT NULL AND NOT v_ident = ANY (sipros_identificaciones()) THEN
        RAISE EXCEPTION 'La identificación «%» no es de las que se aceptan: %.', v_ident,
            array_to_string(sipros_identificaciones(), ', ') USING ERRCODE = 'check_violation';
    END IF;
    IF v_ref IS NOT NULL AND v_ref !~ '^[A-Z0-9]{4}$' THEN
        RAISE EXCEPTION 'De la identificación anote solo los últimos 4 caracteres de su número '
            '(letras o dígitos), no el número completo.' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT (cambia_tel OR cambia_sms OR cambia_correo) THEN
        RETURN jsonb_build_object('cambio', NULL, 'aviso', NULL);
    END IF;
    UPDATE ciudadano SET telefono = v_tel, correo = v_correo, acepta_sms = v_acepta,
        actualizado = now()
    WHERE id = c.id;
    IF cambia_tel AND c.telefono IS NOT NULL THEN
        aviso := sipros_aviso_cambio_telefono(c.telefono, v_tel);
    END IF;
    IF NOT v_acepta AND c.acepta_sms THEN
        UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
            respuesta = 'El ciudadano retiró su consentimiento.'
        WHERE ciudadano_id = c.id AND estado = 'Pendiente';
    END IF;
    INSERT INTO contacto_cambio (ciudadano_id, curp, identificacion, referencia, telefono_antes,
                                 telefono_despues, acepta_sms_antes, acepta_sms_despues,
                                 correo_cambio, aviso_id)
    VALUES (c.id, c.curp, v_ident, v_ref, c.telefono, v_tel, c.acepta_sms, v_acepta,
            cambia_correo, aviso)
    RETURNING id INTO cambio;
    RETURN jsonb_build_object('cambio', cambio, 'aviso', aviso);
END
$$;

-- ---------------------------------------------------------------------------
-- Step 2: the answer (what the citizen would see on «Mis solicitudes», their contact changes)
-- for a committed look-up of the last 2 minutes; the refusal's message when it was refused
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

-- ---------------------------------------------------------------------------
-- SMS from the desk: only to a citizen it looked up (the administrators' entry points check
-- their scope instead; both write through sipros_sms_manual / sipros_sms_repetir)
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_consulta_sms(p_curp text, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_consulta('envía mensajes por aquí');
    cid := sipros_consulta_atendido(p_curp);
    RETURN sipros_sms_manual(cid, p_texto);
END
$$;

CREATE FUNCTION sipros_consulta_reenviar(p_curp text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_consulta('reenvía mensajes por aquí');
    cid := sipros_consulta_atendido(p_curp);
    RETURN sipros_sms_repetir(cid);
END
$$;

-- ---------------------------------------------------------------------------
-- What the consulta role may call
-- ---------------------------------------------------------------------------
DROP FUNCTION sipros_consulta_ciudadano(text);
DROP FUNCTION sipros_consulta_beneficios(text);
DROP FUNCTION sipros_consulta_actualizar_contacto(text, text, text);
REVOKE EXECUTE ON FUNCTION sipros_sms_a_ciudadano(text, text), sipros_sms_reenviar(text)
    FROM sipros_consulta;

REVOKE EXECUTE ON FUNCTION sipros_consulta_limite(), sipros_solo_consulta(text),
    sipros_consulta_anotar(text), sipros_consulta_anotada(text, interval),
    sipros_consulta_atendido(text), sipros_identificaciones(),
    sipros_aviso_cambio_telefono(text, text),
    sipros_consulta_contacto(text, text, text, boolean, text, text),
    sipros_consulta_sms(text, text), sipros_consulta_reenviar(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_limite(), sipros_identificaciones() TO sipros_personal;
GRANT EXECUTE ON FUNCTION sipros_consulta_anotar(text),
    sipros_consulta_contacto(text, text, text, boolean, text, text),
    sipros_consulta_sms(text, text), sipros_consulta_reenviar(text)
    TO sipros_consulta;
