-- ---------------------------------------------------------------------------
-- Hardening: what the database enforces whatever the client sends. Staff are login roles and
-- can open psql with their own password; everything below holds for any SQL they run.
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- Who and when: set by the database on every row that records an actor or a time
-- ---------------------------------------------------------------------------
-- TG_ARGV: the column of the actor, then the column of the time
CREATE FUNCTION sipros_quien_cuando() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user,
                                                         TG_ARGV[1], now()));
    RETURN NEW;
END
$$;
CREATE TRIGGER solicitud_historial_quien_cuando BEFORE INSERT OR UPDATE ON solicitud_historial
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'fecha');
CREATE TRIGGER documento_quien_cuando BEFORE INSERT OR UPDATE ON documento
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'creado');
CREATE TRIGGER cuestionario_quien_cuando BEFORE INSERT OR UPDATE ON cuestionario
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'creado');
CREATE TRIGGER duplicado_quien_cuando BEFORE INSERT OR UPDATE ON duplicado_decision
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'fecha');
ALTER TABLE documento ALTER COLUMN usuario SET DEFAULT session_user;
ALTER TABLE solicitud_historial ALTER COLUMN usuario SET DEFAULT session_user;

-- ---------------------------------------------------------------------------
-- Business rules of an application, in the database
-- ---------------------------------------------------------------------------
-- Answers and support type change only while the application is being captured or corrected
CREATE FUNCTION sipros_solicitud_captura_abierta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF (NEW.respuestas IS DISTINCT FROM OLD.respuestas
        OR NEW.tipo_apoyo_id IS DISTINCT FROM OLD.tipo_apoyo_id)
       AND OLD.estado NOT IN ('En proceso', 'Corrección') THEN
        RAISE EXCEPTION 'La solicitud % está «%»: sus respuestas y su tipo de apoyo ya no cambian.',
            OLD.folio, OLD.estado USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER solicitud_captura_abierta BEFORE UPDATE OF respuestas, tipo_apoyo_id ON solicitud
    FOR EACH ROW EXECUTE FUNCTION sipros_solicitud_captura_abierta();

-- Filing: the call's rules (age at the business date, sex, municipalities), besides the dates,
-- the open flag and the support type checked before.
CREATE OR REPLACE FUNCTION sipros_solicitud_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    conv record;
    persona record;
    numero text;
    edad integer;
BEGIN
    SELECT c.id, c.nombre, c.abierta, c.fecha_apertura, c.fecha_cierre, c.programa_id,
           c.formulario_id, c.reglas, p.clave AS programa_clave
    INTO conv
    FROM convocatoria c JOIN programa p ON p.id = c.programa_id
    WHERE c.id = NEW.convocatoria_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'La convocatoria % no existe.', NEW.convocatoria_id;
    END IF;
    IF NOT conv.abierta OR sipros_hoy() NOT BETWEEN conv.fecha_apertura AND conv.fecha_cierre THEN
        RAISE EXCEPTION 'La convocatoria «%» no está abierta hoy (recibe solicitudes del % al %).',
            conv.nombre, to_char(conv.fecha_apertura, 'DD/MM/YYYY'),
            to_char(conv.fecha_cierre, 'DD/MM/YYYY');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM tipo_apoyo t
                   WHERE t.id = NEW.tipo_apoyo_id AND t.programa_id = conv.programa_id) THEN
        RAISE EXCEPTION 'El tipo de apoyo elegido no pertenece al programa de la convocatoria.';
    END IF;
    IF NEW.estado <> 'En proceso' THEN
        RAISE EXCEPTION 'Una solicitud nueva empieza en estado «En proceso».';
    END IF;
    SELECT c.fecha_nacimiento, c.sexo, m.clave AS municipio
    INTO persona
    FROM ciudadano c
    LEFT JOIN domicilio d ON d.ciudadano_id = c.id
    LEFT JOIN municipio m ON m.id = d.municipio_id
    WHERE c.id = NEW.ciudadano_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El ciudadano % no existe.', NEW.ciudadano_id;
    END IF;
    edad := extract(year FROM age(sipros_hoy(), persona.fecha_nacimiento))::integer;
    IF conv.reglas ? 'edad_min' AND edad < (conv.reglas ->> 'edad_min')::integer THEN
        RAISE EXCEPTION 'La convocatoria «%» pide edad mínima de % años (tiene %).',
            conv.nombre, conv.reglas ->> 'edad_min', edad USING ERRCODE = 'check_violation';
    END IF;
    IF conv.reglas ? 'edad_max' AND edad > (conv.reglas ->> 'edad_max')::integer THEN
        RAISE EXCEPTION 'La convocatoria «%» pide edad máxima de % años (tiene %).',
            conv.nombre, conv.reglas ->> 'edad_max', edad USING ERRCODE = 'check_violation';
    END IF;
    IF nullif(conv.reglas ->> 'sexo', '') IS NOT NULL AND persona.sexo <> conv.reglas ->> 'sexo' THEN
        RAISE EXCEPTION 'La convocatoria «%» es solo para sexo %.', conv.nombre,
            conv.reglas ->> 'sexo' USING ERRCODE = 'check_violation';
    END IF;
    IF jsonb_typeof(conv.reglas -> 'municipios') = 'array'
       AND jsonb_array_length(conv.reglas -> 'municipios') > 0
       AND NOT coalesce(conv.reglas -> 'municipios' ? persona.municipio, false) THEN
        RAISE EXCEPTION 'El municipio del ciudadano no está en la cobertura de la convocatoria «%».',
            conv.nombre USING ERRCODE = 'check_violation';
    END IF;
    NEW.fecha_solicitud := sipros_hoy();
    NEW.formulario_id := conv.formulario_id;
    numero := nextval(format('public.%I', 'sipros_folio_' || conv.programa_id)::regclass)::text;
    -- at least five digits; never cut (lpad would truncate 123456 to 12345)
    NEW.folio := to_char(sipros_hoy(), 'DD/MM/YYYY') || '-' || conv.programa_clave || '-'
        || lpad(numero, greatest(5, length(numero)), '0');
    RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------
