-- 0017: corrections that correct. A citizen's file (name, birth date and sex, CURP, address,
-- contact, socio-economic questionnaire) and an application still open (its answers and support
-- type) may be corrected; every change is kept in `correccion`, which only the database writes:
-- triggers on the corrected tables compare the row before and after, and take the reason from
-- the transaction's setting `sipros.motivo`. A staff member who changes one of those columns
-- without a reason is refused, whatever client they use; nobody on the staff may insert, change
-- or delete a history row.

-- a corrected CURP leaves the old one as an alias that still finds the file
ALTER TABLE ciudadano_alias DROP CONSTRAINT ciudadano_alias_origen_check;
ALTER TABLE ciudadano_alias ADD CONSTRAINT ciudadano_alias_origen_check
    CHECK (origen IN ('Fusión', 'Misma persona en carga', 'Corrección de CURP'));

CREATE TABLE correccion (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ciudadano_id bigint NOT NULL REFERENCES ciudadano(id) ON DELETE CASCADE,
    solicitud_id bigint REFERENCES solicitud(id) ON DELETE CASCADE,
    apartado     text NOT NULL CHECK (apartado IN ('datos personales', 'CURP', 'domicilio',
                     'contacto', 'cuestionario', 'respuestas', 'tipo de apoyo')),
    antes        jsonb NOT NULL,
    ahora        jsonb NOT NULL,
    motivo       text NOT NULL CHECK (length(btrim(motivo)) BETWEEN 5 AND 1000),
    funcionario  text NOT NULL DEFAULT session_user,
    creado       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX correccion_ciudadano_idx ON correccion (ciudadano_id, creado);
CREATE INDEX correccion_solicitud_idx ON correccion (solicitud_id) WHERE solicitud_id IS NOT NULL;

ALTER TABLE correccion ENABLE ROW LEVEL SECURITY;
CREATE POLICY correccion_alcance ON correccion FOR SELECT
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id)
           OR (solicitud_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM solicitud s WHERE s.id = solicitud_id)));
REVOKE ALL ON correccion FROM PUBLIC;
GRANT SELECT ON correccion TO sipros_administrador, sipros_funcionario, sipros_ventanilla;

-- A history row never changes; it goes only with its citizen (or application) deleted
CREATE FUNCTION sipros_correccion_inmutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND (NOT EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = OLD.ciudadano_id)
            OR (OLD.solicitud_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.id = OLD.solicitud_id))) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'El historial de correcciones no se cambia ni se borra.'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER correccion_inmutable BEFORE UPDATE OR DELETE ON correccion
    FOR EACH ROW EXECUTE FUNCTION sipros_correccion_inmutable();

-- The reason of this transaction's corrections (set_config('sipros.motivo', …, true))
CREATE FUNCTION sipros_correccion_motivo() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT nullif(btrim(coalesce(current_setting('sipros.motivo', true), '')), '')
$$;

-- Only the keys whose value changed: (before, after)
CREATE FUNCTION sipros_jsonb_cambios(a jsonb, b jsonb, OUT antes jsonb, OUT ahora jsonb)
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_object_agg(k, a -> k) FILTER (WHERE a ? k), '{}'),
           coalesce(jsonb_object_agg(k, b -> k) FILTER (WHERE b ? k), '{}')
    FROM (SELECT jsonb_object_keys(coalesce(a, '{}')) AS k
          UNION SELECT jsonb_object_keys(coalesce(b, '{}'))) ks
    WHERE (a -> k) IS DISTINCT FROM (b -> k)
$$;

-- BEFORE (as the caller): a staff member changing a corrected column gives the reason. The
-- database's own functions (merges, loads, the citizen-service desk's contact change, which
-- keeps its own record) run as the owner and are not asked for one.
CREATE FUNCTION sipros_correccion_exigir() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    motivo text := sipros_correccion_motivo();
    vigente text;
BEGIN
    IF pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    -- (one IF per table: PL/pgSQL plans NEW's fields only for the table that has them)
    IF TG_TABLE_NAME = 'cuestionario' THEN
        IF NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = NEW.ciudadano_id) THEN
            RETURN NEW;  -- the first questionnaire is part of the registration
        END IF;
    END IF;
    IF motivo IS NULL OR length(motivo) < 5 THEN
        RAISE EXCEPTION 'Escriba el motivo de la corrección (por qué se cambian los datos; al '
            'menos 5 letras).' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_TABLE_NAME = 'solicitud' THEN
        -- the front desk corrects only the applications of the citizens it is serving
        IF pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')
           AND NOT sipros_atiende(NEW.ciudadano_id) THEN
            RAISE EXCEPTION 'Solo puede corregir las solicitudes de los ciudadanos que atiende '
                'hoy: abra su expediente por CURP.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.tipo_apoyo_id IS DISTINCT FROM OLD.tipo_apoyo_id
           AND NOT EXISTS (SELECT 1 FROM tipo_apoyo t JOIN convocatoria c
                               ON c.programa_id = t.programa_id
                           WHERE t.id = NEW.tipo_apoyo_id AND c.id = NEW.convocatoria_id) THEN
            RAISE EXCEPTION 'El tipo de apoyo elegido no pertenece al programa de la convocatoria.'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'ciudadano' THEN
        IF NEW.curp IS DISTINCT FROM OLD.curp THEN
            vigente := sipros_curp_vigente(NEW.curp);
            IF vigente <> NEW.curp AND vigente <> OLD.curp THEN
                RAISE EXCEPTION 'La CURP % ya pertenece a otro expediente (se fusionó con otro): '
                    'revise la CURP corregida.', NEW.curp USING ERRCODE = 'unique_violation';
            END IF;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- AFTER (as the owner): the history row, from the row itself
