-- 0015 (alcance): every write and every SECURITY DEFINER function checks the row's área or
-- dependencia against the caller's alcance, not only the caller's profile.
--  1. administrators are scoped like officials: only state-wide ones see the whole registry;
--  2. catalogue, geography, settings and civil registry: row-level security for writes;
--  3. the bitácora and the staff list read within the administrator's scope;
--  4. first login: an account with a password set by an administrator can only change it;
--  5. merges only from the review queue, by a state-wide administrator, recorded and undoable;
--  6. SMS: templates by state-wide administrators, messages read and handled within scope;
--  7. forms of other áreas (and the base CUIS) are published by state-wide administrators.

-- ---------------------------------------------------------------------------
-- 1. Who sees what: administrators by their alcance
-- ---------------------------------------------------------------------------
-- the whole registry: the owner, and state-wide administrators and officials (before: any
-- administrator, whatever its alcance)
CREATE OR REPLACE FUNCTION sipros_ve_todo_personal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario f
        WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal'
          AND (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
               OR pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')))
$$;

-- the citizens with business in the programmes of the caller's alcance: officials, delivery
-- staff and now área and dependencia administrators too
CREATE OR REPLACE FUNCTION sipros_ve_por_programas() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.usuario = session_user AND f.activo)
       AND (pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_administrador', 'MEMBER'))
$$;

-- a state-wide administrator (or the owner: maintenance and the command line)
CREATE FUNCTION sipros_admin_estatal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario f
        WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal'
          AND pg_has_role(session_user, 'sipros_administrador', 'MEMBER'))
$$;
REVOKE EXECUTE ON FUNCTION sipros_admin_estatal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_admin_estatal() TO sipros_personal;

-- whether the caller administers the catalogue rows of an área: a state-wide administrator
-- any; a dependencia administrator those of its dependencia; an área administrator its own
CREATE FUNCTION sipros_area_administrable(p_area integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario yo
        WHERE yo.usuario = session_user AND yo.activo
          AND pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
          AND (yo.alcance = 'estatal'
               OR (yo.alcance = 'area' AND yo.area_id = p_area)
               OR (yo.alcance = 'dependencia'
                   AND EXISTS (SELECT 1 FROM area a
                               WHERE a.id = p_area AND a.dependencia_id = yo.dependencia_id))))
