-- SIPROS Escritorio: Cargas, Padrón Estatal and the review of duplicates.
--
-- A roll from another agency is loaded in one transaction: the client COPYs the file's cells,
-- as text, into a staging table; sipros_carga_validar() reads them with set-based SQL (every
-- rule and every message lives here, so a load from psql is checked as much as one from the
-- app); sipros_carga_aplicar() writes the new citizens and the benefits and removes the
-- staging rows. A preview is the same transaction rolled back. The same benefit (person,
-- programme, support type, date) is never written twice, so loading a file again adds nothing.
-- Rows whose CURP is new but whose person is already registered under another CURP (same
-- name, birth date and sex) are held for the duplicate review instead of opening a second file.

-- ---------------------------------------------------------------------------
-- Benefits: where (municipality and locality of the benefit), and no load benefit twice
-- ---------------------------------------------------------------------------
ALTER TABLE beneficio
    ADD COLUMN municipio_id integer REFERENCES municipio(id),
    ADD COLUMN localidad_id integer REFERENCES localidad(id);
UPDATE beneficio b SET municipio_id = s.municipio_id
FROM solicitud s WHERE s.id = b.solicitud_id AND b.municipio_id IS NULL;
UPDATE beneficio b SET municipio_id = d.municipio_id
FROM domicilio d WHERE d.ciudadano_id = b.ciudadano_id AND b.municipio_id IS NULL;

-- A benefit from an application is where the application was filed (else the citizen's home).
CREATE FUNCTION sipros_beneficio_lugar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.municipio_id IS NULL THEN
        NEW.municipio_id := coalesce(
            (SELECT s.municipio_id FROM solicitud s WHERE s.id = NEW.solicitud_id),
            (SELECT d.municipio_id FROM domicilio d WHERE d.ciudadano_id = NEW.ciudadano_id));
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_beneficio_lugar() FROM PUBLIC;
CREATE TRIGGER beneficio_lugar BEFORE INSERT ON beneficio
    FOR EACH ROW WHEN (NEW.municipio_id IS NULL) EXECUTE FUNCTION sipros_beneficio_lugar();

CREATE UNIQUE INDEX beneficio_carga_unico ON beneficio
    (ciudadano_id, programa_id, tipo_apoyo_id, fecha_entrega) WHERE origen = 'Carga masiva';
-- the Padrón window: newest first, keyset-paged (its other filters read along this order or
-- the programme's index; each index more slows every load)
CREATE INDEX beneficio_fecha_idx ON beneficio (fecha_entrega, id);

-- a load matches the names of new CURPs against the registry by birth date and sex: the name
-- and CURP in the index spare a visit to the table for each of those people
CREATE INDEX ciudadano_nacimiento_sexo_nombre_idx ON ciudadano (fecha_nacimiento, sexo)
    INCLUDE (nombre_orden, curp, id);
DROP INDEX ciudadano_nacimiento_sexo_idx;

-- The beneficiary's sex and birth date kept on each benefit: the indicators by sex and age
-- group read benefits alone (joining 0.8 M benefits with 1 M citizens took 3–4 s). Set by the
-- database from the citizen on insert and when a benefit changes citizen (a merge), and
-- followed when a citizen's sex or birth date is corrected.
ALTER TABLE beneficio ADD COLUMN sexo char(1), ADD COLUMN nacimiento date;
UPDATE beneficio b SET sexo = c.sexo, nacimiento = c.fecha_nacimiento
FROM ciudadano c WHERE c.id = b.ciudadano_id;

CREATE FUNCTION sipros_beneficio_persona() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    SELECT c.sexo, c.fecha_nacimiento INTO NEW.sexo, NEW.nacimiento
    FROM ciudadano c WHERE c.id = NEW.ciudadano_id;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_beneficio_persona() FROM PUBLIC;
CREATE TRIGGER beneficio_persona BEFORE INSERT ON beneficio
    FOR EACH ROW WHEN (NEW.sexo IS NULL OR NEW.nacimiento IS NULL)
    EXECUTE FUNCTION sipros_beneficio_persona();
CREATE TRIGGER beneficio_persona_cambia BEFORE UPDATE OF ciudadano_id
    ON beneficio FOR EACH ROW EXECUTE FUNCTION sipros_beneficio_persona();

CREATE FUNCTION sipros_ciudadano_a_beneficios() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    UPDATE beneficio b SET sexo = n.sexo, nacimiento = n.fecha_nacimiento
    FROM nuevos n JOIN viejos v ON v.id = n.id
    WHERE b.ciudadano_id = n.id
      AND (n.sexo IS DISTINCT FROM v.sexo OR n.fecha_nacimiento IS DISTINCT FROM v.fecha_nacimiento);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_a_beneficios() FROM PUBLIC;
CREATE TRIGGER ciudadano_a_beneficios AFTER UPDATE ON ciudadano
    REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_ciudadano_a_beneficios();

-- The support type of a benefit belongs to its programme, and a delivery is not in the future
-- (loads are checked row by row before; this holds for any client).
CREATE FUNCTION sipros_beneficio_valido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM nuevos n JOIN tipo_apoyo t ON t.id = n.tipo_apoyo_id
               WHERE t.programa_id <> n.programa_id) THEN
        RAISE EXCEPTION 'El tipo de apoyo de un beneficio debe ser de su programa.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM nuevos n WHERE n.origen = 'Carga masiva'
               AND n.fecha_entrega > sipros_hoy()) THEN
        RAISE EXCEPTION 'Un beneficio cargado no puede tener fecha de entrega futura.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_beneficio_valido() FROM PUBLIC;
CREATE TRIGGER beneficio_valido AFTER INSERT ON beneficio REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_beneficio_valido();

-- ---------------------------------------------------------------------------
-- Loads: who, when, what they added, and their reversal
-- ---------------------------------------------------------------------------
ALTER TABLE carga_masiva
    ADD COLUMN hoja text,
    ADD COLUMN ciudadanos_nuevos integer NOT NULL DEFAULT 0 CHECK (ciudadanos_nuevos >= 0),
    ADD COLUMN beneficios integer NOT NULL DEFAULT 0 CHECK (beneficios >= 0),
    ADD COLUMN a_revision integer NOT NULL DEFAULT 0 CHECK (a_revision >= 0),
    ADD COLUMN monto_total numeric(16, 2) NOT NULL DEFAULT 0,
    ADD COLUMN aplicada timestamptz,
    ADD COLUMN revertida timestamptz,
    ADD COLUMN revertida_por text,
    ADD COLUMN motivo_reversion text,
    ADD CONSTRAINT carga_revertida_quien CHECK ((revertida IS NULL) = (revertida_por IS NULL)),
    ADD CONSTRAINT carga_revertida_estado CHECK ((estado = 'Revertida') = (revertida IS NOT NULL));
ALTER TABLE carga_masiva ALTER COLUMN usuario SET DEFAULT session_user;
UPDATE carga_masiva k SET aplicada = k.creado, beneficios = b.n, monto_total = b.monto
FROM (SELECT carga_masiva_id, count(*) AS n, sum(monto) AS monto FROM beneficio
      WHERE carga_masiva_id IS NOT NULL GROUP BY 1) b
WHERE b.carga_masiva_id = k.id AND k.estado = 'Aplicada';
CREATE INDEX carga_masiva_sha_idx ON carga_masiva (sha256, programa_id);
CREATE INDEX carga_masiva_creado_idx ON carga_masiva (creado, id);

