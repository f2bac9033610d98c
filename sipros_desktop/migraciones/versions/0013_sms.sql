-- SIPROS Escritorio: Consulta ciudadana and text messages (SMS).
--
-- Transactional outbox: the message a citizen gets about an event is written by a trigger in the
-- event's own transaction (filing, correction requested, approval, voucher issued, delivery), so
-- an event is never left unannounced and a rolled-back event never sends anything. Only citizens
-- who accepted SMS get messages. A dispatcher (a login role of sipros_despacho, on the server or
-- one office PC) takes due messages with FOR UPDATE SKIP LOCKED through the functions below,
-- marks them before calling the provider and records the answer; a message marked and never
-- answered (a crash) is reconciled: resent with the same id (the provider's idempotency key) or,
-- when the provider has no such key, left «Incierto» for a person to decide.
--
-- The citizen-service desk (consulta) keeps zero table grants: one function by exact CURP
-- returns what the citizen would see on «Mis solicitudes» (one bitácora row per look-up),
-- another changes phone, e-mail and consent (old and new values in the bitácora).

-- ---------------------------------------------------------------------------
-- The dispatcher's group role (cluster-wide: created here when the server setup did not)
-- ---------------------------------------------------------------------------
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_despacho') THEN
        CREATE ROLE sipros_despacho NOLOGIN;
    END IF;
    IF NOT pg_has_role('sipros_despacho', 'sipros_personal', 'MEMBER') THEN
        GRANT sipros_personal TO sipros_despacho;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Consent: whether the citizen accepts text messages (recorded at the capture, changed at the
-- desk; the bitácora keeps every change)
-- ---------------------------------------------------------------------------
ALTER TABLE ciudadano ADD COLUMN acepta_sms boolean NOT NULL DEFAULT false;

-- ---------------------------------------------------------------------------
-- Templates, one per event; administrators edit the text (placeholders in braces)
-- ---------------------------------------------------------------------------
CREATE TABLE plantilla_mensaje (
    evento          text PRIMARY KEY,
    nombre          text NOT NULL,
    variables       text[] NOT NULL,
    texto           text NOT NULL CHECK (btrim(texto) <> '' AND length(texto) <= 480),
    activa          boolean NOT NULL DEFAULT true,
    -- GSM-7 by default: one accented name or place would make every message UCS-2 (70 a part)
    sin_acentos     boolean NOT NULL DEFAULT true,
    orden           integer NOT NULL,
    actualizado     timestamptz NOT NULL DEFAULT now(),
    actualizado_por text NOT NULL DEFAULT session_user
);
INSERT INTO plantilla_mensaje (evento, nombre, variables, orden, texto) VALUES
    ('solicitud_registrada', 'Solicitud registrada',
     ARRAY['nombre', 'folio', 'programa', 'tipo_apoyo'], 1,
     'SIPROS: {nombre}, recibimos su solicitud de {programa} con folio {folio}. Conserve su folio '
     'para dar seguimiento.'),
    ('correccion', 'Corrección solicitada',
     ARRAY['nombre', 'folio', 'programa', 'comentario'], 2,
     'SIPROS: {nombre}, su solicitud {folio} necesita una correccion: {comentario}. Acuda a '
     'ventanilla con lo que se indica.'),
    ('aprobada', 'Solicitud aprobada',
     ARRAY['nombre', 'folio', 'programa', 'tipo_apoyo'], 3,
     'SIPROS: {nombre}, su solicitud {folio} de {programa} fue APROBADA. Le avisaremos donde y '
     'cuando recibir su apoyo.'),
    ('comprobante', 'Comprobante emitido',
     ARRAY['nombre', 'folio', 'programa', 'lugar', 'fecha', 'hora'], 4,
     'SIPROS: {nombre}, su apoyo de {programa} (folio {folio}) se entrega el {fecha} de {hora} '
     'en {lugar}. Presente su comprobante QR e identificacion.'),
    ('entregada', 'Apoyo entregado',
     ARRAY['nombre', 'folio', 'programa', 'tipo_apoyo', 'fecha'], 5,
     'SIPROS: {nombre}, registramos la entrega de su apoyo de {programa} (folio {folio}) el '
     '{fecha}. Gracias.');

-- The variables a template may use are fixed by the event; the text is checked on every write.
CREATE FUNCTION sipros_plantilla_valida() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    desconocidas text;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.evento, NEW.variables, NEW.nombre, NEW.orden)
                            IS DISTINCT FROM (OLD.evento, OLD.variables, OLD.nombre, OLD.orden)
    THEN
        RAISE EXCEPTION 'Solo el texto de una plantilla y si está activa se pueden cambiar.';
    END IF;
    SELECT string_agg(DISTINCT '{' || m[1] || '}', ', ') INTO desconocidas
    FROM regexp_matches(NEW.texto, '\{([^{}]*)\}', 'g') AS m
    WHERE NOT m[1] = ANY (NEW.variables);
    IF desconocidas IS NOT NULL THEN
        RAISE EXCEPTION 'La plantilla «%» usa %, que no existe para este mensaje. Puede usar: %.',
            NEW.nombre, desconocidas,
            (SELECT string_agg('{' || v || '}', ', ') FROM unnest(NEW.variables) v)
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.actualizado := now();
    NEW.actualizado_por := session_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER plantilla_mensaje_valida BEFORE INSERT OR UPDATE ON plantilla_mensaje
    FOR EACH ROW EXECUTE FUNCTION sipros_plantilla_valida();