$$;
REVOKE EXECUTE ON FUNCTION sipros_area_administrable(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_area_administrable(integer) TO sipros_personal;

CREATE FUNCTION sipros_programa_administrable(p_programa integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_area_administrable((SELECT p.area_id FROM programa p WHERE p.id = p_programa))
$$;
REVOKE EXECUTE ON FUNCTION sipros_programa_administrable(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_programa_administrable(integer) TO sipros_personal;

-- "inside a load or merge function": the owner runs the statement (SECURITY DEFINER), or the
-- owner itself is connected. (Before: current_user <> session_user, which a clerk reached with
-- SET ROLE sipros_ventanilla.)
CREATE OR REPLACE FUNCTION sipros_ciudadano_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    privilegiado boolean := pg_has_role(current_user, 'pg_database_owner', 'MEMBER')
        OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
    por_carga boolean := NEW.carga_masiva_id IS NOT NULL AND privilegiado;
    -- sipros_separar puts a merged file back as it was (who registered it, and when)
    restaurando boolean := privilegiado
        AND coalesce(current_setting('sipros.restaurando', true), '') = 'on';
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.carga_masiva_id IS NOT NULL AND NOT por_carga THEN
            RAISE EXCEPTION 'Solo una carga masiva abre expedientes con origen de carga.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.aviso_privacidad IS NULL AND NOT por_carga AND NOT restaurando
           AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'Falta la aceptación del aviso de privacidad: léalo al ciudadano y '
                'marque su aceptación antes de guardar.';
        END IF;
        IF sipros_curp_es_alias(NEW.curp) THEN
            RAISE EXCEPTION 'La CURP % ya pertenece a un expediente (se fusionó con otro): '
                'búsquela y use ese expediente.', NEW.curp USING ERRCODE = 'unique_violation';
        END IF;
        IF NOT restaurando THEN
            NEW.registrado_por := session_user;
            NEW.creado := now();
        END IF;
    ELSE
        NEW.registrado_por := OLD.registrado_por;
        NEW.creado := OLD.creado;
        IF NEW.carga_masiva_id IS DISTINCT FROM OLD.carga_masiva_id AND NOT privilegiado THEN
            NEW.carga_masiva_id := OLD.carga_masiva_id;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- who and when, set by the database; a merge being undone puts back the recorded ones
CREATE OR REPLACE FUNCTION sipros_quien_cuando() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' AND coalesce(current_setting('sipros.restaurando', true), '') = 'on'
       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user,
                                                         TG_ARGV[1], now()));
    RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------
-- 2. Catalogue, geography, settings, civil registry: everyone reads, writes by alcance
-- ---------------------------------------------------------------------------
-- A refusal in Spanish before the row-level check (whose own message is PostgreSQL's): the
-- new row must be administrable, and so must the old one.
CREATE FUNCTION sipros_catalogo_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    viejo record;
    nuevo record;
    area_vieja integer;
    area_nueva integer;
    que text;
BEGIN
    IF TG_OP <> 'INSERT' THEN viejo := OLD; END IF;
    IF TG_OP <> 'DELETE' THEN nuevo := NEW; END IF;
    IF TG_TABLE_NAME IN ('dependencia', 'area') THEN
        IF NOT sipros_admin_estatal() THEN
            RAISE EXCEPTION 'Solo un administrador estatal da de alta, cambia o quita '
                'dependencias y áreas.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'programa' THEN
        IF TG_OP <> 'INSERT' THEN area_vieja := viejo.area_id; END IF;
        IF TG_OP <> 'DELETE' THEN area_nueva := nuevo.area_id; END IF;
        que := 'programas';
    ELSE  -- tipo_apoyo, convocatoria: by their programme
        IF TG_OP <> 'INSERT' THEN
            SELECT p.area_id INTO area_vieja FROM programa p WHERE p.id = viejo.programa_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            SELECT p.area_id INTO area_nueva FROM programa p WHERE p.id = nuevo.programa_id;
        END IF;
        que := CASE TG_TABLE_NAME WHEN 'tipo_apoyo' THEN 'tipos de apoyo' ELSE 'convocatorias' END;
    END IF;
    IF TG_OP <> 'INSERT' AND NOT sipros_area_administrable(area_vieja) THEN
        RAISE EXCEPTION 'Solo administra % de los programas de su alcance; ése es de otra área.',
            que USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP <> 'DELETE' AND area_nueva IS NOT NULL AND NOT sipros_area_administrable(area_nueva)
    THEN
        RAISE EXCEPTION 'Solo administra % de los programas de su alcance: no puede ponerlos en '
            'otra área o dependencia (eso lo hace un administrador estatal).', que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dependencia', 'area', 'programa', 'tipo_apoyo', 'convocatoria'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION sipros_catalogo_en_alcance()',
                       t || '_en_alcance', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_lectura', t);
    END LOOP;
    -- tables only a state-wide administrator changes
    FOREACH t IN ARRAY ARRAY['dependencia', 'area', 'municipio', 'localidad', 'colonia',
                             'municipio_limite', 'ajuste'] LOOP
        IF t NOT IN ('dependencia', 'area') THEN
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
            EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_lectura', t);
        END IF;
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK ((SELECT sipros_admin_estatal()))',
                       t || '_alta', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE USING ((SELECT sipros_admin_estatal())) '
                       'WITH CHECK ((SELECT sipros_admin_estatal()))', t || '_cambio', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE USING ((SELECT sipros_admin_estatal()))',
                       t || '_baja', t);
    END LOOP;
END
$$;

CREATE POLICY programa_alta ON programa FOR INSERT
    WITH CHECK (sipros_area_administrable(area_id));
CREATE POLICY programa_cambio ON programa FOR UPDATE
    USING (sipros_area_administrable(area_id)) WITH CHECK (sipros_area_administrable(area_id));
CREATE POLICY programa_baja ON programa FOR DELETE USING (sipros_area_administrable(area_id));
CREATE POLICY tipo_apoyo_alta ON tipo_apoyo FOR INSERT
    WITH CHECK (sipros_programa_administrable(programa_id));
CREATE POLICY tipo_apoyo_cambio ON tipo_apoyo FOR UPDATE
    USING (sipros_programa_administrable(programa_id))
    WITH CHECK (sipros_programa_administrable(programa_id));
CREATE POLICY tipo_apoyo_baja ON tipo_apoyo FOR DELETE
    USING (sipros_programa_administrable(programa_id));
CREATE POLICY convocatoria_alta ON convocatoria FOR INSERT
    WITH CHECK (sipros_programa_administrable(programa_id));
CREATE POLICY convocatoria_cambio ON convocatoria FOR UPDATE
    USING (sipros_programa_administrable(programa_id))
    WITH CHECK (sipros_programa_administrable(programa_id));
CREATE POLICY convocatoria_baja ON convocatoria FOR DELETE
    USING (sipros_programa_administrable(programa_id));

-- Spanish for the settings and the geography (the staff's own writes; the owner bypasses)
CREATE FUNCTION sipros_solo_estatal() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER ajuste_solo_estatal BEFORE INSERT OR UPDATE OR DELETE ON ajuste
    FOR EACH ROW EXECUTE FUNCTION sipros_solo_estatal(
        'Los ajustes valen para todo el estado: solo un administrador estatal los cambia.');
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['municipio', 'localidad', 'colonia', 'municipio_limite'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION sipros_solo_estatal(%L)', t || '_solo_estatal', t,
                       'Los catálogos de municipios, localidades y colonias valen para todo el '
                       'estado: solo un administrador estatal los importa o cambia.');
    END LOOP;
END
$$;

-- the civil-registry extract is state-wide: only a state-wide administrator loads it
CREATE POLICY registro_civil_carga ON registro_civil AS RESTRICTIVE FOR INSERT
    WITH CHECK ((SELECT sipros_admin_estatal()));
CREATE POLICY registro_civil_cambio ON registro_civil AS RESTRICTIVE FOR UPDATE
    USING ((SELECT sipros_admin_estatal()));
CREATE POLICY registro_civil_baja ON registro_civil AS RESTRICTIVE FOR DELETE
    USING ((SELECT sipros_admin_estatal()));
CREATE TRIGGER registro_civil_solo_estatal BEFORE INSERT OR UPDATE OR DELETE ON registro_civil
    FOR EACH ROW EXECUTE FUNCTION sipros_solo_estatal(
        'El extracto del Registro Civil vale para todo el estado: solo un administrador estatal '
        'lo carga.');

CREATE OR REPLACE FUNCTION sipros_bitacora_importacion(p_tabla text, p_archivo text,
                                                       p_sha256 text, p_filas integer)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal importa catálogos del estado.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_tabla NOT IN ('registro_civil', 'municipio', 'localidad', 'colonia', 'municipio_limite')
    THEN
        RAISE EXCEPTION 'Tabla de importación desconocida: «%».', p_tabla
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, p_tabla, 'INSERT', 'importación',
            jsonb_build_object('archivo', left(p_archivo, 255), 'sha256', left(p_sha256, 64),
                               'filas', p_filas));
END
$$;

-- ---------------------------------------------------------------------------
-- 3. The bitácora and the staff list within the administrator's scope
-- ---------------------------------------------------------------------------
-- the staff an administrator administers (sipros_admin_alcanza) and itself
CREATE FUNCTION sipros_usuarios_en_alcance() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(f.usuario::text), '{}') FROM funcionario f
    WHERE f.usuario = session_user
       OR (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
           AND sipros_admin_alcanza(f.dependencia_id, f.area_id, f.alcance))
$$;
REVOKE EXECUTE ON FUNCTION sipros_usuarios_en_alcance() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuarios_en_alcance() TO sipros_administrador;

-- the bitácora holds every before and after: a state-wide administrator reads it all, an área
-- or dependencia administrator what its own staff did
ALTER TABLE bitacora ENABLE ROW LEVEL SECURITY;
CREATE POLICY bitacora_alcance ON bitacora FOR SELECT
    USING ((SELECT sipros_ve_todo_personal())
           OR usuario = ANY ((SELECT sipros_usuarios_en_alcance())::text[]));
-- (rows are written by the triggers and functions, as the owner)

ALTER TABLE funcionario ENABLE ROW LEVEL SECURITY;
CREATE POLICY funcionario_alcance ON funcionario FOR SELECT
    USING (usuario = session_user OR usuario = ANY ((SELECT sipros_usuarios_en_alcance())::text[]));