-- staff write loads only through the functions below
REVOKE INSERT, UPDATE ON carga_masiva FROM sipros_administrador;
REVOKE INSERT, DELETE ON beneficio FROM sipros_administrador;

-- The citizen files a load opened (their origin)
ALTER TABLE ciudadano ADD COLUMN carga_masiva_id integer REFERENCES carga_masiva(id);
CREATE INDEX ciudadano_carga_idx ON ciudadano (carga_masiva_id) WHERE carga_masiva_id IS NOT NULL;

-- A citizen opened by a load has no privacy-notice acceptance (the agency collected the data);
-- only the load functions (running as the owner) may set carga_masiva_id.
CREATE OR REPLACE FUNCTION sipros_ciudadano_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    -- inside a load function (SECURITY DEFINER: current_user is the owner) or the owner itself
    privilegiado boolean := current_user <> session_user
        OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
    por_carga boolean := NEW.carga_masiva_id IS NOT NULL AND privilegiado;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.carga_masiva_id IS NOT NULL AND NOT por_carga THEN
            RAISE EXCEPTION 'Solo una carga masiva abre expedientes con origen de carga.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.aviso_privacidad IS NULL AND NOT por_carga
           AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'Falta la aceptación del aviso de privacidad: léalo al ciudadano y '
                'marque su aceptación antes de guardar.';
        END IF;
        IF sipros_curp_es_alias(NEW.curp) THEN
            RAISE EXCEPTION 'La CURP % ya pertenece a un expediente (se fusionó con otro): '
                'búsquela y use ese expediente.', NEW.curp USING ERRCODE = 'unique_violation';
        END IF;
        NEW.registrado_por := session_user;
        NEW.creado := now();
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

-- ---------------------------------------------------------------------------
-- CURPs of files merged into another: looking one up finds the surviving file
-- ---------------------------------------------------------------------------
CREATE TABLE ciudadano_alias (
    id           bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE,  -- (the bitácora's key)
    curp         varchar(18) COLLATE "C" PRIMARY KEY CHECK (sipros_curp_valida(curp)),
    ciudadano_id bigint NOT NULL REFERENCES ciudadano(id) ON DELETE CASCADE,
    origen       text NOT NULL CHECK (origen IN ('Fusión', 'Misma persona en carga')),
    nombre       text,  -- the name the merged file or the roll had under this CURP
    creado       timestamptz NOT NULL DEFAULT now(),
    usuario      text NOT NULL DEFAULT session_user
);
CREATE INDEX ciudadano_alias_ciudadano_idx ON ciudadano_alias (ciudadano_id);
CREATE TRIGGER ciudadano_alias_quien_cuando BEFORE INSERT OR UPDATE ON ciudadano_alias
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'creado');

CREATE FUNCTION sipros_curp_es_alias(p_curp text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM ciudadano_alias a WHERE a.curp = p_curp)
$$;
REVOKE EXECUTE ON FUNCTION sipros_curp_es_alias(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_curp_es_alias(text) TO sipros_personal;

-- The CURP of the file a CURP now belongs to: itself, or the surviving file's for a merged one
-- (only the CURP: whoever asks already knows one of them)
CREATE FUNCTION sipros_curp_vigente(p_curp text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT c.curp FROM ciudadano_alias a JOIN ciudadano c ON c.id = a.ciudadano_id
                     WHERE a.curp = upper(btrim(p_curp))), upper(btrim(p_curp)))
$$;
REVOKE EXECUTE ON FUNCTION sipros_curp_vigente(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_curp_vigente(text) TO sipros_personal;

-- an alias is never the CURP of a file
CREATE FUNCTION sipros_alias_valido() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ciudadano c WHERE c.curp = NEW.curp) THEN
        RAISE EXCEPTION 'La CURP % es la de un expediente; no puede ser otro nombre de uno.',
            NEW.curp USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ciudadano_alias_valido BEFORE INSERT OR UPDATE ON ciudadano_alias
    FOR EACH ROW EXECUTE FUNCTION sipros_alias_valido();

ALTER TABLE ciudadano_alias ENABLE ROW LEVEL SECURITY;
CREATE POLICY ciudadano_alias_alcance ON ciudadano_alias
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id));
GRANT SELECT ON ciudadano_alias TO sipros_administrador, sipros_funcionario, sipros_ventanilla,
    sipros_entrega;

-- The front desk opening a file by CURP finds the surviving file of a merged CURP.
CREATE OR REPLACE FUNCTION sipros_abrir_expediente(p_curp text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := upper(btrim(coalesce(p_curp, '')));
    encontrado bigint;
BEGIN
    -- (the owner too: maintenance and the command line)
    IF NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla abre expedientes por CURP.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.id INTO encontrado FROM ciudadano c WHERE c.curp = buscada;
    IF encontrado IS NULL THEN
        SELECT a.ciudadano_id INTO encontrado FROM ciudadano_alias a WHERE a.curp = buscada;
    END IF;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(buscada, 18),
            jsonb_build_object('motivo', 'Expediente por CURP', 'encontrado', encontrado IS NOT NULL));
    IF encontrado IS NOT NULL THEN
        INSERT INTO atencion (usuario, ciudadano_id) VALUES (session_user, encontrado)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN encontrado;
END
$$;

-- ---------------------------------------------------------------------------
-- Header mappings a dependencia's staff fixed by hand, remembered for its next files
-- ---------------------------------------------------------------------------
CREATE TABLE carga_mapeo (
    id             integer GENERATED BY DEFAULT AS IDENTITY UNIQUE,  -- (the bitácora's key)
    dependencia_id integer NOT NULL REFERENCES dependencia(id),
    encabezado     text NOT NULL CHECK (btrim(encabezado) <> '' AND length(encabezado) <= 200),
    campo          text NOT NULL CHECK (campo IN (
        'curp', 'nombre', 'apellido_paterno', 'apellido_materno', 'fecha_nacimiento', 'sexo',
        'municipio', 'localidad', 'tipo_apoyo', 'monto', 'cantidad', 'fecha_entrega',
        'telefono', 'ignorar')),
    actualizado    timestamptz NOT NULL DEFAULT now(),
    usuario        text NOT NULL DEFAULT session_user,
    PRIMARY KEY (dependencia_id, encabezado)
);
CREATE TRIGGER carga_mapeo_quien_cuando BEFORE INSERT OR UPDATE ON carga_mapeo
    FOR EACH ROW EXECUTE FUNCTION sipros_quien_cuando('usuario', 'actualizado');
ALTER TABLE carga_mapeo ENABLE ROW LEVEL SECURITY;
CREATE POLICY carga_mapeo_alcance ON carga_mapeo
    USING (dependencia_id = ANY ((SELECT sipros_dependencias_visibles())::integer[]));
GRANT SELECT, INSERT, UPDATE, DELETE ON carga_mapeo TO sipros_administrador;

-- ---------------------------------------------------------------------------
-- Staging: the cells of a roll as text, only for the length of the load's transaction.
-- Staff may INSERT (COPY) into it and nothing else; the functions below read, check and remove
-- the rows. (COPY FROM cannot run under row-level security; a statement trigger checks that
-- every row goes to a load of the caller that is being validated.)
-- ---------------------------------------------------------------------------
-- (UNLOGGED: rows that never outlive a transaction need no crash safety, and skip the WAL)
CREATE UNLOGGED TABLE carga_fila (
    carga_masiva_id  integer NOT NULL REFERENCES carga_masiva(id) ON DELETE CASCADE,
    fila             integer NOT NULL CHECK (fila > 0),
    curp             text,
    nombre           text,
    apellido_paterno text,
    apellido_materno text,
    fecha_nacimiento text,
    sexo             text,
    municipio        text,
    localidad        text,
    tipo_apoyo       text,
    monto            text,
    cantidad         text,
    fecha_entrega    text,
    telefono         text,
    PRIMARY KEY (carga_masiva_id, fila)
);
REVOKE ALL ON carga_fila FROM PUBLIC;
GRANT INSERT ON carga_fila TO sipros_administrador;

CREATE FUNCTION sipros_carga_fila_propia() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM nuevos n
               WHERE NOT EXISTS (SELECT 1 FROM carga_masiva c
                                 WHERE c.id = n.carga_masiva_id AND c.estado = 'Validando'
                                   AND c.usuario = session_user)) THEN
        RAISE EXCEPTION 'Las filas de una carga van solo a una carga propia que se está validando.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_carga_fila_propia() FROM PUBLIC;