-- Locks and timeouts: one official's open transaction never stalls another área
-- ---------------------------------------------------------------------------
-- cupo of a bulk approval: only the calls the caller may decide are locked (or counted)
CREATE OR REPLACE FUNCTION sipros_cupo_restante(p_convocatorias integer[], p_bloquear boolean)
    RETURNS TABLE (convocatoria_id integer, cupo_restante integer, presupuesto_restante numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    propias integer[];
BEGIN
    SELECT coalesce(array_agg(x), '{}') INTO propias FROM unnest(p_convocatorias) x
    WHERE sipros_alcance_estatal() OR x = ANY (sipros_convocatorias_visibles());
    IF p_bloquear THEN
        PERFORM 1 FROM convocatoria c WHERE c.id = ANY (propias) ORDER BY c.id FOR UPDATE;
    END IF;
    RETURN QUERY
    SELECT c.id,
           c.cupo - coalesce(a.n, 0)::integer,
           c.presupuesto - coalesce(a.monto, 0)
    FROM convocatoria c
    LEFT JOIN LATERAL (
        SELECT count(*) AS n, sum(t.monto) AS monto
        FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
        WHERE s.convocatoria_id = c.id AND s.estado IN ('Aprobada', 'Entregado')) a ON true
    WHERE c.id = ANY (propias);
END
$$;

-- The limits of every staff session. Settings of group roles are not inherited by their
-- members, so they go on each login role (here for the existing ones, and by
-- sipros_usuario_crear for new ones).
CREATE FUNCTION sipros_limites_de_sesion(p_usuario text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', p_usuario, '10s');
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_usuario, '120s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_usuario, '120s');
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_limites_de_sesion(text) FROM PUBLIC;
DO $$
DECLARE
    u text;
BEGIN
    FOR u IN SELECT f.usuario FROM funcionario f JOIN pg_roles r ON r.rolname = f.usuario LOOP
        PERFORM sipros_limites_de_sesion(u);
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- Administrators act inside their own scope and never grant more than they have
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_admin_alcanza(p_dependencia_id integer, p_area_id integer,
                                     p_alcance text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario yo
        WHERE yo.usuario = session_user AND yo.activo
          AND (yo.alcance = 'estatal'
               OR (yo.alcance = 'dependencia' AND p_alcance IN ('dependencia', 'area')
                   AND p_dependencia_id = yo.dependencia_id)
               OR (yo.alcance = 'area' AND p_alcance = 'area' AND p_area_id = yo.area_id)))
$$;
REVOKE EXECUTE ON FUNCTION sipros_admin_alcanza(integer, integer, text) FROM PUBLIC;


-- after a creation or an edition, the new assignment must be inside the administrator's scope
CREATE FUNCTION sipros_funcionario_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT sipros_admin_alcanza(OLD.dependencia_id, OLD.area_id, OLD.alcance)
    THEN
        RAISE EXCEPTION 'El funcionario «%» está fuera de su alcance: solo administra usuarios '
            'de su propia área o dependencia.', OLD.usuario USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT sipros_admin_alcanza(NEW.dependencia_id, NEW.area_id, NEW.alcance) THEN
        RAISE EXCEPTION 'No puede dar alcance «%» fuera de su propio alcance: un administrador '
            'no otorga más de lo que tiene (solo uno estatal otorga alcance estatal).',
            NEW.alcance USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER funcionario_en_alcance BEFORE INSERT OR UPDATE ON funcionario
    FOR EACH ROW EXECUTE FUNCTION sipros_funcionario_en_alcance();

-- new login roles get the session limits
CREATE OR REPLACE FUNCTION sipros_usuario_crear(
    p_usuario text, p_verificador text, p_nombre text, p_correo text, p_perfiles text[],
    p_dependencia text, p_area text, p_alcance text, p_cambiar_password boolean DEFAULT true)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    asignacion record;
    nuevo integer;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    PERFORM sipros_validar_usuario(p_usuario);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_usuario) THEN
        RAISE EXCEPTION 'Ya existe el usuario «%» en el servidor; elija otro nombre.', p_usuario;
    END IF;
    IF nullif(btrim(p_nombre), '') IS NULL THEN
        RAISE EXCEPTION 'Escriba el nombre del funcionario.';
    END IF;
    IF NOT coalesce(sipros_verificador_valido(p_verificador), false) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    asignacion := sipros_validar_asignacion(p_perfiles, p_dependencia, p_area, p_alcance);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_usuario, p_verificador);
    PERFORM sipros_limites_de_sesion(p_usuario);
    PERFORM sipros_asignar_perfiles(p_usuario, p_perfiles);
    INSERT INTO funcionario (usuario, nombre, correo, dependencia_id, area_id, alcance,
                             cambiar_password)
    VALUES (p_usuario, btrim(p_nombre), nullif(btrim(p_correo), ''), asignacion.dependencia_id,
            asignacion.area_id, p_alcance, p_cambiar_password)
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