CREATE OR REPLACE FUNCTION sipros_usuarios()
    RETURNS TABLE (usuario text, nombre text, correo text, perfiles text[], alcance text,
                   dependencia text, area text, activo boolean, puede_entrar boolean,
                   cambiar_password boolean, creado timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT f.usuario, f.nombre, f.correo, sipros_perfiles_de(f.usuario), f.alcance,
           d.clave, a.clave, f.activo, coalesce(r.rolcanlogin, false), f.cambiar_password,
           f.creado
    FROM funcionario f
    LEFT JOIN dependencia d ON d.id = f.dependencia_id
    LEFT JOIN area a ON a.id = f.area_id
    LEFT JOIN pg_roles r ON r.rolname = f.usuario
    WHERE f.usuario = ANY (sipros_usuarios_en_alcance())
       OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
    ORDER BY f.usuario
$$;

-- ---------------------------------------------------------------------------
-- 4. First login: a password set by an administrator opens nothing but its change
-- ---------------------------------------------------------------------------
-- sipros_acceso: connect, read the schema version and the password rules, read one's own
-- profile and change one's password. sipros_personal (every profile) includes it. An account
-- that must change its password belongs to sipros_acceso alone; its profiles wait in
-- funcionario.perfiles_pendientes until sipros_cambiar_mi_password grants them.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sipros_acceso') THEN
        CREATE ROLE sipros_acceso NOLOGIN;
    END IF;
    IF NOT pg_has_role('sipros_personal', 'sipros_acceso', 'MEMBER') THEN
        GRANT sipros_acceso TO sipros_personal;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO sipros_acceso', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO sipros_acceso;
GRANT SELECT ON alembic_version, ajuste TO sipros_acceso;
REVOKE EXECUTE ON FUNCTION sipros_mi_perfil(), sipros_cambiar_mi_password(text)
    FROM sipros_personal;
GRANT EXECUTE ON FUNCTION sipros_mi_perfil(), sipros_cambiar_mi_password(text) TO sipros_acceso;

ALTER TABLE funcionario ADD COLUMN perfiles_pendientes text[];
ALTER TABLE funcionario ADD CONSTRAINT funcionario_pendientes
    CHECK (perfiles_pendientes IS NULL OR cambiar_password);

-- the profiles of a user: the ones it holds, or the ones waiting for its first password (the
-- functions read it as the owner; staff read their own through sipros_mi_perfil, and
-- administrators those of their scope through sipros_usuarios)
CREATE OR REPLACE FUNCTION sipros_perfiles_de(p_usuario text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(
        (SELECT f.perfiles_pendientes FROM funcionario f
         WHERE f.usuario = p_usuario AND f.perfiles_pendientes IS NOT NULL),
        (SELECT coalesce(array_agg(p ORDER BY n), '{}')
         FROM unnest(sipros_perfiles()) WITH ORDINALITY AS t(p, n)
         WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_usuario)
           AND pg_has_role(p_usuario, 'sipros_' || p, 'MEMBER')))
$$;

REVOKE EXECUTE ON FUNCTION sipros_perfiles_de(text) FROM sipros_personal;

-- Give a user its profiles now (p_pendiente false) or keep them waiting for its first
-- password (true: it holds sipros_acceso only).
CREATE FUNCTION sipros_poner_perfiles(p_usuario text, p_perfiles text[], p_pendiente boolean)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- (held directly: through a profile it is held too, and the profile may be taken away)
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m
                   WHERE m.roleid = 'sipros_acceso'::regrole
                     AND m.member = (SELECT oid FROM pg_roles WHERE rolname = p_usuario)) THEN
        EXECUTE format('GRANT sipros_acceso TO %I', p_usuario);
    END IF;
    IF p_pendiente THEN
        PERFORM sipros_asignar_perfiles(p_usuario, '{}');
        UPDATE funcionario SET perfiles_pendientes = p_perfiles WHERE usuario = p_usuario;
    ELSE
        PERFORM sipros_asignar_perfiles(p_usuario, p_perfiles);
        UPDATE funcionario SET perfiles_pendientes = NULL WHERE usuario = p_usuario;
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_poner_perfiles(text, text[], boolean) FROM PUBLIC;

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
    INSERT INTO funcionario (usuario, nombre, correo, dependencia_id, area_id, alcance,
                             cambiar_password)
    VALUES (p_usuario, btrim(p_nombre), nullif(btrim(p_correo), ''), asignacion.dependencia_id,
            asignacion.area_id, p_alcance, coalesce(p_cambiar_password, true))
    RETURNING id INTO nuevo;
    PERFORM sipros_poner_perfiles(p_usuario, p_perfiles, coalesce(p_cambiar_password, true));
    RETURN nuevo;
END
$$;