CREATE TRIGGER carga_fila_propia AFTER INSERT ON carga_fila REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_carga_fila_propia();

-- What validation made of each row (owner only; read through sipros_carga_errores)
CREATE UNLOGGED TABLE carga_valor (
    carga_masiva_id integer NOT NULL REFERENCES carga_masiva(id) ON DELETE CASCADE,
    fila            integer NOT NULL,
    curp            varchar(18) COLLATE "C",
    nombre          text,
    paterno         text,
    materno         text,
    nacimiento      date,
    sexo            char(1),
    municipio_id    integer,
    localidad_id    integer,
    tipo_apoyo_id   integer,
    monto           numeric(14, 2),
    cantidad        integer,
    entrega         date,
    telefono        varchar(10),
    errores         jsonb NOT NULL,
    ciudadano_id    bigint,
    candidato_id    bigint,
    PRIMARY KEY (carga_masiva_id, fila)
);
REVOKE ALL ON carga_valor FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Reading values as people type them
-- ---------------------------------------------------------------------------
-- A date: 2025-03-15 (also with a time), 15/03/2025, 15-03-2025, 15.03.2025, or an Excel serial
-- number (a date cell read as a number). NULL when it is none of those or does not exist.
CREATE FUNCTION sipros_carga_fecha(t text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
DECLARE
    p text[];
    y integer;
    m integer;
    d integer;
BEGIN
    t := btrim(t);
    IF t ~ '^\d{4}-\d{1,2}-\d{1,2}([ T].*)?$' THEN
        p := regexp_match(t, '^(\d{4})-(\d{1,2})-(\d{1,2})');
        y := p[1]; m := p[2]; d := p[3];
    ELSIF t ~ '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$' THEN
        p := regexp_match(t, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$');
        d := p[1]; m := p[2]; y := p[3];
    ELSIF t ~ '^\d{1,7}(\.\d+)?$' THEN
        IF t::numeric < 1 OR t::numeric >= 2958466 THEN
            RETURN NULL;
        END IF;
        RETURN DATE '1899-12-30' + floor(t::numeric)::integer;
    ELSE
        RETURN NULL;
    END IF;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, m, d);
END
$$;

-- An amount: 1500, 1500.50, $1,500.00, 1 500, MXN 1500. NULL when it is not a number.
CREATE FUNCTION sipros_carga_monto(t text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN x ~ '^-?\d+(\.\d+)?$' THEN x::numeric
                WHEN x ~ '^-?\d{1,3}(,\d{3})+(\.\d+)?$' THEN replace(x, ',', '')::numeric END
    FROM (SELECT regexp_replace(upper(coalesce(t, '')), '[\s$]|MXN|M\.N\.|PESOS', '', 'g') AS x) v
$$;

-- ---------------------------------------------------------------------------
-- Validation: every row's values and problems into carga_valor. Returns nothing; read the
-- problems with sipros_carga_errores and the totals with sipros_carga_resumen.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_carga_propia(p_carga integer) RETURNS carga_masiva
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k carga_masiva;
BEGIN
    SELECT * INTO k FROM carga_masiva WHERE id = p_carga;
    IF k.id IS NULL OR k.estado <> 'Validando'
       OR (k.usuario <> session_user AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'La carga % no es una carga suya en validación.', p_carga
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN k;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_carga_propia(integer) FROM PUBLIC;

-- Start a load of a programme's roll: only administrators, only for programmes of their scope.
CREATE FUNCTION sipros_carga_iniciar(p_programa text, p_archivo text, p_sha256 text,
                                     p_hoja text DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    prog record;
    nueva integer;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo un administrador carga padrones.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT p.id, p.clave, a.dependencia_id INTO prog
    FROM programa p JOIN area a ON a.id = p.area_id
    WHERE p.clave = upper(btrim(coalesce(p_programa, '')));
    IF prog.id IS NULL THEN
        RAISE EXCEPTION 'No existe el programa «%».', p_programa USING ERRCODE = 'SC001';
    END IF;
    IF NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
       AND NOT prog.id = ANY (sipros_programas_visibles()) THEN
        RAISE EXCEPTION 'El programa % no es de su alcance: solo carga padrones de sus programas.',
            prog.clave USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_sha256 !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'La huella SHA-256 del archivo no es válida.' USING ERRCODE = 'SC001';
    END IF;
    -- loads started and never finished (a client that committed half-way) go away
    DELETE FROM carga_masiva
    WHERE estado = 'Validando' AND usuario = session_user AND creado < now() - interval '1 day';
    INSERT INTO carga_masiva (dependencia_id, programa_id, archivo_nombre, sha256, hoja, estado,
                              usuario, creado)
    VALUES (prog.dependencia_id, prog.id, left(btrim(p_archivo), 255), p_sha256,
            left(p_hoja, 100), 'Validando', session_user, now())
    RETURNING id INTO nueva;
    RETURN nueva;
END
$$;

CREATE FUNCTION sipros_carga_validar(p_carga integer) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
    SET work_mem = '64MB'
AS $$
DECLARE
    k carga_masiva := sipros_carga_propia(p_carga);
    hoy date := sipros_hoy();
    prog_clave text;
BEGIN
    SELECT clave INTO prog_clave FROM programa WHERE id = k.programa_id;
    -- loads of one programme one at a time: the duplicate checks below see each other's rows
    PERFORM pg_advisory_xact_lock(hashtext('sipros_carga'), k.programa_id);
    DELETE FROM carga_valor WHERE carga_masiva_id = p_carga;
    -- the planner must know how many rows just arrived (else it joins them row by row)
    ANALYZE carga_fila;

    INSERT INTO carga_valor (carga_masiva_id, fila, curp, nombre, paterno, materno, nacimiento,
                             sexo, municipio_id, localidad_id, tipo_apoyo_id, monto, cantidad,
                             entrega, telefono, errores, ciudadano_id)
    WITH f AS MATERIALIZED (
        SELECT r.fila,
               r.curp AS t_curp, r.nombre AS t_nombre, r.apellido_paterno AS t_paterno,
               r.apellido_materno AS t_materno, r.fecha_nacimiento AS t_nac, r.sexo AS t_sexo,
               r.municipio AS t_mun, r.localidad AS t_loc, r.tipo_apoyo AS t_tipo,
               r.monto AS t_monto, r.cantidad AS t_cant, r.fecha_entrega AS t_ent,
               r.telefono AS t_tel,
               upper(regexp_replace(coalesce(r.curp, ''), '\s', '', 'g')) AS c,
               nullif(upper(regexp_replace(btrim(r.nombre), '\s+', ' ', 'g')), '') AS nom,
               nullif(upper(regexp_replace(btrim(r.apellido_paterno), '\s+', ' ', 'g')), '') AS pat,
               nullif(upper(regexp_replace(btrim(r.apellido_materno), '\s+', ' ', 'g')), '') AS mat,
               nullif(btrim(r.fecha_nacimiento), '') AS nac_t,
               nullif(btrim(r.fecha_entrega), '') AS ent_t,
               nullif(btrim(r.sexo), '') AS sexo_t,
               nullif(btrim(r.municipio), '') AS mun_t,
               nullif(btrim(r.localidad), '') AS loc_t,
               nullif(btrim(r.tipo_apoyo), '') AS tipo_t,
               nullif(btrim(r.monto), '') AS monto_t,
               nullif(btrim(r.cantidad), '') AS cant_t,
               nullif(regexp_replace(coalesce(r.telefono, ''), '[\s().-]', '', 'g'), '') AS tel_t
        FROM carga_fila r WHERE r.carga_masiva_id = p_carga),
    -- each distinct value is read once (a roll repeats dates, places and support types)
    fechas AS (SELECT t, sipros_carga_fecha(t) AS v
               FROM (SELECT nac_t AS t FROM f UNION SELECT ent_t FROM f) x WHERE t IS NOT NULL),
    montos AS (SELECT t, sipros_carga_monto(t) AS v
               FROM (SELECT DISTINCT monto_t AS t FROM f WHERE monto_t IS NOT NULL) x),
    sexos AS (SELECT t, CASE sipros_normaliza(t)
                            WHEN 'H' THEN 'H' WHEN 'HOMBRE' THEN 'H' WHEN 'MASCULINO' THEN 'H'
                            WHEN 'MASC' THEN 'H' WHEN 'M' THEN 'M' WHEN 'MUJER' THEN 'M'
                            WHEN 'FEMENINO' THEN 'M' WHEN 'FEM' THEN 'M' WHEN 'F' THEN 'M'
                            WHEN 'X' THEN 'X' WHEN 'NO BINARIO' THEN 'X' END AS v
              FROM (SELECT DISTINCT sexo_t AS t FROM f WHERE sexo_t IS NOT NULL) x),
    municipios AS (
        SELECT t, (SELECT CASE WHEN count(*) = 1 THEN min(m.id) END FROM municipio m
                   WHERE CASE WHEN t ~ '^\d{5}$' THEN m.clave = t
                              WHEN t ~ '^\d{1,3}$' THEN right(m.clave, 3) = lpad(t, 3, '0')
                              ELSE translate(sipros_normaliza(m.nombre), 'Ñ', 'N')
                                   = translate(sipros_normaliza(t), 'Ñ', 'N') END) AS v
        FROM (SELECT DISTINCT mun_t AS t FROM f WHERE mun_t IS NOT NULL) x),
    localidades AS (
        SELECT x.mun, x.t,
               (SELECT min(l.id) FROM localidad l JOIN municipio m ON m.id = l.municipio_id
                WHERE l.municipio_id = x.mun
                  AND CASE WHEN x.t ~ '^\d{9}$' THEN l.clave = x.t
                           WHEN x.t ~ '^\d{1,4}$' THEN l.clave = m.clave || lpad(x.t, 4, '0')
                           ELSE translate(sipros_normaliza(l.nombre), 'Ñ', 'N')
                                = translate(sipros_normaliza(x.t), 'Ñ', 'N') END) AS v
        FROM (SELECT DISTINCT mu.v AS mun, f.loc_t AS t FROM f
              JOIN municipios mu ON mu.t = f.mun_t
              WHERE f.loc_t IS NOT NULL AND mu.v IS NOT NULL) x),
    tipos AS (
        SELECT t, (SELECT min(ta.id) FROM tipo_apoyo ta
                   WHERE ta.programa_id = k.programa_id
                     AND (ta.clave = upper(t)
                          OR sipros_normaliza(ta.nombre) = sipros_normaliza(t))) AS v
        FROM (SELECT DISTINCT tipo_t AS t FROM f WHERE tipo_t IS NOT NULL) x),
    v AS (
        SELECT f.*, fn.v AS nac, fe.v AS ent, sx.v AS sx, mu.v AS mun, lo.v AS loc, ti.v AS tipo,
               mo.v AS monto, ci.id AS cid,
               length(f.c) = 18 AND f.c ~ ('^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])'
                   '(0[1-9]|[12][0-9]|3[01])[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN'
                   '|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$')
                   AS forma,
               coalesce(ci.id, al.ciudadano_id) AS ciudadano,
               CASE WHEN f.cant_t IS NULL THEN 1
                    WHEN f.cant_t ~ '^\d{1,9}(\.0+)?$' THEN floor(f.cant_t::numeric)::integer END
                   AS cant
        FROM f
        LEFT JOIN fechas fn ON fn.t = f.nac_t
        LEFT JOIN fechas fe ON fe.t = f.ent_t
        LEFT JOIN sexos sx ON sx.t = f.sexo_t
        LEFT JOIN municipios mu ON mu.t = f.mun_t
        LEFT JOIN localidades lo ON lo.mun = mu.v AND lo.t = f.loc_t
        LEFT JOIN tipos ti ON ti.t = f.tipo_t
        LEFT JOIN montos mo ON mo.t = f.monto_t
        LEFT JOIN ciudadano ci ON ci.curp = f.c
        LEFT JOIN ciudadano_alias al ON al.curp = f.c AND ci.id IS NULL),
    w AS (
        -- (OFFSET 0: computed once per row, not at each place that reads it)
        SELECT v.*, v.forma AND substr(v.c, 18, 1)::integer = sipros_curp_digito(v.c) AS valida
        FROM v OFFSET 0)
    SELECT p_carga, v.fila,
           CASE WHEN length(v.c) = 18 THEN v.c END, v.nom, v.pat, v.mat, v.nac,
           v.sx, v.mun, v.loc, v.tipo, v.monto, v.cant, v.ent,
           CASE WHEN v.tel_t ~ '^(\+?52)?\d{10}$' THEN right(v.tel_t, 10) END,
           to_jsonb(array_remove(ARRAY[
               -- required values
               CASE WHEN v.c = '' THEN sipros_carga_error('CURP', v.t_curp, 'Falta la CURP.') END,
               CASE WHEN v.nom IS NULL THEN sipros_carga_error('NOMBRE', v.t_nombre, 'Falta el nombre.') END,
               CASE WHEN v.pat IS NULL THEN sipros_carga_error('APELLIDO_PATERNO', v.t_paterno,
                   'Falta el apellido paterno (si la persona tiene uno solo, va aquí).') END,
               CASE WHEN v.nac_t IS NULL THEN sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'Falta la fecha de nacimiento.') END,
               CASE WHEN v.sexo_t IS NULL THEN sipros_carga_error('SEXO', v.t_sexo, 'Falta el sexo (H, M o X).') END,
               CASE WHEN v.mun_t IS NULL THEN sipros_carga_error('MUNICIPIO', v.t_mun, 'Falta el municipio.') END,
               CASE WHEN v.tipo_t IS NULL THEN sipros_carga_error('TIPO_APOYO', v.t_tipo, 'Falta el tipo de apoyo.') END,
               CASE WHEN v.monto_t IS NULL THEN sipros_carga_error('MONTO', v.t_monto, 'Falta el monto (0 si el apoyo es en especie).') END,
               CASE WHEN v.ent_t IS NULL THEN sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'Falta la fecha de entrega.') END,
               -- names
               CASE WHEN length(v.nom) > 120 OR length(v.pat) > 120 OR length(v.mat) > 120 THEN
                   sipros_carga_error('NOMBRE', left(concat_ws(' ', v.nom, v.pat, v.mat), 60) || '…',
                                      'Un nombre o apellido pasa de 120 caracteres.') END,
               CASE WHEN concat(v.nom, v.pat, v.mat) ~ '[[:cntrl:]]' THEN
                   sipros_carga_error('NOMBRE', concat_ws(' ', v.nom, v.pat, v.mat),
                                      'El nombre tiene caracteres de control (saltos de línea o tabuladores).') END,
               -- CURP and what it says
               CASE WHEN v.c <> '' AND length(v.c) <> 18 THEN
                   sipros_carga_error('CURP', v.t_curp, format('La CURP tiene %s caracteres; debe tener 18.', length(v.c)))
                    WHEN length(v.c) = 18 AND NOT v.forma THEN
                   sipros_carga_error('CURP', v.t_curp, 'No tiene la forma de una CURP: 4 letras, 6 dígitos de la fecha, H/M/X, '
                                      '2 letras de la entidad, 3 consonantes, 1 carácter y 1 dígito.')
                    WHEN length(v.c) = 18 AND NOT v.valida THEN
                   sipros_carga_error('CURP', v.t_curp, 'El dígito verificador (el último) no corresponde: revise la CURP.') END,
               CASE WHEN v.nac_t IS NOT NULL AND v.nac IS NULL THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'No es una fecha válida (use dd/mm/aaaa y revise día y mes).')
                    WHEN v.nac > hoy THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'La fecha de nacimiento es futura.')
                    WHEN v.nac < DATE '1900-01-01' THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'La fecha de nacimiento es anterior a 1900.')
                    WHEN v.valida AND (substr(v.c, 5, 6) <> to_char(v.nac, 'YYMMDD')
                         OR (v.nac < DATE '2000-01-01') <> (substr(v.c, 17, 1) ~ '^[0-9]$')) THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac,
                       format('No coincide con la CURP, que dice nacimiento el %s/%s/%s.',
                              substr(v.c, 9, 2), substr(v.c, 7, 2), substr(v.c, 5, 2))) END,
               CASE WHEN v.sexo_t IS NOT NULL AND v.sx IS NULL THEN
                   sipros_carga_error('SEXO', v.t_sexo, 'El sexo debe ser H (hombre), M (mujer) o X.')
                    WHEN v.valida AND substr(v.c, 11, 1) <> v.sx THEN
                   sipros_carga_error('SEXO', v.t_sexo,
                       format('No coincide con la CURP, que dice %s.', substr(v.c, 11, 1))) END,
               -- place, support, amount, date
               CASE WHEN v.mun_t IS NOT NULL AND v.mun IS NULL THEN
                   sipros_carga_error('MUNICIPIO', v.t_mun,
                       'Municipio desconocido: use la clave INEGI (014 o 22014) o el nombre del municipio.') END,
               CASE WHEN v.loc_t IS NOT NULL AND v.mun IS NOT NULL AND v.loc IS NULL THEN
                   sipros_carga_error('LOCALIDAD', v.t_loc, 'Localidad desconocida en ese municipio: use su clave INEGI o su nombre.') END,
               CASE WHEN v.tipo_t IS NOT NULL AND v.tipo IS NULL THEN
                   sipros_carga_error('TIPO_APOYO', v.t_tipo,
                       format('No es un tipo de apoyo del programa %s: use su clave o su nombre.', prog_clave)) END,
               CASE WHEN v.monto_t IS NOT NULL AND v.monto IS NULL THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto no es un número (ejemplos: 1500, 1500.50, $1,500.00).')
                    WHEN v.monto < 0 THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto no puede ser negativo.')
                    WHEN v.monto >= 1e12 THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto es demasiado grande.') END,
               CASE WHEN v.cant IS NULL OR v.cant < 1 THEN
                   sipros_carga_error('CANTIDAD', v.t_cant, 'La cantidad debe ser un número entero mayor que cero.') END,
               CASE WHEN v.ent_t IS NOT NULL AND v.ent IS NULL THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'No es una fecha válida (use dd/mm/aaaa y revise día y mes).')
                    WHEN v.ent > hoy THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent,
                       format('La fecha de entrega es futura (hoy es %s): el Padrón registra apoyos ya entregados.',
                              to_char(hoy, 'DD/MM/YYYY')))
                    WHEN v.ent < DATE '1990-01-01' THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'La fecha de entrega es anterior a 1990.')
                    WHEN v.ent < v.nac THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'La fecha de entrega es anterior al nacimiento.') END,
               CASE WHEN v.tel_t IS NOT NULL AND v.tel_t !~ '^(\+?52)?\d{10}$' THEN
                   sipros_carga_error('TELEFONO', v.t_tel, 'El teléfono debe tener 10 dígitos.') END
           ], NULL)),
           v.ciudadano
    FROM w AS v;

    ANALYZE carga_valor;

    -- checks across rows, on the rows still valid
    WITH ok AS (
        SELECT cv.* FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]'),
    repetidas AS (
        SELECT fila, first_value(fila) OVER w AS primera, row_number() OVER w AS n
        FROM ok WINDOW w AS (PARTITION BY curp, tipo_apoyo_id, entrega ORDER BY fila)),
    otra_persona AS (
        -- one CURP, two people in the file (names compared only where a CURP repeats)
        SELECT fila, first_value(fila) OVER w AS primera,
               first_value(orden) OVER w IS DISTINCT FROM orden AS distinta
        FROM (SELECT r.fila, r.curp,
                     sipros_normaliza(r.paterno || ' ' || coalesce(r.materno, '') || ' ' || r.nombre) AS orden
              FROM ok r
              WHERE r.curp IN (SELECT curp FROM ok GROUP BY curp HAVING count(*) > 1)) x
        WINDOW w AS (PARTITION BY curp ORDER BY fila)),
    en_padron AS (
        SELECT ok.fila, b.origen, b.carga_masiva_id, s.folio
        FROM ok
        JOIN LATERAL (SELECT b.origen, b.carga_masiva_id, b.solicitud_id FROM beneficio b
                      WHERE b.ciudadano_id = ok.ciudadano_id AND b.programa_id = k.programa_id
                        AND b.tipo_apoyo_id = ok.tipo_apoyo_id AND b.fecha_entrega = ok.entrega
                      LIMIT 1) b ON true
        LEFT JOIN solicitud s ON s.id = b.solicitud_id
        WHERE ok.ciudadano_id IS NOT NULL),
    nuevos_errores AS (
        SELECT fila, jsonb_agg(e) AS e FROM (
            SELECT r.fila, sipros_carga_error('CURP', ok.curp, format(
                       'Repite la fila %s: la misma CURP, tipo de apoyo y fecha de entrega.', r.primera)) AS e
            FROM repetidas r JOIN ok USING (fila) WHERE r.n > 1
            UNION ALL
            SELECT o.fila, sipros_carga_error('CURP', ok.curp, format(
                       'La misma CURP está en la fila %s con otro nombre: corrija una de las dos.', o.primera))
            FROM otra_persona o JOIN ok USING (fila) WHERE o.distinta
            UNION ALL
            SELECT p.fila, sipros_carga_error('FECHA_ENTREGA', to_char(ok.entrega, 'DD/MM/YYYY'),
                       CASE WHEN p.origen = 'Carga masiva' THEN format(
                                'Este apoyo ya está en el Padrón (misma persona, programa, tipo y '
                                'fecha), cargado en la carga %s.', p.carga_masiva_id)
                            ELSE format('Este apoyo ya está en el Padrón: se entregó por la '
                                        'solicitud %s.', p.folio) END)
            FROM en_padron p JOIN ok USING (fila)) x
        GROUP BY fila)
    UPDATE carga_valor cv SET errores = cv.errores || n.e
    FROM nuevos_errores n
    WHERE cv.carga_masiva_id = p_carga AND cv.fila = n.fila;

    -- a new CURP whose person is already registered under another one: to the review
    -- (same birth date and sex, and the same name up to accents, case and spaces, with the
    -- surnames swapped, or with one of the two missing the second surname)
    WITH partes AS (
        SELECT cv.fila, cv.curp, cv.nacimiento, cv.sexo, sipros_normaliza(cv.nombre) AS nom,
               sipros_normaliza(cv.paterno) AS pat, nullif(sipros_normaliza(cv.materno), '') AS mat
        FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.ciudadano_id IS NULL),
    nuevas AS MATERIALIZED (  -- (the names normalized once, not in every probe)
        SELECT fila, curp, nacimiento, sexo, pat, nom, mat IS NULL AS falta_materno,
               concat_ws(' ', pat, mat, nom) AS orden, concat_ws(' ', mat, pat, nom) AS cruzado,
               pat || ' ' || nom AS sin_materno
        FROM partes),
    candidatos AS (
        -- one probe of the birth date and sex per row (concat(): not the name index, which
        -- would read every citizen with a common name; id + 0: not a walk of the primary key)
        SELECT n.fila, (
            SELECT min(c.id + 0) FROM ciudadano c
            WHERE c.fecha_nacimiento = n.nacimiento AND c.sexo = n.sexo AND c.curp <> n.curp
              AND (concat(c.nombre_orden) IN (n.orden, n.cruzado, n.sin_materno)
                   OR (n.falta_materno AND c.nombre_orden LIKE n.pat || ' % ' || n.nom))) AS id
        FROM nuevas n)
    UPDATE carga_valor cv SET candidato_id = x.id
    FROM candidatos x
    WHERE x.id IS NOT NULL AND cv.carga_masiva_id = p_carga AND cv.fila = x.fila;

    UPDATE carga_masiva SET
        filas_total = (SELECT count(*) FROM carga_valor WHERE carga_masiva_id = p_carga),
        filas_error = (SELECT count(*) FROM carga_valor
                       WHERE carga_masiva_id = p_carga AND errores <> '[]')
    WHERE id = p_carga;
    UPDATE carga_masiva SET filas_validas = filas_total - filas_error WHERE id = p_carga;