CREATE FUNCTION sipros_correccion_anotar(p_ciudadano bigint, p_solicitud bigint, p_apartado text,
                                         p_antes jsonb, p_ahora jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    motivo text := sipros_correccion_motivo();
    c record;
    atendida bigint := nullif(coalesce(current_setting('sipros.correccion_solicitud', true), ''),
                              '')::bigint;
BEGIN
    IF motivo IS NULL THEN
        RETURN;  -- a function of the database (merge, load) or the owner's maintenance
    END IF;
    SELECT * INTO c FROM sipros_jsonb_cambios(p_antes, p_ahora);
    IF c.antes = c.ahora THEN
        RETURN;
    END IF;
    -- a correction of the file made while attending an application is linked to it
    IF p_solicitud IS NULL AND atendida IS NOT NULL
       AND EXISTS (SELECT 1 FROM solicitud s WHERE s.id = atendida
                   AND s.ciudadano_id = p_ciudadano) THEN
        p_solicitud := atendida;
    END IF;
    INSERT INTO correccion (ciudadano_id, solicitud_id, apartado, antes, ahora, motivo,
                            funcionario, creado)
    VALUES (p_ciudadano, p_solicitud, p_apartado, c.antes, c.ahora, motivo, session_user, now());
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_correccion_anotar(bigint, bigint, text, jsonb, jsonb)
    FROM PUBLIC;

CREATE FUNCTION sipros_ciudadano_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.curp IS DISTINCT FROM OLD.curp THEN
        -- the old CURP keeps finding the file; a CURP taken back stops being an alias
        DELETE FROM ciudadano_alias a WHERE a.curp = NEW.curp AND a.ciudadano_id = NEW.id;
        INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
        VALUES (OLD.curp, NEW.id, 'Corrección de CURP',
                concat_ws(' ', OLD.nombre, OLD.apellido_paterno, OLD.apellido_materno))
        ON CONFLICT (curp) DO NOTHING;
        PERFORM sipros_correccion_anotar(NEW.id, NULL, 'CURP',
            jsonb_build_object('curp', OLD.curp), jsonb_build_object('curp', NEW.curp));
    END IF;
    PERFORM sipros_correccion_anotar(NEW.id, NULL, 'datos personales',
        jsonb_build_object('nombre', OLD.nombre, 'apellido_paterno', OLD.apellido_paterno,
                           'apellido_materno', OLD.apellido_materno,
                           'fecha_nacimiento', OLD.fecha_nacimiento, 'sexo', OLD.sexo,
                           'entidad_nacimiento', OLD.entidad_nacimiento),
        jsonb_build_object('nombre', NEW.nombre, 'apellido_paterno', NEW.apellido_paterno,
                           'apellido_materno', NEW.apellido_materno,
                           'fecha_nacimiento', NEW.fecha_nacimiento, 'sexo', NEW.sexo,
                           'entidad_nacimiento', NEW.entidad_nacimiento));
    PERFORM sipros_correccion_anotar(NEW.id, NULL, 'contacto',
        jsonb_build_object('telefono', OLD.telefono, 'correo', OLD.correo,
                           'acepta_sms', OLD.acepta_sms),
        jsonb_build_object('telefono', NEW.telefono, 'correo', NEW.correo,
                           'acepta_sms', NEW.acepta_sms));
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_corregido() FROM PUBLIC;

-- the address as the offices read it: names, not ids
CREATE FUNCTION sipros_domicilio_texto(d domicilio) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_build_object(
        'municipio', (SELECT m.nombre FROM municipio m WHERE m.id = d.municipio_id),
        'localidad', (SELECT l.nombre FROM localidad l WHERE l.id = d.localidad_id),
        'colonia', (SELECT c.nombre FROM colonia c WHERE c.id = d.colonia_id),
        'calle', d.calle, 'numero_exterior', d.numero_exterior,
        'numero_interior', d.numero_interior, 'codigo_postal', d.codigo_postal,
        'latitud', d.latitud, 'longitud', d.longitud)
$$;
REVOKE EXECUTE ON FUNCTION sipros_domicilio_texto(domicilio) FROM PUBLIC;

CREATE FUNCTION sipros_domicilio_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.ciudadano_id = OLD.ciudadano_id THEN
        PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NULL, 'domicilio',
            sipros_domicilio_texto(OLD), sipros_domicilio_texto(NEW));
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_domicilio_corregido() FROM PUBLIC;