-- ---------------------------------------------------------------------------
-- Audit of every table with personal data
-- ---------------------------------------------------------------------------
-- Per row, for tables whose key is not ``id``: TG_ARGV[0] is the key column, the rest are
-- columns not copied into the log (a document's bytes).
CREATE FUNCTION sipros_bitacora_clave() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    llave text := TG_ARGV[0];
    omitir text[] := coalesce(TG_ARGV[1:], '{}');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, to_jsonb(n) ->> llave, to_jsonb(n) - omitir
        FROM nuevos n;
    ELSE
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes)
        SELECT session_user, TG_TABLE_NAME, TG_OP, to_jsonb(v) ->> llave, to_jsonb(v) - omitir
        FROM viejos v;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_bitacora_clave() FROM PUBLIC;

-- One summary row per statement, for tables loaded in bulk from files (the civil-registry
-- extract): how many rows; the import itself adds the file's name and SHA-256.
CREATE FUNCTION sipros_bitacora_resumen() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes)
        SELECT session_user, TG_TABLE_NAME, TG_OP, 'resumen', jsonb_build_object('filas', count(*))
        FROM viejos HAVING count(*) > 0;
    ELSE
        INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, 'resumen', jsonb_build_object('filas', count(*))
        FROM nuevos HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_bitacora_resumen() FROM PUBLIC;

CREATE TRIGGER archivo_bitacora_ins AFTER INSERT ON archivo REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_clave('sha256', 'contenido');
CREATE TRIGGER archivo_bitacora_del AFTER DELETE ON archivo REFERENCING OLD TABLE AS viejos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_clave('sha256', 'contenido');
CREATE TRIGGER registro_civil_bitacora_ins AFTER INSERT ON registro_civil
    REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_resumen();
CREATE TRIGGER registro_civil_bitacora_upd AFTER UPDATE ON registro_civil
    REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_resumen();
CREATE TRIGGER registro_civil_bitacora_del AFTER DELETE ON registro_civil
    REFERENCING OLD TABLE AS viejos FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_resumen();

-- the file behind a bulk import, once per import
CREATE FUNCTION sipros_bitacora_importacion(p_tabla text, p_archivo text, p_sha256 text,
                                            p_filas integer) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, p_tabla, 'INSERT', 'importación',
            jsonb_build_object('archivo', p_archivo, 'sha256', p_sha256, 'filas', p_filas))
$$;
REVOKE EXECUTE ON FUNCTION sipros_bitacora_importacion(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_bitacora_importacion(text, text, text, integer)
    TO sipros_administrador;

-- no role has any privilege on it; only sipros_abrir_expediente (as the owner) writes it, and
-- that function logs every look-up as CONSULTA
ALTER TABLE atencion ENABLE ROW LEVEL SECURITY;

-- ---------------------------------------------------------------------------
-- Documents follow their citizen too (a front-desk clerk sees the documents of the citizens
-- it serves, not of every application of its programmes), and their application if any
-- ---------------------------------------------------------------------------
ALTER POLICY documento_alcance ON documento
    USING (EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id)
           AND (solicitud_id IS NULL OR EXISTS (SELECT 1 FROM solicitud s WHERE s.id = solicitud_id)));