END
$$;

CREATE FUNCTION sipros_carga_error(p_columna text, p_valor text, p_mensaje text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT jsonb_build_object('columna', p_columna, 'valor', coalesce(left(p_valor, 200), ''),
                              'mensaje', p_mensaje)
$$;

-- The problems found, one row each, in the order of the file
CREATE FUNCTION sipros_carga_errores(p_carga integer)
    RETURNS TABLE (fila integer, columna text, valor text, mensaje text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_carga_propia(p_carga);
    RETURN QUERY
    SELECT cv.fila, e ->> 'columna', e ->> 'valor', e ->> 'mensaje'
    FROM carga_valor cv, jsonb_array_elements(cv.errores) e
    WHERE cv.carga_masiva_id = p_carga AND cv.errores <> '[]'
    ORDER BY cv.fila;
END
$$;

-- What applying would do: rows, valid rows, rows with problems, citizens to open, benefits to
-- write, rows held for the duplicate review, and the total amount.
CREATE FUNCTION sipros_carga_resumen(p_carga integer)
    RETURNS TABLE (filas integer, validas integer, con_errores integer, ciudadanos_nuevos integer,
                   vinculadas integer, beneficios integer, a_revision integer, monto numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_carga_propia(p_carga);
    RETURN QUERY
    SELECT count(*)::integer,
           count(*) FILTER (WHERE cv.errores = '[]')::integer,
           count(*) FILTER (WHERE cv.errores <> '[]')::integer,
           count(DISTINCT cv.curp) FILTER (WHERE cv.errores = '[]' AND cv.ciudadano_id IS NULL
                                            AND cv.candidato_id IS NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.ciudadano_id IS NOT NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NOT NULL)::integer,
           coalesce(sum(cv.monto) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NULL), 0)
    FROM carga_valor cv WHERE cv.carga_masiva_id = p_carga;
END
$$;

-- Apply a validated load: open the new files, write the benefits, hold the possible
-- duplicates for review. p_estricta: any row with a problem cancels the whole load.
CREATE FUNCTION sipros_carga_aplicar(p_carga integer, p_estricta boolean DEFAULT false)
    RETURNS TABLE (carga_id integer, ciudadanos_nuevos integer, beneficios integer,
                   a_revision integer, monto numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    k carga_masiva := sipros_carga_propia(p_carga);
    dep integer;
    n_ciudadanos integer;
    n_beneficios integer;
    n_revision integer;
    total numeric;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM carga_valor WHERE carga_masiva_id = p_carga) THEN
        RAISE EXCEPTION 'Valide la carga antes de aplicarla.' USING ERRCODE = 'SC002';
    END IF;
    IF p_estricta AND k.filas_error > 0 THEN
        RAISE EXCEPTION 'La carga tiene % filas con problemas y se pidió aplicarla completa o '
            'nada: no se aplicó ninguna.', k.filas_error USING ERRCODE = 'SC003';
    END IF;
    IF k.filas_validas = 0 THEN
        RAISE EXCEPTION 'No hay filas válidas que aplicar.' USING ERRCODE = 'SC004';
    END IF;
    SELECT a.dependencia_id INTO dep FROM programa p JOIN area a ON a.id = p.area_id
    WHERE p.id = k.programa_id;

    -- new files (one per new CURP: the file's first row gives the data); a CURP registered
    -- meanwhile by someone else is not opened twice: its benefits go to that file
    WITH nuevos AS (
        INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno,
                               fecha_nacimiento, sexo, entidad_nacimiento, telefono,
                               carga_masiva_id)
        SELECT DISTINCT ON (cv.curp) cv.curp, cv.nombre, cv.paterno, cv.materno, cv.nacimiento,
               cv.sexo, substr(cv.curp, 12, 2), cv.telefono, p_carga
        FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.ciudadano_id IS NULL
          AND cv.candidato_id IS NULL
        ORDER BY cv.curp, cv.fila
        ON CONFLICT (curp) DO NOTHING
        RETURNING 1)
    SELECT count(*) INTO n_ciudadanos FROM nuevos;

    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           carga_masiva_id, origen, fecha_entrega, monto, cantidad,
                           municipio_id, localidad_id, sexo, nacimiento)
    SELECT coalesce(cv.ciudadano_id, c.id), k.programa_id, cv.tipo_apoyo_id, dep, p_carga,
           'Carga masiva', cv.entrega, cv.monto, cv.cantidad, cv.municipio_id, cv.localidad_id,
           -- (what the CURP says: the same as the registered file's, which its CURP ties too)
           cv.sexo, cv.nacimiento
    FROM carga_valor cv
    LEFT JOIN ciudadano c ON cv.ciudadano_id IS NULL AND c.curp = cv.curp
    WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.candidato_id IS NULL
    -- (in the order of the citizen indexes: fewer pages touched; no ON CONFLICT: the loads of
    -- a programme wait for each other and validation left out what the Padrón has)
    ORDER BY 1;
    GET DIAGNOSTICS n_beneficios = ROW_COUNT;
    SELECT coalesce(sum(b.monto), 0) INTO total FROM beneficio b WHERE b.carga_masiva_id = p_carga;

    INSERT INTO duplicado_revision (ciudadano_id, carga_masiva_id, origen, fila)
    SELECT cv.candidato_id, p_carga, 'Carga masiva',
           jsonb_build_object('fila', cv.fila, 'curp', cv.curp, 'nombre', cv.nombre,
                              'apellido_paterno', cv.paterno, 'apellido_materno', cv.materno,
                              'fecha_nacimiento', cv.nacimiento, 'sexo', cv.sexo,
                              'telefono', cv.telefono, 'municipio_id', cv.municipio_id,
                              'localidad_id', cv.localidad_id, 'tipo_apoyo_id', cv.tipo_apoyo_id,
                              'monto', cv.monto, 'cantidad', cv.cantidad,
                              'fecha_entrega', cv.entrega)
    FROM carga_valor cv
    WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.candidato_id IS NOT NULL;
    GET DIAGNOSTICS n_revision = ROW_COUNT;

    UPDATE carga_masiva SET estado = 'Aplicada', aplicada = now(),
        ciudadanos_nuevos = n_ciudadanos, beneficios = n_beneficios, a_revision = n_revision,
        monto_total = total
    WHERE id = p_carga;
    DELETE FROM carga_valor WHERE carga_masiva_id = p_carga;
    DELETE FROM carga_fila WHERE carga_masiva_id = p_carga;
    RETURN QUERY SELECT p_carga, n_ciudadanos, n_beneficios, n_revision, total;
END
$$;

-- Revert an applied load: its benefits go (one transaction, each one in the bitácora), its rows
-- waiting for review are dropped, and the files it opened that have nothing else are removed.
CREATE FUNCTION sipros_carga_revertir(p_carga integer, p_motivo text)
    RETURNS TABLE (beneficios integer, ciudadanos integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k carga_masiva;
    n_beneficios integer;
    n_ciudadanos integer;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo un administrador revierte cargas.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO k FROM carga_masiva WHERE id = p_carga FOR UPDATE;
    IF k.id IS NULL OR NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
                            OR k.programa_id = ANY (sipros_programas_visibles())) THEN
        RAISE EXCEPTION 'No existe la carga % en su alcance.', p_carga USING ERRCODE = 'SC001';
    END IF;
    IF k.estado <> 'Aplicada' THEN
        RAISE EXCEPTION 'La carga % está «%»: solo se revierte una carga aplicada.', p_carga, k.estado
            USING ERRCODE = 'SC005';
    END IF;
    IF btrim(coalesce(p_motivo, '')) = '' THEN
        RAISE EXCEPTION 'Escriba el motivo de la reversión.' USING ERRCODE = 'SC001';
    END IF;
    DELETE FROM beneficio WHERE carga_masiva_id = p_carga;
    GET DIAGNOSTICS n_beneficios = ROW_COUNT;
    UPDATE duplicado_revision SET estado = 'Descartada', decidido = now(),
        decidido_por = session_user, comentario = 'Carga revertida'
    WHERE carga_masiva_id = p_carga AND estado = 'Pendiente';
    DELETE FROM ciudadano c
    WHERE c.carga_masiva_id = p_carga
      AND NOT EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM documento d WHERE d.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM ciudadano_alias a WHERE a.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM duplicado_revision r
                      WHERE (r.ciudadano_id = c.id OR r.candidato_id = c.id)
                        AND r.estado NOT IN ('Pendiente', 'Descartada'));
    GET DIAGNOSTICS n_ciudadanos = ROW_COUNT;
    UPDATE carga_masiva SET estado = 'Revertida', revertida = now(), revertida_por = session_user,
        motivo_reversion = left(btrim(p_motivo), 500)
    WHERE id = p_carga;
    RETURN QUERY SELECT n_beneficios, n_ciudadanos;
END
$$;

-- ---------------------------------------------------------------------------
-- The review of possible duplicates: pairs of files (from captures saved anyway and from the
-- registry-wide search) and roll rows held by a load (a file and a row).
-- ---------------------------------------------------------------------------
CREATE TABLE duplicado_revision (
    id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    -- (a file deleted by a merge or a reversal leaves the decision on record)
    ciudadano_id    bigint REFERENCES ciudadano(id) ON DELETE SET NULL,
    candidato_id    bigint REFERENCES ciudadano(id) ON DELETE SET NULL,
    carga_masiva_id integer REFERENCES carga_masiva(id),
    fila            jsonb,  -- the held row of a roll (its typed values)
    origen          text NOT NULL CHECK (origen IN ('Carga masiva', 'Ventanilla', 'Búsqueda')),
    similitud       numeric(4, 3),
    estado          text NOT NULL DEFAULT 'Pendiente'
                    CHECK (estado IN ('Pendiente', 'Personas distintas', 'Misma persona', 'Descartada')),
    creado          timestamptz NOT NULL DEFAULT now(),
    decidido        timestamptz,
    decidido_por    text,
    conservado_id   bigint,  -- the file that stays (merge) or was opened (a held row)
    detalle         jsonb,   -- what a merge moved, and the CURP that became an alias
    comentario      text CHECK (length(comentario) <= 500),
    CHECK ((origen = 'Carga masiva') = (fila IS NOT NULL)),
    CHECK (fila IS NOT NULL OR candidato_id IS NOT NULL OR estado <> 'Pendiente'),
    CHECK (ciudadano_id <> candidato_id),
    CHECK ((estado = 'Pendiente') = (decidido IS NULL))
);
CREATE UNIQUE INDEX duplicado_revision_par ON duplicado_revision
    (least(ciudadano_id, candidato_id), greatest(ciudadano_id, candidato_id))
    WHERE ciudadano_id IS NOT NULL AND candidato_id IS NOT NULL;
CREATE INDEX duplicado_revision_pendiente_idx ON duplicado_revision (estado, creado, id);
CREATE INDEX duplicado_revision_ciudadano_idx ON duplicado_revision (ciudadano_id);
CREATE INDEX duplicado_revision_candidato_idx ON duplicado_revision (candidato_id);
CREATE INDEX duplicado_revision_carga_idx ON duplicado_revision (carga_masiva_id)
    WHERE carga_masiva_id IS NOT NULL;

-- only administrators review (they see every file); writes go through the functions below
ALTER TABLE duplicado_revision ENABLE ROW LEVEL SECURITY;
CREATE POLICY duplicado_revision_alcance ON duplicado_revision
    USING ((SELECT sipros_ve_todo_personal())
           AND pg_has_role(session_user, 'sipros_administrador', 'MEMBER'));
GRANT SELECT ON duplicado_revision TO sipros_administrador;

-- the captures the front desk saved although the clerk saw a possible duplicate
INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen, creado)
SELECT DISTINCT ON (least(d.ciudadano_id, d.candidato_id), greatest(d.ciudadano_id, d.candidato_id))
       d.candidato_id, d.ciudadano_id, 'Ventanilla', d.fecha