-- Placeholders replaced by their values; with p_sin_acentos the accented letters that GSM-7
-- lacks are replaced by plain ones (one such letter makes the whole message UCS-2: 70 a part).
CREATE FUNCTION sipros_plantilla_aplicar(p_texto text, p_datos jsonb,
                                         p_sin_acentos boolean DEFAULT false) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k text;
    v text;
    r text := p_texto;
BEGIN
    FOR k, v IN SELECT key, value FROM jsonb_each_text(coalesce(p_datos, '{}')) LOOP
        r := replace(r, '{' || k || '}', coalesce(v, ''));
    END LOOP;
    r := btrim(regexp_replace(r, '[ \t]+', ' ', 'g'));
    IF p_sin_acentos THEN
        r := translate(r, 'áíóúÁÍÓÚâêîôûÂÊÎÔÛãõÃÕçÀÈÌÒÙ«»“”‘’–—',
                          'aiouAIOUaeiouAEIOUaoAOcAEIOU""""''''--');
    END IF;
    RETURN r;
END
$$;
GRANT EXECUTE ON FUNCTION sipros_plantilla_aplicar(text, jsonb, boolean) TO sipros_personal;

ALTER TABLE plantilla_mensaje ENABLE ROW LEVEL SECURITY;
CREATE POLICY plantilla_lectura ON plantilla_mensaje FOR SELECT USING (true);
CREATE POLICY plantilla_edicion ON plantilla_mensaje FOR UPDATE
    USING ((SELECT sipros_ve_todo_personal())) WITH CHECK ((SELECT sipros_ve_todo_personal()));
GRANT SELECT ON plantilla_mensaje TO sipros_administrador;
GRANT UPDATE (texto, activa, sin_acentos) ON plantilla_mensaje TO sipros_administrador;

-- ---------------------------------------------------------------------------
-- The outbox
-- ---------------------------------------------------------------------------
CREATE TABLE mensaje (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the provider's idempotency key: unique across installations, the same on every retry
    clave           uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    evento          text NOT NULL CHECK (evento IN ('solicitud_registrada', 'correccion',
                        'aprobada', 'comprobante', 'entregada', 'manual', 'reenvio', 'prueba')),
    ciudadano_id    bigint REFERENCES ciudadano(id) ON DELETE SET NULL,
    solicitud_id    bigint REFERENCES solicitud(id) ON DELETE SET NULL,
    telefono        text NOT NULL CHECK (telefono ~ '^\+52[0-9]{10}$'),
    texto           text NOT NULL CHECK (btrim(texto) <> '' AND length(texto) <= 918),
    estado          text NOT NULL DEFAULT 'Pendiente' CHECK (estado IN ('Pendiente', 'Enviando',
                        'Enviado', 'Fallido', 'Incierto', 'Cancelado')),
    intentos        integer NOT NULL DEFAULT 0 CHECK (intentos >= 0),
    proximo_intento timestamptz NOT NULL DEFAULT now(),
    creado          timestamptz NOT NULL DEFAULT now(),
    creado_por      text NOT NULL DEFAULT session_user,
    tomado          timestamptz,
    tomado_por      text,
    enviado         timestamptz,
    proveedor       text,
    id_proveedor    text,
    respuesta       text CHECK (length(respuesta) <= 500),
    cancelado_por   text,
    CHECK ((estado = 'Enviado') = (enviado IS NOT NULL)),
    CHECK (estado <> 'Cancelado' OR cancelado_por IS NOT NULL)
);
CREATE INDEX mensaje_pendiente_idx ON mensaje (proximo_intento) WHERE estado = 'Pendiente';
CREATE INDEX mensaje_enviando_idx ON mensaje (tomado) WHERE estado = 'Enviando';
CREATE INDEX mensaje_ciudadano_idx ON mensaje (ciudadano_id, id);
CREATE INDEX mensaje_creado_idx ON mensaje (creado, id);
CREATE INDEX mensaje_problema_idx ON mensaje (estado, id) WHERE estado IN ('Fallido', 'Incierto');

-- Who and when are the database's, whatever the client says.
CREATE FUNCTION sipros_mensaje_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.creado := now();
    NEW.creado_por := session_user;
    NEW.estado := 'Pendiente';
    NEW.intentos := 0;
    NEW.proximo_intento := now();
    NEW.tomado := NULL;
    NEW.tomado_por := NULL;
    NEW.enviado := NULL;
    NEW.clave := gen_random_uuid();
    RETURN NEW;
END
$$;
CREATE TRIGGER mensaje_alta BEFORE INSERT ON mensaje
    FOR EACH ROW EXECUTE FUNCTION sipros_mensaje_alta();

-- audited when queued (who sent what to which phone); the dispatcher's progress is in the row
CREATE TRIGGER mensaje_bitacora_ins AFTER INSERT ON mensaje REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar();
CREATE FUNCTION sipros_bitacora_plantilla() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO bitacora (usuario, tabla, operacion, clave, antes, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, n.evento, to_jsonb(v), to_jsonb(n)
    FROM viejos v JOIN nuevos n USING (evento)
    WHERE to_jsonb(v) IS DISTINCT FROM to_jsonb(n);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_bitacora_plantilla() FROM PUBLIC;
CREATE TRIGGER plantilla_mensaje_bitacora_upd AFTER UPDATE ON plantilla_mensaje
    REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_plantilla();

ALTER TABLE mensaje ENABLE ROW LEVEL SECURITY;
CREATE POLICY mensaje_alcance ON mensaje FOR SELECT
    USING ((SELECT sipros_ve_todo_personal()));
GRANT SELECT ON mensaje TO sipros_administrador;
-- nobody writes the outbox directly: the triggers and functions below do

-- The phone a message goes to: the citizen's 10 digits as E.164.
CREATE FUNCTION sipros_e164(p_telefono text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN p_telefono ~ '^[0-9]{10}$' THEN '+52' || p_telefono END
$$;

-- Queue the message of an event for a citizen (internal: the triggers call it). Nothing when
-- the citizen did not accept SMS, has no phone, or the template is switched off.
CREATE FUNCTION sipros_mensaje_encolar(p_evento text, p_ciudadano bigint, p_solicitud bigint,
                                       p_datos jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c record;
    p plantilla_mensaje;
    nuevo bigint;
BEGIN
    SELECT ci.telefono, ci.acepta_sms, ci.nombre INTO c FROM ciudadano ci WHERE ci.id = p_ciudadano;
    IF NOT FOUND OR NOT c.acepta_sms OR c.telefono IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM plantilla_mensaje WHERE evento = p_evento AND activa;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO mensaje (evento, ciudadano_id, solicitud_id, telefono, texto)
    VALUES (p_evento, p_ciudadano, p_solicitud, sipros_e164(c.telefono),
            left(sipros_plantilla_aplicar(p.texto,
                 jsonb_build_object('nombre', initcap(split_part(c.nombre, ' ', 1))) || p_datos,
                 p.sin_acentos), 918))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_encolar(text, bigint, bigint, jsonb) FROM PUBLIC;

-- What an application's messages say about it.
CREATE FUNCTION sipros_mensaje_datos_solicitud(p_solicitud bigint) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_build_object('folio', s.folio, 'programa', p.nombre,
                              'tipo_apoyo', coalesce(t.nombre, ''))
    FROM solicitud s
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    LEFT JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE s.id = p_solicitud
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_datos_solicitud(bigint) FROM PUBLIC;

-- Filing, correction, approval and delivery: each history row of those states.
CREATE FUNCTION sipros_mensaje_por_historial() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    evento text;
    ciudadano bigint;
    datos jsonb;
BEGIN
    evento := CASE NEW.estado
        WHEN 'Corrección' THEN 'correccion'
        WHEN 'Aprobada' THEN 'aprobada'
        WHEN 'Entregado' THEN 'entregada'
        WHEN 'En proceso' THEN CASE WHEN NOT EXISTS (
                SELECT 1 FROM solicitud_historial h
                WHERE h.solicitud_id = NEW.solicitud_id AND h.id <> NEW.id)
            THEN 'solicitud_registrada' END
    END;
    IF evento IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT s.ciudadano_id INTO ciudadano FROM solicitud s WHERE s.id = NEW.solicitud_id;
    datos := sipros_mensaje_datos_solicitud(NEW.solicitud_id)
             || jsonb_build_object(
                    'comentario', left(coalesce(NEW.comentario, ''), 200),
                    'fecha', to_char(NEW.fecha AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY'));
    PERFORM sipros_mensaje_encolar(evento, ciudadano, NEW.solicitud_id, datos);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_historial() FROM PUBLIC;
CREATE TRIGGER solicitud_historial_mensaje AFTER INSERT ON solicitud_historial
    FOR EACH ROW EXECUTE FUNCTION sipros_mensaje_por_historial();

-- A voucher issued: where and when to collect the benefit (its delivery event).
CREATE FUNCTION sipros_mensaje_por_comprobante() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    ciudadano bigint;
    datos jsonb;
BEGIN
    IF NEW.estado <> 'Vigente' THEN
        RETURN NULL;
    END IF;
    SELECT s.ciudadano_id INTO ciudadano FROM solicitud s WHERE s.id = NEW.solicitud_id;
    SELECT sipros_mensaje_datos_solicitud(NEW.solicitud_id) || jsonb_build_object(
               'lugar', e.domicilio || ', ' || m.nombre,
               'fecha', to_char(e.fecha, 'DD/MM/YYYY'),
               'hora', to_char(e.hora_inicio, 'HH24:MI') || ' a ' || to_char(e.hora_fin, 'HH24:MI'))
    INTO datos
    FROM evento_entrega e JOIN municipio m ON m.id = e.municipio_id
    WHERE e.id = NEW.evento_id;
    IF datos IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM sipros_mensaje_encolar('comprobante', ciudadano, NEW.solicitud_id, datos);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_comprobante() FROM PUBLIC;
CREATE TRIGGER comprobante_mensaje AFTER INSERT ON comprobante
    FOR EACH ROW EXECUTE FUNCTION sipros_mensaje_por_comprobante();

-- ---------------------------------------------------------------------------
-- Messages a person writes: to a citizen by CURP (desk, administrators), to a phone
-- (administrators: a test, or a citizen's number), and the last one again
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_puede_escribir_sms() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
        OR pg_has_role(session_user, 'sipros_consulta', 'MEMBER')
        OR pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
$$;

CREATE FUNCTION sipros_texto_sms(p_texto text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    t text := btrim(coalesce(p_texto, ''));
BEGIN
    IF t = '' THEN
        RAISE EXCEPTION 'Escriba el texto del mensaje.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(t) > 918 THEN
        RAISE EXCEPTION 'El mensaje tiene % caracteres; el máximo es 918 (6 partes).', length(t)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN t;
END
$$;

CREATE FUNCTION sipros_ciudadano_para_sms(p_curp text) RETURNS ciudadano
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
BEGIN
    SELECT * INTO c FROM ciudadano WHERE curp = sipros_curp_vigente(p_curp);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%».',
            upper(btrim(coalesce(p_curp, ''))) USING ERRCODE = 'no_data_found';
    END IF;
    IF c.telefono IS NULL THEN
        RAISE EXCEPTION 'El ciudadano no tiene teléfono registrado: anótelo primero.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT c.acepta_sms THEN
        RAISE EXCEPTION 'El ciudadano no aceptó recibir mensajes SMS: no se le envía ninguno. '
            'Si ahora lo acepta, márquelo en sus datos de contacto.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN c;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_para_sms(text) FROM PUBLIC;

CREATE FUNCTION sipros_sms_a_ciudadano(p_curp text, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    nuevo bigint;
BEGIN
    IF NOT sipros_puede_escribir_sms() THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana y los administradores envían mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    c := sipros_ciudadano_para_sms(p_curp);
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES ('manual', c.id, sipros_e164(c.telefono), sipros_texto_sms(p_texto))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

CREATE FUNCTION sipros_sms_reenviar(p_curp text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    ultimo mensaje;
    nuevo bigint;
BEGIN
    IF NOT sipros_puede_escribir_sms() THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana y los administradores reenvían mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    c := sipros_ciudadano_para_sms(p_curp);
    SELECT * INTO ultimo FROM mensaje
    WHERE ciudadano_id = c.id AND estado <> 'Cancelado' ORDER BY id DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El ciudadano no ha recibido ningún mensaje que reenviar.'
            USING ERRCODE = 'no_data_found';
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

-- A phone number (administrators): a test message, or a manual one. A number that belongs to a
-- citizen who did not accept SMS gets nothing.
CREATE FUNCTION sipros_sms_a_telefono(p_telefono text, p_texto text, p_prueba boolean)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    tel text := btrim(coalesce(p_telefono, ''));
    de bigint;
    nuevo bigint;
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_administrador', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo los administradores envían mensajes a un número.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF tel !~ '^[0-9]{10}$' THEN
        RAISE EXCEPTION 'El teléfono debe tener 10 dígitos.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM ciudadano WHERE telefono = tel AND NOT acepta_sms) THEN
        RAISE EXCEPTION 'El número % es de un ciudadano que no aceptó recibir mensajes SMS.', tel
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT id INTO de FROM ciudadano WHERE telefono = tel ORDER BY id LIMIT 1;
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES (CASE WHEN p_prueba THEN 'prueba' ELSE 'manual' END,
            CASE WHEN NOT p_prueba THEN de END, sipros_e164(tel), sipros_texto_sms(p_texto))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;
CREATE INDEX ciudadano_telefono_idx ON ciudadano (telefono) WHERE telefono IS NOT NULL;

-- Administración: send a failed, uncertain or cancelled message again, or cancel it.
CREATE FUNCTION sipros_sms_reintentar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    IF NOT sipros_ve_todo_personal() THEN
        RAISE EXCEPTION 'Solo los administradores reintentan mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM mensaje m JOIN ciudadano c ON c.id = m.ciudadano_id
               WHERE m.id = ANY (p_ids) AND m.estado IN ('Fallido', 'Incierto', 'Cancelado')
                 AND NOT c.acepta_sms) THEN
        RAISE EXCEPTION 'Uno de los mensajes es para un ciudadano que ya no acepta SMS.'
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE mensaje SET estado = 'Pendiente', proximo_intento = now(), intentos = 0,
        cancelado_por = NULL,
        respuesta = left('Reintento pedido por ' || session_user || '. ' || coalesce(respuesta, ''), 500)
    WHERE id = ANY (p_ids) AND estado IN ('Fallido', 'Incierto', 'Cancelado');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'reintento',
           jsonb_build_object('mensajes', p_ids, 'reintentados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

CREATE FUNCTION sipros_sms_cancelar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    IF NOT sipros_ve_todo_personal() THEN
        RAISE EXCEPTION 'Solo los administradores cancelan mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user
    WHERE id = ANY (p_ids) AND estado IN ('Pendiente', 'Fallido', 'Incierto');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'cancelación',
           jsonb_build_object('mensajes', p_ids, 'cancelados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

-- ---------------------------------------------------------------------------
-- The dispatcher
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_es_despachador() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_despacho', 'MEMBER')) THEN
        RAISE EXCEPTION 'Esta cuenta no despacha mensajes (necesita el rol sipros_despacho).'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Take up to p_n due messages: each is marked «Enviando» (with who took it) and the caller
-- commits before calling the provider. Messages of citizens who withdrew their consent or
-- their phone are cancelled instead; a changed phone is followed.
CREATE FUNCTION sipros_sms_tomar(p_n integer, p_quien text)
    RETURNS TABLE (id bigint, clave uuid, telefono text, texto text, intentos integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_es_despachador();
    IF coalesce(btrim(p_quien), '') = '' THEN
        RAISE EXCEPTION 'El despachador debe decir quién es.';
    END IF;
    RETURN QUERY
    WITH due AS (
        SELECT m.id, m.ciudadano_id FROM mensaje m
        WHERE m.estado = 'Pendiente' AND m.proximo_intento <= now()
        ORDER BY m.proximo_intento, m.id
        FOR UPDATE OF m SKIP LOCKED
        LIMIT greatest(1, least(p_n, 1000))
    ), con AS (
        SELECT d.id, c.acepta_sms, sipros_e164(c.telefono) AS actual, d.ciudadano_id
        FROM due d LEFT JOIN ciudadano c ON c.id = d.ciudadano_id
    ), cancelados AS (
        UPDATE mensaje m SET estado = 'Cancelado', cancelado_por = session_user,
            respuesta = CASE WHEN NOT x.acepta_sms THEN 'El ciudadano retiró su consentimiento.'
                             ELSE 'El ciudadano ya no tiene teléfono.' END
        FROM con x
        WHERE m.id = x.id AND x.ciudadano_id IS NOT NULL
          AND (NOT x.acepta_sms OR x.actual IS NULL)
        RETURNING m.id
    )
    UPDATE mensaje m SET estado = 'Enviando', intentos = m.intentos + 1, tomado = now(),
        tomado_por = p_quien,
        telefono = CASE WHEN x.ciudadano_id IS NOT NULL THEN x.actual ELSE m.telefono END
    FROM con x
    WHERE m.id = x.id AND (x.ciudadano_id IS NULL OR (x.acepta_sms AND x.actual IS NOT NULL))
    RETURNING m.id, m.clave, m.telefono, m.texto, m.intentos;
END
$$;

-- The provider's answer. p_resultado: 'enviado', 'reintentar' (due again in p_espera seconds,
-- or «Fallido» after p_max intentos), 'fallido' (a permanent refusal: never retried),
-- 'incierto' (may have gone out: a person decides), 'devuelto' (a stopping dispatcher never
-- called the provider: back to the queue, the attempt not counted). Ignored (NULL) when the
-- message is no longer this dispatcher's.
CREATE FUNCTION sipros_sms_resultado(p_id bigint, p_quien text, p_resultado text,
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

-- After a crash: messages marked longer ago than p_plazo and never answered. With an
-- idempotent provider they are sent again under the same id (the provider drops the repeat);
-- without one they become «Incierto».
CREATE FUNCTION sipros_sms_reconciliar(p_plazo interval, p_idempotente boolean)
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

-- What is in the outbox (the CLI's «sms estado» and the dispatcher's log).
CREATE FUNCTION sipros_sms_resumen()
    RETURNS TABLE (estado text, mensajes bigint, mas_antiguo timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (sipros_ve_todo_personal() OR pg_has_role(session_user, 'sipros_despacho', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo los administradores y el despachador ven la bandeja de mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT m.estado, count(*), min(m.creado) FROM mensaje m GROUP BY m.estado;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_puede_escribir_sms(), sipros_texto_sms(text),
    sipros_sms_a_ciudadano(text, text), sipros_sms_reenviar(text),
    sipros_sms_a_telefono(text, text, boolean), sipros_sms_reintentar(bigint[]),
    sipros_sms_cancelar(bigint[]), sipros_es_despachador(), sipros_sms_tomar(integer, text),
    sipros_sms_resultado(bigint, text, text, double precision, integer, text, text, text),
    sipros_sms_reconciliar(interval, boolean), sipros_sms_resumen(), sipros_e164(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_puede_escribir_sms(), sipros_texto_sms(text),
    sipros_e164(text) TO sipros_personal;
GRANT EXECUTE ON FUNCTION sipros_sms_a_ciudadano(text, text), sipros_sms_reenviar(text)
    TO sipros_consulta, sipros_administrador;
GRANT EXECUTE ON FUNCTION sipros_sms_a_telefono(text, text, boolean), sipros_sms_reintentar(bigint[]),
    sipros_sms_cancelar(bigint[]) TO sipros_administrador;
GRANT EXECUTE ON FUNCTION sipros_es_despachador(), sipros_sms_tomar(integer, text),
    sipros_sms_resultado(bigint, text, text, double precision, integer, text, text, text),
    sipros_sms_reconciliar(interval, boolean) TO sipros_despacho;
GRANT EXECUTE ON FUNCTION sipros_sms_resumen() TO sipros_administrador, sipros_despacho;

-- ---------------------------------------------------------------------------
-- Consulta ciudadana: what the citizen would see on «Mis solicitudes», by exact CURP (a merged
-- CURP finds the surviving file); one bitácora row per look-up, found or not
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_consulta(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := upper(btrim(coalesce(p_curp, '')));
    c ciudadano;
    r jsonb;
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_consulta', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana usa esta consulta.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO bitacora (usuario, tabla, operacion, clave)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(buscada, 18));
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
            '[]'::jsonb))
    INTO r;
    RETURN r;
END
$$;

-- Phone, e-mail and SMS consent. The ciudadano trigger writes old and new values to the
-- bitácora; withdrawing consent cancels what was still waiting to go out.
CREATE FUNCTION sipros_consulta_contacto(p_curp text, p_telefono text, p_correo text,
                                         p_acepta_sms boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    v_tel text := nullif(btrim(coalesce(p_telefono, '')), '');
    v_correo text := nullif(btrim(coalesce(p_correo, '')), '');
    v_acepta boolean := coalesce(p_acepta_sms, false);
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_consulta', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana cambia los datos de contacto por aquí.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO c FROM ciudadano WHERE curp = sipros_curp_vigente(p_curp) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%».',
            upper(btrim(coalesce(p_curp, ''))) USING ERRCODE = 'no_data_found';
    END IF;
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
    UPDATE ciudadano SET telefono = v_tel, correo = v_correo, acepta_sms = v_acepta,
        actualizado = now()
    WHERE id = c.id AND (telefono, correo, acepta_sms) IS DISTINCT FROM (v_tel, v_correo, v_acepta);
    IF NOT v_acepta AND c.acepta_sms THEN
        UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
            respuesta = 'El ciudadano retiró su consentimiento.'
        WHERE ciudadano_id = c.id AND estado = 'Pendiente';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta(text), sipros_consulta_contacto(text, text, text, boolean)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta(text), sipros_consulta_contacto(text, text, text, boolean)
    TO sipros_consulta;