CREATE FUNCTION sipros_cuestionario_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    previo jsonb;
BEGIN
    -- a new answer set; the previous one is kept
    SELECT q.respuestas INTO previo FROM cuestionario q
    WHERE q.ciudadano_id = NEW.ciudadano_id AND q.id <> NEW.id
    ORDER BY q.creado DESC, q.id DESC LIMIT 1;
    IF FOUND THEN
        PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NULL, 'cuestionario', previo,
                                         NEW.respuestas);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_cuestionario_corregido() FROM PUBLIC;

CREATE FUNCTION sipros_solicitud_corregida() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NEW.id, 'respuestas',
        coalesce(OLD.respuestas, '{}'), coalesce(NEW.respuestas, '{}'));
    PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NEW.id, 'tipo de apoyo',
        jsonb_build_object('tipo_apoyo',
                           (SELECT t.nombre FROM tipo_apoyo t WHERE t.id = OLD.tipo_apoyo_id)),
        jsonb_build_object('tipo_apoyo',
                           (SELECT t.nombre FROM tipo_apoyo t WHERE t.id = NEW.tipo_apoyo_id)));
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_solicitud_corregida() FROM PUBLIC;

CREATE TRIGGER ciudadano_correccion_exigir BEFORE UPDATE ON ciudadano
    -- (one flat OR, column by column: a row comparison is stored as nested ORs that a dump
    -- prints flat, and the schema of a restored backup must read as the migrations make it)
    FOR EACH ROW WHEN (OLD.curp IS DISTINCT FROM NEW.curp
                       OR OLD.nombre IS DISTINCT FROM NEW.nombre
                       OR OLD.apellido_paterno IS DISTINCT FROM NEW.apellido_paterno
                       OR OLD.apellido_materno IS DISTINCT FROM NEW.apellido_materno
                       OR OLD.fecha_nacimiento IS DISTINCT FROM NEW.fecha_nacimiento
                       OR OLD.sexo IS DISTINCT FROM NEW.sexo
                       OR OLD.entidad_nacimiento IS DISTINCT FROM NEW.entidad_nacimiento
                       OR OLD.telefono IS DISTINCT FROM NEW.telefono
                       OR OLD.correo IS DISTINCT FROM NEW.correo
                       OR OLD.acepta_sms IS DISTINCT FROM NEW.acepta_sms)
    EXECUTE FUNCTION sipros_correccion_exigir();
CREATE TRIGGER ciudadano_corregido AFTER UPDATE ON ciudadano
    FOR EACH ROW EXECUTE FUNCTION sipros_ciudadano_corregido();

CREATE TRIGGER domicilio_correccion_exigir BEFORE UPDATE ON domicilio
    FOR EACH ROW WHEN (OLD.ciudadano_id = NEW.ciudadano_id
                       AND (OLD.municipio_id IS DISTINCT FROM NEW.municipio_id
                            OR OLD.localidad_id IS DISTINCT FROM NEW.localidad_id
                            OR OLD.colonia_id IS DISTINCT FROM NEW.colonia_id
                            OR OLD.calle IS DISTINCT FROM NEW.calle
                            OR OLD.numero_exterior IS DISTINCT FROM NEW.numero_exterior
                            OR OLD.numero_interior IS DISTINCT FROM NEW.numero_interior
                            OR OLD.codigo_postal IS DISTINCT FROM NEW.codigo_postal
                            OR OLD.latitud IS DISTINCT FROM NEW.latitud
                            OR OLD.longitud IS DISTINCT FROM NEW.longitud))
    EXECUTE FUNCTION sipros_correccion_exigir();
CREATE TRIGGER domicilio_corregido AFTER UPDATE ON domicilio
    FOR EACH ROW EXECUTE FUNCTION sipros_domicilio_corregido();

CREATE TRIGGER cuestionario_correccion_exigir BEFORE INSERT ON cuestionario
    FOR EACH ROW EXECUTE FUNCTION sipros_correccion_exigir();
CREATE TRIGGER cuestionario_corregido AFTER INSERT ON cuestionario
    FOR EACH ROW EXECUTE FUNCTION sipros_cuestionario_corregido();

-- (after solicitud_captura_abierta, which refuses a decided application first)
CREATE TRIGGER solicitud_correccion_exigir BEFORE UPDATE OF respuestas, tipo_apoyo_id ON solicitud
    FOR EACH ROW WHEN (OLD.respuestas IS DISTINCT FROM NEW.respuestas
                       OR OLD.tipo_apoyo_id IS DISTINCT FROM NEW.tipo_apoyo_id)
    EXECUTE FUNCTION sipros_correccion_exigir();
CREATE TRIGGER solicitud_corregida AFTER UPDATE OF respuestas, tipo_apoyo_id ON solicitud
    FOR EACH ROW WHEN (OLD.respuestas IS DISTINCT FROM NEW.respuestas
                       OR OLD.tipo_apoyo_id IS DISTINCT FROM NEW.tipo_apoyo_id)
    EXECUTE FUNCTION sipros_solicitud_corregida();

-- the front desk corrects the support type of an application still open (answers it could
-- already: 0003)
GRANT UPDATE (tipo_apoyo_id) ON solicitud TO sipros_ventanilla;