FROM duplicado_decision d WHERE d.decision = 'Posible duplicado'
ORDER BY least(d.ciudadano_id, d.candidato_id), greatest(d.ciudadano_id, d.candidato_id), d.fecha;

CREATE FUNCTION sipros_duplicado_de_ventanilla() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen)
    SELECT n.candidato_id, n.ciudadano_id, 'Ventanilla'
    FROM nuevos n WHERE n.decision = 'Posible duplicado'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_duplicado_de_ventanilla() FROM PUBLIC;
CREATE TRIGGER duplicado_a_revision AFTER INSERT ON duplicado_decision
    REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_duplicado_de_ventanilla();

CREATE FUNCTION sipros_es_revisor() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT ((pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
             AND sipros_ve_todo_personal())
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo un administrador revisa y fusiona duplicados.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_es_revisor() FROM PUBLIC;

-- Pairs found by the registry-wide search (the client compares the names); pairs already in
-- the review, in any state, and pairs the front desk decided were different people are not
-- added again. Returns how many were added.
CREATE FUNCTION sipros_duplicados_registrar(p_a bigint[], p_b bigint[], p_similitud numeric[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM sipros_es_revisor();
    INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen, similitud)
    SELECT least(x.a, x.b), greatest(x.a, x.b), 'Búsqueda', round(x.s, 3)
    FROM unnest(p_a, p_b, p_similitud) AS x(a, b, s)
    JOIN ciudadano c1 ON c1.id = x.a
    JOIN ciudadano c2 ON c2.id = x.b
    WHERE x.a <> x.b
      AND NOT EXISTS (SELECT 1 FROM duplicado_decision d
                      WHERE d.decision = 'Personas distintas'
                        AND ((d.ciudadano_id = x.a AND d.candidato_id = x.b)
                             OR (d.ciudadano_id = x.b AND d.candidato_id = x.a)))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- Merge p_absorbe into p_conserva: applications, benefits, documents, questionnaires and
-- decisions move to the surviving file, the other CURP becomes its alias, and the other file is
-- deleted (the bitácora keeps its full before state, row by row). Returns what moved.
CREATE FUNCTION sipros_fusionar(p_conserva bigint, p_absorbe bigint, p_revision bigint DEFAULT NULL)
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
BEGIN
    PERFORM sipros_es_revisor();
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

    UPDATE solicitud SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_sol = ROW_COUNT;
    -- the same loaded benefit under both CURPs was reported twice: the surviving file keeps one
    DELETE FROM beneficio b
    WHERE b.ciudadano_id = p_absorbe AND b.origen = 'Carga masiva'
      AND EXISTS (SELECT 1 FROM beneficio o
                  WHERE o.ciudadano_id = p_conserva AND o.origen = 'Carga masiva'
                    AND o.programa_id = b.programa_id
                    AND o.tipo_apoyo_id IS NOT DISTINCT FROM b.tipo_apoyo_id
                    AND o.fecha_entrega = b.fecha_entrega);
    GET DIAGNOSTICS n_rep = ROW_COUNT;
    UPDATE beneficio SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_ben = ROW_COUNT;
    UPDATE documento SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_doc = ROW_COUNT;
    UPDATE cuestionario SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_cue = ROW_COUNT;
    -- the surviving file keeps its own address; it takes the other's when it has none
    UPDATE domicilio SET ciudadano_id = p_conserva
    WHERE ciudadano_id = p_absorbe
      AND NOT EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = p_conserva);
    INSERT INTO atencion (usuario, fecha, ciudadano_id, desde)
    SELECT usuario, fecha, p_conserva, desde FROM atencion WHERE ciudadano_id = p_absorbe
    ON CONFLICT DO NOTHING;
    -- decisions about the absorbed file now speak of the surviving one
    UPDATE duplicado_decision d SET ciudadano_id = p_conserva
    WHERE d.ciudadano_id = p_absorbe AND d.candidato_id <> p_conserva
      AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                      WHERE o.ciudadano_id = p_conserva AND o.candidato_id = d.candidato_id);
    UPDATE duplicado_decision d SET candidato_id = p_conserva
    WHERE d.candidato_id = p_absorbe AND d.ciudadano_id <> p_conserva
      AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                      WHERE o.candidato_id = p_conserva AND o.ciudadano_id = d.ciudadano_id);
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
    IF p_revision IS NOT NULL THEN
        UPDATE duplicado_revision SET estado = 'Misma persona', decidido = now(),
            decidido_por = session_user, conservado_id = p_conserva, detalle = resultado
        WHERE id = p_revision;
    END IF;
    DELETE FROM ciudadano WHERE id = p_absorbe;
    INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
    VALUES (c2.curp, p_conserva, 'Fusión',
            concat_ws(' ', c2.nombre, c2.apellido_paterno, c2.apellido_materno));
    RETURN resultado;