-- ---------------------------------------------------------------------------
-- Document bytes: reachable only through the documents the role may see
-- ---------------------------------------------------------------------------
ALTER TABLE archivo ENABLE ROW LEVEL SECURITY;
CREATE POLICY archivo_lectura ON archivo FOR SELECT
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM documento d WHERE d.sha256 = archivo.sha256));
-- The front desk stores a file's bytes once, before the document that points to it, through
-- this function (the content checks of the table's triggers still apply).
REVOKE INSERT ON archivo FROM sipros_ventanilla;
CREATE FUNCTION sipros_archivo_guardar(p_sha256 text, p_mime text, p_tamano integer,
                                       p_contenido bytea) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    INSERT INTO archivo (sha256, mime, tamano, contenido)
    VALUES (p_sha256, p_mime, p_tamano, p_contenido)
    ON CONFLICT (sha256) DO NOTHING
$$;
REVOKE EXECUTE ON FUNCTION sipros_archivo_guardar(text, text, integer, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_archivo_guardar(text, text, integer, bytea)
    TO sipros_ventanilla;

-- ---------------------------------------------------------------------------
-- The front desk files applications and attaches documents only for the citizens it is
-- serving (opened by exact CURP or registered today)
-- ---------------------------------------------------------------------------
-- (a function, not a sub-select on ciudadano: its policy reads solicitud)
CREATE FUNCTION sipros_atiende(p_ciudadano bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_ve_todo_personal()
        OR p_ciudadano = ANY (sipros_atendidos())
        OR EXISTS (SELECT 1 FROM ciudadano c
                   WHERE c.id = p_ciudadano AND c.registrado_por = session_user::text
                     AND c.creado >= current_date)
$$;
REVOKE EXECUTE ON FUNCTION sipros_atiende(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_atiende(bigint) TO sipros_personal;
CREATE POLICY solicitud_de_atendidos ON solicitud AS RESTRICTIVE FOR INSERT
    WITH CHECK (sipros_atiende(ciudadano_id));
CREATE POLICY documento_de_atendidos ON documento AS RESTRICTIVE FOR INSERT
    WITH CHECK (sipros_atiende(ciudadano_id));

-- A stored file is only what its type says: no ZIP archive hidden after a PDF header
-- (the page count and page size are checked by the app with PDFium before it attaches one)
CREATE FUNCTION sipros_archivo_sin_zip() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF position('\x504b0506'::bytea IN substring(NEW.contenido
                FROM greatest(1, length(NEW.contenido) - 65557))) > 0
       OR position('\x504b0304'::bytea IN substring(NEW.contenido FOR 1024)) > 0 THEN
        RAISE EXCEPTION 'El archivo contiene un archivo comprimido (ZIP) además de lo que aparenta.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER archivo_sin_zip BEFORE INSERT ON archivo
    FOR EACH ROW EXECUTE FUNCTION sipros_archivo_sin_zip();

-- Filing: the call's required documents are attached when the transaction commits (the
-- application and its documents are written together; checked once, at the end)
CREATE FUNCTION sipros_solicitud_documentos() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    faltan text[];
BEGIN
    SELECT array_agg(r ORDER BY n) INTO faltan
    FROM convocatoria c,
         jsonb_array_elements_text(c.documentos_requeridos) WITH ORDINALITY AS t(r, n)
    WHERE c.id = NEW.convocatoria_id
      AND NOT EXISTS (SELECT 1 FROM documento d WHERE d.solicitud_id = NEW.id AND d.tipo = t.r);
    IF faltan IS NOT NULL THEN
        RAISE EXCEPTION 'A la solicitud % le faltan documentos: %.', NEW.folio,
            array_to_string(faltan, ', ') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_solicitud_documentos() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER solicitud_documentos AFTER INSERT ON solicitud
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION sipros_solicitud_documentos();

-- A staff member's name and e-mail: bounded, no control characters (also from psql)
ALTER TABLE funcionario
    ADD CONSTRAINT funcionario_nombre_valido
        CHECK (length(nombre) <= 120 AND nombre !~ '[[:cntrl:]]') NOT VALID,
    ADD CONSTRAINT funcionario_correo_valido
        CHECK (correo IS NULL OR (length(correo) <= 254 AND correo !~ '[[:cntrl:]]')) NOT VALID;

-- An agency's logo for its printed documents (acuse, later vouchers and lists): a PNG or JPEG
-- of at most 512 KB, checked by its first bytes
ALTER TABLE dependencia ADD COLUMN logo bytea
    CONSTRAINT dependencia_logo_imagen CHECK (logo IS NULL OR (
        octet_length(logo) <= 524288
        AND (substring(logo FOR 8) = '\x89504e470d0a1a0a'::bytea
             OR substring(logo FOR 3) = '\xffd8ff'::bytea)));