CREATE OR REPLACE FUNCTION sipros_usuario_editar(
    p_usuario text, p_nombre text, p_correo text, p_perfiles text[], p_dependencia text,
    p_area text, p_alcance text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    asignacion record;
    habia boolean;
    pendiente boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    SELECT f.perfiles_pendientes IS NOT NULL INTO pendiente FROM funcionario f
    WHERE f.usuario = p_usuario;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF nullif(btrim(p_nombre), '') IS NULL THEN
        RAISE EXCEPTION 'Escriba el nombre del funcionario.';
    END IF;
    asignacion := sipros_validar_asignacion(p_perfiles, p_dependencia, p_area, p_alcance);
    -- (the scope trigger on funcionario checks the old and the new assignment first)
    UPDATE funcionario
    SET nombre = btrim(p_nombre), correo = nullif(btrim(p_correo), ''),
        dependencia_id = asignacion.dependencia_id, area_id = asignacion.area_id,
        alcance = p_alcance, actualizado = now()
    WHERE usuario = p_usuario;
    PERFORM sipros_poner_perfiles(p_usuario, p_perfiles, pendiente);
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador activo.';
    END IF;
END
$$;

-- an administrator's reset: the account goes back to "change your password first"
CREATE OR REPLACE FUNCTION sipros_usuario_restablecer(p_usuario text, p_verificador text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    perfiles text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF NOT coalesce(sipros_verificador_valido(p_verificador), false) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    perfiles := sipros_perfiles_de(p_usuario);
    -- (the scope trigger on funcionario refuses a user outside the administrator's scope)
    UPDATE funcionario SET cambiar_password = (p_usuario <> session_user), actualizado = now()
    WHERE usuario = p_usuario;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_usuario, p_verificador);
    PERFORM sipros_poner_perfiles(p_usuario, perfiles, p_usuario <> session_user);
END
$$;

CREATE OR REPLACE FUNCTION sipros_cambiar_mi_password(p_verificador text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f funcionario;
BEGIN
    IF NOT sipros_verificador_valido(p_verificador) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    SELECT * INTO f FROM funcionario WHERE usuario = session_user AND activo FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El usuario % no es un funcionario activo.', session_user;
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verificador);
    UPDATE funcionario SET cambiar_password = false, perfiles_pendientes = NULL,
        actualizado = now()
    WHERE usuario = session_user;
    IF f.perfiles_pendientes IS NOT NULL THEN
        PERFORM sipros_asignar_perfiles(session_user, f.perfiles_pendientes);
    END IF;
END
$$;

-- every account gets sipros_acceso; the ones that still must change their password give up
-- their profiles until they do
DO $$
DECLARE
    u record;
BEGIN
    FOR u IN SELECT f.usuario, f.cambiar_password FROM funcionario f
             JOIN pg_roles r ON r.rolname = f.usuario LOOP
        PERFORM sipros_poner_perfiles(u.usuario, sipros_perfiles_de(u.usuario),
                                      u.cambiar_password);
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- 5. Merges: only a pair of the review, by a state-wide administrator; recorded and undoable
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_es_revisor() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal revisa y fusiona duplicados: es quien ve '
            'completos los dos expedientes.' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

ALTER POLICY duplicado_revision_alcance ON duplicado_revision
    USING ((SELECT sipros_admin_estatal()));

-- what a merge did, so that it can be undone: the absorbed file as it was and every row that
-- moved, changed or went with it
CREATE TABLE fusion (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    revision_id      bigint NOT NULL REFERENCES duplicado_revision(id),
    conservado_id    bigint NOT NULL,
    absorbido_id     bigint NOT NULL,
    absorbido        jsonb NOT NULL,   -- the citizen row
    restaurar        jsonb NOT NULL,   -- rows deleted with it (address, decisions, benefits …)
    movido           jsonb NOT NULL,   -- ids of rows moved or changed, by table
    fusionado        timestamptz NOT NULL DEFAULT now(),
    fusionado_por    text NOT NULL DEFAULT session_user,
    separado         timestamptz,
    separado_por     text,
    motivo           text CHECK (length(motivo) <= 500),
    CHECK ((separado IS NULL) = (separado_por IS NULL))
);
CREATE INDEX fusion_revision_idx ON fusion (revision_id);
CREATE INDEX fusion_conservado_idx ON fusion (conservado_id);
ALTER TABLE fusion ENABLE ROW LEVEL SECURITY;
CREATE POLICY fusion_alcance ON fusion FOR SELECT USING ((SELECT sipros_admin_estatal()));
GRANT SELECT ON fusion TO sipros_administrador;
CREATE TRIGGER fusion_quien_cuando BEFORE INSERT ON fusion
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('fusionado_por', 'fusionado');
CREATE TRIGGER fusion_bitacora_ins AFTER INSERT ON fusion REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar();
CREATE TRIGGER fusion_bitacora_upd AFTER UPDATE ON fusion
    REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar();

-- Merge p_absorbe into p_conserva for the pair p_revision (only sipros_duplicado_decidir calls
-- it: no staff profile may execute it). Applications, benefits, documents, questionnaires and
-- decisions move to the surviving file, the other CURP becomes its alias, the other file is
-- deleted; everything needed to undo it is kept in «fusion».
DROP FUNCTION sipros_fusionar(bigint, bigint, bigint);
CREATE FUNCTION sipros_fusionar(p_conserva bigint, p_absorbe bigint, p_revision bigint)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c1 ciudadano;
    c2 ciudadano;
    choque text;
    n_sol integer;
    n_ben integer;
    n_rep integer;
    n_doc integer;
    n_cue integer;
    resultado jsonb;
    restaurar jsonb;
    movido jsonb;
BEGIN
    PERFORM sipros_es_revisor();
    IF p_revision IS NULL THEN
        RAISE EXCEPTION 'Solo se fusiona un par de la revisión de duplicados.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_conserva = p_absorbe THEN
        RAISE EXCEPTION 'Elija dos expedientes distintos.' USING ERRCODE = 'SC001';
    END IF;
    -- both files locked, in id order (two merges of the same pair never deadlock)
    PERFORM 1 FROM ciudadano WHERE id IN (p_conserva, p_absorbe) ORDER BY id FOR UPDATE;
    SELECT * INTO c1 FROM ciudadano WHERE id = p_conserva;
    SELECT * INTO c2 FROM ciudadano WHERE id = p_absorbe;
    IF c1.id IS NULL OR c2.id IS NULL THEN
        RAISE EXCEPTION 'Uno de los expedientes ya no existe (¿se fusionó antes?).'
            USING ERRCODE = 'SC001';
    END IF;
    SELECT string_agg(format('%s y %s (%s)', s1.folio, s2.folio, cv.nombre), '; ')
    INTO choque
    FROM solicitud s1
    JOIN solicitud s2 ON s2.convocatoria_id = s1.convocatoria_id
    JOIN convocatoria cv ON cv.id = s1.convocatoria_id
    WHERE s1.ciudadano_id = p_conserva AND s2.ciudadano_id = p_absorbe
      AND s1.estado NOT IN ('Rechazada', 'Baja') AND s2.estado NOT IN ('Rechazada', 'Baja');
    IF choque IS NOT NULL THEN
        RAISE EXCEPTION 'Los dos expedientes tienen solicitudes vivas en la misma convocatoria: %. '
            'Dé de baja una de cada par antes de fusionar.', choque USING ERRCODE = 'SC006';
    END IF;

    -- what goes away with the absorbed file, and what will move, as it is now
    restaurar := jsonb_build_object(
        'domicilio', (SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]') FROM domicilio d
                      WHERE d.ciudadano_id = p_absorbe),
        'atencion', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]') FROM atencion a
                     WHERE a.ciudadano_id = p_absorbe),
        'decisiones', (SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]') FROM duplicado_decision d
                       WHERE d.ciudadano_id = p_absorbe OR d.candidato_id = p_absorbe),
        'revisiones', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'id', r.id, 'ciudadano_id', r.ciudadano_id,
                            'candidato_id', r.candidato_id, 'estado', r.estado,
                            'decidido', r.decidido, 'decidido_por', r.decidido_por,
                            'conservado_id', r.conservado_id, 'comentario', r.comentario)), '[]')
                       FROM duplicado_revision r
                       WHERE r.ciudadano_id = p_absorbe OR r.candidato_id = p_absorbe),
        'mensajes', (SELECT coalesce(jsonb_agg(m.id), '[]') FROM mensaje m
                     WHERE m.ciudadano_id = p_absorbe),
        'alias', (SELECT coalesce(jsonb_agg(a.id), '[]') FROM ciudadano_alias a
                  WHERE a.ciudadano_id = p_absorbe),
        'contacto', jsonb_build_object('telefono', c1.telefono, 'correo', c1.correo),
        'beneficios', (SELECT coalesce(jsonb_agg(to_jsonb(b)), '[]') FROM beneficio b
                       WHERE b.ciudadano_id = p_absorbe AND b.origen = 'Carga masiva'
                         AND EXISTS (SELECT 1 FROM beneficio o
                                     WHERE o.ciudadano_id = p_conserva
                                       AND o.origen = 'Carga masiva'
                                       AND o.programa_id = b.programa_id
                                       AND o.tipo_apoyo_id IS NOT DISTINCT FROM b.tipo_apoyo_id
                                       AND o.fecha_entrega = b.fecha_entrega)));
    movido := jsonb_build_object(
        'solicitud', (SELECT coalesce(jsonb_agg(s.id), '[]') FROM solicitud s
                      WHERE s.ciudadano_id = p_absorbe),
        'documento', (SELECT coalesce(jsonb_agg(d.id), '[]') FROM documento d
                      WHERE d.ciudadano_id = p_absorbe),
        'cuestionario', (SELECT coalesce(jsonb_agg(q.id), '[]') FROM cuestionario q
                         WHERE q.ciudadano_id = p_absorbe),
        'atencion_copiada', '[]'::jsonb);

    UPDATE solicitud SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_sol = ROW_COUNT;
    -- the same loaded benefit under both CURPs was reported twice: the surviving file keeps one
    DELETE FROM beneficio b
    WHERE b.id IN (SELECT (x ->> 'id')::bigint
                   FROM jsonb_array_elements(restaurar -> 'beneficios') x);
    GET DIAGNOSTICS n_rep = ROW_COUNT;
    movido := movido || jsonb_build_object(
        'beneficio', (SELECT coalesce(jsonb_agg(b.id), '[]') FROM beneficio b
                      WHERE b.ciudadano_id = p_absorbe));
    UPDATE beneficio SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_ben = ROW_COUNT;
    UPDATE documento SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_doc = ROW_COUNT;
    UPDATE cuestionario SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_cue = ROW_COUNT;
    -- the surviving file keeps its own address; it takes the other's when it has none
    WITH m AS (
        UPDATE domicilio SET ciudadano_id = p_conserva
        WHERE ciudadano_id = p_absorbe
          AND NOT EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = p_conserva)
        RETURNING id)
    SELECT movido || jsonb_build_object('domicilio', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    WITH n AS (
        INSERT INTO atencion (usuario, fecha, ciudadano_id, desde)
        SELECT usuario, fecha, p_conserva, desde FROM atencion WHERE ciudadano_id = p_absorbe
        ON CONFLICT DO NOTHING
        RETURNING usuario, fecha)
    SELECT movido || jsonb_build_object('atencion_copiada',
                                        coalesce(jsonb_agg(jsonb_build_object(
                                            'usuario', n.usuario, 'fecha', n.fecha)), '[]'))
    INTO movido FROM n;
    -- decisions about the absorbed file now speak of the surviving one
    WITH m AS (
        UPDATE duplicado_decision d SET ciudadano_id = p_conserva
        WHERE d.ciudadano_id = p_absorbe AND d.candidato_id <> p_conserva
          AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                          WHERE o.ciudadano_id = p_conserva AND o.candidato_id = d.candidato_id)
        RETURNING d.id)
    SELECT movido || jsonb_build_object('decision_ciudadano', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    WITH m AS (
        UPDATE duplicado_decision d SET candidato_id = p_conserva
        WHERE d.candidato_id = p_absorbe AND d.ciudadano_id <> p_conserva
          AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                          WHERE o.candidato_id = p_conserva AND o.ciudadano_id = d.ciudadano_id)
        RETURNING d.id)
    SELECT movido || jsonb_build_object('decision_candidato', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    UPDATE duplicado_revision r SET ciudadano_id = p_conserva
    WHERE r.ciudadano_id = p_absorbe AND r.candidato_id IS NULL;
    UPDATE ciudadano_alias SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    -- what the surviving file lacks, the other may give (phone, e-mail)
    UPDATE ciudadano SET telefono = coalesce(c1.telefono, c2.telefono),
                         correo = coalesce(c1.correo, c2.correo), actualizado = now()
    WHERE id = p_conserva AND (c1.telefono IS NULL OR c1.correo IS NULL);
    -- the other pairs of the absorbed file leave the review (their other file stays)
    UPDATE duplicado_revision SET estado = 'Descartada', decidido = now(),
        decidido_por = session_user, conservado_id = p_conserva,
        comentario = 'El expediente se fusionó en otro'
    WHERE estado = 'Pendiente' AND candidato_id IS NOT NULL
      AND (ciudadano_id = p_absorbe OR candidato_id = p_absorbe)
      AND id IS DISTINCT FROM p_revision;
    resultado := jsonb_build_object('solicitudes', n_sol, 'beneficios', n_ben,
                                    'beneficios_repetidos', n_rep, 'documentos', n_doc,
                                    'cuestionarios', n_cue, 'curp_alias', c2.curp,
                                    'conservado', c1.curp);
    UPDATE duplicado_revision SET estado = 'Misma persona', decidido = now(),
        decidido_por = session_user, conservado_id = p_conserva, detalle = resultado
    WHERE id = p_revision;
    INSERT INTO fusion (revision_id, conservado_id, absorbido_id, absorbido, restaurar, movido)
    VALUES (p_revision, p_conserva, p_absorbe, to_jsonb(c2), restaurar, movido);
    DELETE FROM ciudadano WHERE id = p_absorbe;
    INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
    VALUES (c2.curp, p_conserva, 'Fusión',
            concat_ws(' ', c2.nombre, c2.apellido_paterno, c2.apellido_materno));
    RETURN resultado;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_fusionar(bigint, bigint, bigint) FROM PUBLIC;

-- Undo the merge of a pair: the absorbed file comes back with its id, CURP, who registered it
-- and when; its applications, benefits, documents, questionnaires, address, aliases, messages
-- and decisions go back to it; the benefits the merge dropped as repeated come back; the
-- surviving file loses what it took (alias, phone and e-mail if unchanged since); the pair
-- returns to the review as pending. Rows written after the merge stay where they are.
CREATE FUNCTION sipros_separar(p_revision bigint, p_motivo text) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f fusion;
    c1 ciudadano;
    columnas text;
    rev jsonb;
    n_sol integer;
    n_ben integer;
    n_doc integer;
BEGIN
    PERFORM sipros_es_revisor();
    IF btrim(coalesce(p_motivo, '')) = '' THEN
        RAISE EXCEPTION 'Escriba por qué se deshace la fusión.' USING ERRCODE = 'SC001';
    END IF;
    SELECT * INTO f FROM fusion
    WHERE revision_id = p_revision AND separado IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El par % no tiene una fusión que deshacer.', p_revision
            USING ERRCODE = 'SC001';
    END IF;
    SELECT * INTO c1 FROM ciudadano WHERE id = f.conservado_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El expediente que se conservó ya no existe (se fusionó después con otro): '
            'deshaga primero esa fusión.' USING ERRCODE = 'SC005';
    END IF;
    IF EXISTS (SELECT 1 FROM ciudadano WHERE id = f.absorbido_id
                                          OR curp = f.absorbido ->> 'curp') THEN
        RAISE EXCEPTION 'El expediente de la CURP % ya existe otra vez.', f.absorbido ->> 'curp'
            USING ERRCODE = 'SC005';
    END IF;
    PERFORM set_config('sipros.restaurando', 'on', true);

    DELETE FROM ciudadano_alias
    WHERE curp = f.absorbido ->> 'curp' AND ciudadano_id = f.conservado_id;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columnas
    FROM pg_attribute
    WHERE attrelid = 'ciudadano'::regclass AND attnum > 0 AND NOT attisdropped
      AND attgenerated = '';
    EXECUTE format('INSERT INTO ciudadano (%1$s) SELECT %1$s FROM '
                   'jsonb_populate_record(NULL::ciudadano, $1)', columnas)
        USING f.absorbido;

    UPDATE solicitud SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'solicitud')::bigint);
    GET DIAGNOSTICS n_sol = ROW_COUNT;
    UPDATE beneficio SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'beneficio')::bigint);
    GET DIAGNOSTICS n_ben = ROW_COUNT;
    INSERT INTO beneficio
    SELECT (jsonb_populate_record(NULL::beneficio, b)).*
    FROM jsonb_array_elements(f.restaurar -> 'beneficios') b
    ON CONFLICT DO NOTHING;
    UPDATE documento SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'documento')::bigint);
    GET DIAGNOSTICS n_doc = ROW_COUNT;
    UPDATE cuestionario SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'cuestionario')::bigint);
    -- the address: moved back, or put back when the surviving file kept its own
    UPDATE domicilio SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'domicilio')::bigint);
    IF NOT EXISTS (SELECT 1 FROM domicilio WHERE ciudadano_id = f.absorbido_id) THEN
        INSERT INTO domicilio
        SELECT (jsonb_populate_record(NULL::domicilio, d)).*
        FROM jsonb_array_elements(f.restaurar -> 'domicilio') d
        ON CONFLICT DO NOTHING;
    END IF;
    DELETE FROM atencion a
    USING jsonb_array_elements(f.movido -> 'atencion_copiada') x
    WHERE a.ciudadano_id = f.conservado_id AND a.usuario = x ->> 'usuario'
      AND a.fecha = (x ->> 'fecha')::date;
    INSERT INTO atencion
    SELECT (jsonb_populate_record(NULL::atencion, a)).*
    FROM jsonb_array_elements(f.restaurar -> 'atencion') a
    ON CONFLICT DO NOTHING;
    UPDATE duplicado_decision SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'decision_ciudadano')::bigint);
    UPDATE duplicado_decision SET candidato_id = f.absorbido_id
    WHERE candidato_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'decision_candidato')::bigint);
    INSERT INTO duplicado_decision
    SELECT (jsonb_populate_record(NULL::duplicado_decision, d)).*
    FROM jsonb_array_elements(f.restaurar -> 'decisiones') d
    WHERE EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = (d ->> 'ciudadano_id')::bigint)
      AND EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = (d ->> 'candidato_id')::bigint)
    ON CONFLICT DO NOTHING;
    UPDATE ciudadano_alias SET ciudadano_id = f.absorbido_id
    WHERE id IN (SELECT jsonb_array_elements_text(f.restaurar -> 'alias')::bigint);
    UPDATE mensaje SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id IS NULL
      AND id IN (SELECT jsonb_array_elements_text(f.restaurar -> 'mensajes')::bigint);
    -- the pairs of the absorbed file: as they were before the merge (this one pending again)
    FOR rev IN SELECT * FROM jsonb_array_elements(f.restaurar -> 'revisiones') LOOP
        UPDATE duplicado_revision r SET
            ciudadano_id = (rev ->> 'ciudadano_id')::bigint,
            candidato_id = (rev ->> 'candidato_id')::bigint,
            estado = rev ->> 'estado', decidido = (rev ->> 'decidido')::timestamptz,
            decidido_por = rev ->> 'decidido_por',
            conservado_id = (rev ->> 'conservado_id')::bigint,
            comentario = rev ->> 'comentario',
            detalle = CASE WHEN r.id = p_revision THEN NULL ELSE r.detalle END
        WHERE r.id = (rev ->> 'id')::bigint
          AND (r.id = p_revision OR r.comentario = 'El expediente se fusionó en otro'
               OR r.ciudadano_id IS NULL OR r.candidato_id IS NULL
               OR r.ciudadano_id = f.conservado_id);
    END LOOP;
    -- the phone and e-mail the surviving file took, if nobody changed them since
    UPDATE ciudadano SET
        telefono = CASE WHEN (f.restaurar #>> '{contacto,telefono}') IS NULL
                             AND telefono IS NOT DISTINCT FROM f.absorbido ->> 'telefono'
                        THEN NULL ELSE telefono END,
        correo = CASE WHEN (f.restaurar #>> '{contacto,correo}') IS NULL
                           AND correo IS NOT DISTINCT FROM f.absorbido ->> 'correo'
                      THEN NULL ELSE correo END,
        actualizado = now()
    WHERE id = f.conservado_id
      AND ((f.restaurar #>> '{contacto,telefono}') IS NULL
           OR (f.restaurar #>> '{contacto,correo}') IS NULL);
    UPDATE fusion SET separado = now(), separado_por = session_user,
        motivo = left(btrim(p_motivo), 500)
    WHERE id = f.id;
    PERFORM set_config('sipros.restaurando', 'off', true);
    RETURN jsonb_build_object('curp', f.absorbido ->> 'curp', 'ciudadano_id', f.absorbido_id,
                              'solicitudes', n_sol, 'beneficios', n_ben, 'documentos', n_doc);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_separar(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_separar(bigint, text) TO sipros_administrador;

-- decide a pair (unchanged but for the reviewer: a state-wide administrator; a merge only
-- through here)
CREATE OR REPLACE FUNCTION sipros_duplicado_decidir(p_revision bigint, p_decision text,
                                                    p_conserva bigint DEFAULT NULL,
                                                    p_comentario text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    r duplicado_revision;
    f jsonb;
    destino bigint;
    prog integer;
    dep integer;
    resultado jsonb := '{}';
BEGIN
    PERFORM sipros_es_revisor();
    SELECT * INTO r FROM duplicado_revision WHERE id = p_revision FOR UPDATE;
    IF r.id IS NULL THEN
        RAISE EXCEPTION 'No existe el par % en la revisión.', p_revision USING ERRCODE = 'SC001';
    END IF;
    IF r.estado <> 'Pendiente' THEN
        RAISE EXCEPTION 'Ese par ya se decidió: «%».', r.estado USING ERRCODE = 'SC007';
    END IF;
    IF p_decision NOT IN ('Personas distintas', 'Misma persona') THEN
        RAISE EXCEPTION 'Decisión desconocida: «%».', p_decision USING ERRCODE = 'SC001';
    END IF;
    IF r.fila IS NULL THEN
        IF p_decision = 'Personas distintas' THEN
            UPDATE duplicado_revision SET estado = p_decision, decidido = now(),
                decidido_por = session_user, comentario = nullif(btrim(p_comentario), '')
            WHERE id = p_revision;
            RETURN resultado;
        END IF;
        IF r.ciudadano_id IS NULL OR r.candidato_id IS NULL THEN
            RAISE EXCEPTION 'Uno de los expedientes del par ya no existe.' USING ERRCODE = 'SC001';
        END IF;
        IF p_conserva IS NULL OR p_conserva NOT IN (r.ciudadano_id, r.candidato_id) THEN
            RAISE EXCEPTION 'Elija cuál de los dos expedientes se conserva.' USING ERRCODE = 'SC001';
        END IF;
        UPDATE duplicado_revision SET comentario = nullif(btrim(p_comentario), '')
        WHERE id = p_revision;
        RETURN sipros_fusionar(p_conserva,
                               CASE WHEN p_conserva = r.ciudadano_id THEN r.candidato_id
                                    ELSE r.ciudadano_id END,
                               p_revision);
    END IF;
    -- a held roll row
    f := r.fila;
    SELECT k.programa_id, k.dependencia_id INTO prog, dep FROM carga_masiva k
    WHERE k.id = r.carga_masiva_id AND k.estado = 'Aplicada';
    IF prog IS NULL THEN
        RAISE EXCEPTION 'La carga de esa fila ya no está aplicada.' USING ERRCODE = 'SC005';
    END IF;
    -- (as a load: one writer of a programme's loaded benefits at a time)
    PERFORM pg_advisory_xact_lock(hashtext('sipros_carga'), prog);
    IF p_decision = 'Personas distintas' THEN
        SELECT id INTO destino FROM ciudadano WHERE curp = f ->> 'curp';
        IF destino IS NULL THEN
            INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno,
                                   fecha_nacimiento, sexo, entidad_nacimiento, telefono,
                                   carga_masiva_id)
            VALUES (f ->> 'curp', f ->> 'nombre', f ->> 'apellido_paterno',
                    f ->> 'apellido_materno', (f ->> 'fecha_nacimiento')::date, f ->> 'sexo',
                    substr(f ->> 'curp', 12, 2), f ->> 'telefono', r.carga_masiva_id)
            RETURNING id INTO destino;
        END IF;
    ELSE
        IF r.ciudadano_id IS NULL THEN
            RAISE EXCEPTION 'El expediente registrado ya no existe.' USING ERRCODE = 'SC001';
        END IF;
        destino := r.ciudadano_id;
        INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
        SELECT f ->> 'curp', destino, 'Misma persona en carga',
               concat_ws(' ', f ->> 'nombre', f ->> 'apellido_paterno', f ->> 'apellido_materno')
        WHERE NOT EXISTS (SELECT 1 FROM ciudadano c WHERE c.curp = f ->> 'curp')
        ON CONFLICT (curp) DO NOTHING;
    END IF;
    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           carga_masiva_id, origen, fecha_entrega, monto, cantidad,
                           municipio_id, localidad_id)
    VALUES (destino, prog, (f ->> 'tipo_apoyo_id')::integer, dep, r.carga_masiva_id,
            'Carga masiva', (f ->> 'fecha_entrega')::date, (f ->> 'monto')::numeric,
            (f ->> 'cantidad')::integer, (f ->> 'municipio_id')::integer,
            (f ->> 'localidad_id')::integer)
    ON CONFLICT DO NOTHING;
    UPDATE carga_masiva SET beneficios = beneficios + 1, a_revision = a_revision - 1,
        monto_total = monto_total + (f ->> 'monto')::numeric
    WHERE id = r.carga_masiva_id;
    UPDATE duplicado_revision SET estado = p_decision, decidido = now(),
        decidido_por = session_user, conservado_id = destino,
        candidato_id = CASE WHEN p_decision = 'Personas distintas' THEN destino END,
        comentario = nullif(btrim(p_comentario), '')
    WHERE id = p_revision;
    RETURN jsonb_build_object('ciudadano_id', destino);
END
$$;

-- ---------------------------------------------------------------------------
-- 6. SMS: statewide templates by state-wide administrators; messages within scope
-- ---------------------------------------------------------------------------
ALTER POLICY plantilla_edicion ON plantilla_mensaje
    USING ((SELECT sipros_admin_estatal())) WITH CHECK ((SELECT sipros_admin_estatal()));

-- a message is read where its application, or (without one) its citizen, is in scope; test
-- messages (to a number, no citizen) only state-wide
ALTER POLICY mensaje_alcance ON mensaje
    USING ((SELECT sipros_ve_todo_personal())
           OR (solicitud_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM solicitud s WHERE s.id = mensaje.solicitud_id))
           OR (solicitud_id IS NULL AND ciudadano_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = mensaje.ciudadano_id)));

-- The same rule inside the functions (they run as the owner), given the caller's calls and
-- programmes: a message's application, or without one its citizen, must have business there.
CREATE FUNCTION sipros_mensaje_en(p_solicitud bigint, p_ciudadano bigint,
                                  p_convocatorias integer[], p_programas integer[])
    RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN p_solicitud IS NOT NULL THEN
                    EXISTS (SELECT 1 FROM solicitud s WHERE s.id = p_solicitud
                              AND s.convocatoria_id = ANY (p_convocatorias))
                WHEN p_ciudadano IS NOT NULL THEN
                    EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = p_ciudadano
                              AND s.convocatoria_id = ANY (p_convocatorias))
                    OR EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = p_ciudadano
                                 AND b.programa_id = ANY (p_programas))
                ELSE false END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_en(bigint, bigint, integer[], integer[]) FROM PUBLIC;

-- the messages of p_ids the caller may handle
CREATE FUNCTION sipros_mensajes_en_alcance(p_ids bigint[]) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    convocatorias integer[];
    programas integer[];
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN p_ids;
    END IF;
    convocatorias := sipros_convocatorias_visibles();
    programas := sipros_programas_visibles();
    RETURN coalesce((SELECT array_agg(m.id) FROM mensaje m
                     WHERE m.id = ANY (p_ids)
                       AND sipros_mensaje_en(m.solicitud_id, m.ciudadano_id, convocatorias,
                                             programas)), '{}');
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensajes_en_alcance(bigint[]) FROM PUBLIC;

-- only administrators (and the owner) handle the outbox
CREATE FUNCTION sipros_solo_administrador(p_que text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo los administradores %.', p_que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_solo_administrador(text) FROM PUBLIC;

CREATE FUNCTION sipros_ciudadano_en_alcance(p_ciudadano bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_ve_todo_personal()
        OR EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = p_ciudadano
                     AND s.convocatoria_id = ANY (sipros_convocatorias_visibles()))
        OR EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = p_ciudadano
                     AND b.programa_id = ANY (sipros_programas_visibles()))
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_en_alcance(bigint) FROM PUBLIC;

CREATE OR REPLACE FUNCTION sipros_sms_cancelar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
    ids bigint[];
BEGIN
    PERFORM sipros_solo_administrador('cancelan mensajes');
    ids := sipros_mensajes_en_alcance(p_ids);
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user
    WHERE id = ANY (ids) AND estado IN ('Pendiente', 'Fallido', 'Incierto');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'cancelación',
           jsonb_build_object('mensajes', ids, 'cancelados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION sipros_sms_reintentar(p_ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
    ids bigint[];
BEGIN
    PERFORM sipros_solo_administrador('reintentan mensajes');
    ids := sipros_mensajes_en_alcance(p_ids);
    IF EXISTS (SELECT 1 FROM mensaje m JOIN ciudadano c ON c.id = m.ciudadano_id
               WHERE m.id = ANY (ids) AND m.estado IN ('Fallido', 'Incierto', 'Cancelado')
                 AND NOT c.acepta_sms) THEN
        RAISE EXCEPTION 'Uno de los mensajes es para un ciudadano que ya no acepta SMS.'
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE mensaje SET estado = 'Pendiente', proximo_intento = now(), intentos = 0,
        cancelado_por = NULL,
        respuesta = left('Reintento pedido por ' || session_user || '. ' || coalesce(respuesta, ''), 500)
    WHERE id = ANY (ids) AND estado IN ('Fallido', 'Incierto', 'Cancelado');
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, 'mensaje', 'UPDATE', 'reintento',
           jsonb_build_object('mensajes', ids, 'reintentados', n)
    WHERE n > 0;
    RETURN n;
END
$$;

CREATE OR REPLACE FUNCTION sipros_sms_resumen()
    RETURNS TABLE (estado text, mensajes bigint, mas_antiguo timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    convocatorias integer[];
    programas integer[];
BEGIN
    IF sipros_ve_todo_personal() OR pg_has_role(session_user, 'sipros_despacho', 'MEMBER') THEN
        RETURN QUERY SELECT m.estado, count(*), min(m.creado) FROM mensaje m GROUP BY m.estado;
        RETURN;
    END IF;
    IF NOT pg_has_role(session_user, 'sipros_administrador', 'MEMBER') THEN
        RAISE EXCEPTION 'Solo los administradores y el despachador ven la bandeja de mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    convocatorias := sipros_convocatorias_visibles();
    programas := sipros_programas_visibles();
    RETURN QUERY
    SELECT m.estado, count(*), min(m.creado) FROM mensaje m
    WHERE sipros_mensaje_en(m.solicitud_id, m.ciudadano_id, convocatorias, programas)
    GROUP BY m.estado;
END
$$;

-- A message typed by hand to a citizen, and the resend of its last one: the writers by
-- citizen id (no grant). The administrators' entry points below check the citizen's scope; the
-- Consulta desk's own ones (0015_consulta.sql) check that the clerk looked the citizen up.
CREATE FUNCTION sipros_sms_manual(p_ciudadano bigint, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    nuevo bigint;
BEGIN
    c := sipros_ciudadano_para_sms((SELECT x.curp FROM ciudadano x WHERE x.id = p_ciudadano));
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES ('manual', c.id, sipros_e164(c.telefono), sipros_texto_sms(p_texto))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_sms_manual(bigint, text) FROM PUBLIC;

CREATE FUNCTION sipros_sms_repetir(p_ciudadano bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    ultimo mensaje;
    nuevo bigint;
BEGIN
    c := sipros_ciudadano_para_sms((SELECT x.curp FROM ciudadano x WHERE x.id = p_ciudadano));
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
REVOKE EXECUTE ON FUNCTION sipros_sms_repetir(bigint) FROM PUBLIC;

-- the administrator's citizen by CURP, if it is in its scope; else it reads like «no such CURP»
CREATE FUNCTION sipros_sms_ciudadano_de_admin(p_curp text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_administrador(
        'envían mensajes desde aquí (Consulta ciudadana tiene los suyos)');
    SELECT c.id INTO cid FROM ciudadano c WHERE c.curp = sipros_curp_vigente(p_curp);
    IF cid IS NULL OR NOT sipros_ciudadano_en_alcance(cid) THEN
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%» en su alcance.',
            upper(btrim(coalesce(p_curp, ''))) USING ERRCODE = 'no_data_found';
    END IF;
    RETURN cid;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_sms_ciudadano_de_admin(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION sipros_sms_a_ciudadano(p_curp text, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_manual(sipros_sms_ciudadano_de_admin(p_curp), p_texto);
END
$$;

CREATE OR REPLACE FUNCTION sipros_sms_reenviar(p_curp text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_repetir(sipros_sms_ciudadano_de_admin(p_curp));
END
$$;

DROP FUNCTION sipros_puede_escribir_sms();  -- (each entry point now says who may write)

-- a message to a number (the gateway test, or a manual one): state-wide administrators, who
-- answer for the outbox of the whole state
CREATE OR REPLACE FUNCTION sipros_sms_a_telefono(p_telefono text, p_texto text,
                                                 p_prueba boolean)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    tel text := btrim(coalesce(p_telefono, ''));
    de bigint;
    nuevo bigint;
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal envía mensajes a un número; a un '
            'ciudadano de su alcance escríbale por su CURP.' USING ERRCODE = 'insufficient_privilege';
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

-- ---------------------------------------------------------------------------
-- 7. Forms: the base CUIS and forms used by calls of other áreas are state-wide business
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_formulario_administrable(p_clave text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_admin_estatal()
        OR (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            AND upper(p_clave) <> 'CUIS'
            AND NOT EXISTS (SELECT 1 FROM convocatoria c JOIN formulario f ON f.id = c.formulario_id
                            WHERE f.clave = p_clave
                              AND NOT sipros_programa_administrable(c.programa_id)))
$$;
REVOKE EXECUTE ON FUNCTION sipros_formulario_administrable(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_administrable(text) TO sipros_administrador;

CREATE FUNCTION sipros_formulario_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    clave text := CASE WHEN TG_OP = 'DELETE' THEN OLD.clave ELSE NEW.clave END;
BEGIN
    IF NOT sipros_formulario_administrable(clave)
       OR (TG_OP = 'UPDATE' AND NOT sipros_formulario_administrable(OLD.clave)) THEN
        RAISE EXCEPTION 'El formulario % lo usan convocatorias fuera de su alcance (o es el '
            'cuestionario base): solo un administrador estatal publica o cambia sus versiones.',
            clave USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER formulario_en_alcance BEFORE INSERT ON formulario
    FOR EACH ROW EXECUTE FUNCTION sipros_formulario_en_alcance();
CREATE TRIGGER formulario_borrador_en_alcance BEFORE INSERT OR UPDATE OR DELETE
    ON formulario_borrador FOR EACH ROW EXECUTE FUNCTION sipros_formulario_en_alcance();