END
$$;

-- Decide a pair of the review. For two files: 'Personas distintas' (the pair never comes
-- back) or 'Misma persona' (merge, p_conserva is the file that stays). For a held roll row:
-- 'Personas distintas' opens its own file and writes its benefit; 'Misma persona' writes the
-- benefit to the registered file and keeps the roll's CURP as that file's alias.
CREATE FUNCTION sipros_duplicado_decidir(p_revision bigint, p_decision text,
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
-- The bitácora of what a load writes: one summary row per load and table (the load itself
-- records who, when, the file's name and SHA-256, and every row points to it), as for the
-- civil-registry extracts. Rows written any other way keep one bitácora row each. Only the load
-- functions can write rows with carga_masiva_id (staff cannot insert benefits, and the
-- citizen trigger refuses the column to them).
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_bitacora_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    omitir text[] := coalesce(TG_ARGV, '{}');
BEGIN
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, 'carga ' || n.carga_masiva_id,
           jsonb_build_object('carga_masiva_id', n.carga_masiva_id, 'filas', count(*),
                              'primer_id', min(n.id), 'ultimo_id', max(n.id))
    FROM nuevos n WHERE n.carga_masiva_id IS NOT NULL GROUP BY n.carga_masiva_id;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, n.id::text, to_jsonb(n) - omitir
    FROM nuevos n WHERE n.carga_masiva_id IS NULL;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_bitacora_alta() FROM PUBLIC;
DROP TRIGGER beneficio_bitacora_ins ON beneficio;
CREATE TRIGGER beneficio_bitacora_ins AFTER INSERT ON beneficio REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_alta();
DROP TRIGGER ciudadano_bitacora_ins ON ciudadano;
CREATE TRIGGER ciudadano_bitacora_ins AFTER INSERT ON ciudadano REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_alta('nombre_orden', 'nombre_busqueda');

-- ---------------------------------------------------------------------------
-- Who and when on a load's lifecycle, the bitácora of the new tables, and execute rights
-- ---------------------------------------------------------------------------
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ciudadano_alias', 'duplicado_revision', 'carga_mapeo'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS nuevos '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar()',
                       t || '_bitacora_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS viejos NEW TABLE AS nuevos '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar()',
                       t || '_bitacora_upd', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS viejos '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_registrar()',
                       t || '_bitacora_del', t);
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_iniciar(text, text, text, text),
    sipros_carga_validar(integer), sipros_carga_errores(integer), sipros_carga_resumen(integer),
    sipros_carga_aplicar(integer, boolean), sipros_carga_revertir(integer, text),
    sipros_duplicados_registrar(bigint[], bigint[], numeric[]),
    sipros_fusionar(bigint, bigint, bigint), sipros_duplicado_decidir(bigint, text, bigint, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_iniciar(text, text, text, text),
    sipros_carga_validar(integer), sipros_carga_errores(integer), sipros_carga_resumen(integer),
    sipros_carga_aplicar(integer, boolean), sipros_carga_revertir(integer, text),
    sipros_duplicados_registrar(bigint[], bigint[], numeric[]),
    sipros_fusionar(bigint, bigint, bigint), sipros_duplicado_decidir(bigint, text, bigint, text),
    sipros_es_revisor()
    TO sipros_administrador;
