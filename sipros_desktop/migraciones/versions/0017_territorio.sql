-- SIPROS Escritorio 0017: the territory of every benefit down to the colonia.
--
-- A benefit keeps where it was given: its municipality (0011), its locality and its colonia.
-- From an application: the citizen's address at delivery time (when that address is in the
-- benefit's municipality: a citizen who moved after filing keeps the municipality of the filing
-- and no locality rather than a locality of another municipality). From a load: what the row of
-- the roll says (LOCALIDAD and the new optional COLONIA; a colonia alone gives its locality).
-- One BEFORE INSERT trigger derives them, so every path that writes benefits (deliveries online
-- and offline, loads, the review of held rows, the undo of a merge, and whatever comes later)
-- fills them the same way. Existing rows are filled here in one set-based UPDATE.

-- ---------------------------------------------------------------------------
-- The column, the trigger that fills it, the existing rows and the indexes
-- ---------------------------------------------------------------------------
-- (its foreign key is added after the backfill: one pass over the table, not one look-up per row)
ALTER TABLE beneficio ADD COLUMN colonia_id integer;

CREATE OR REPLACE FUNCTION sipros_beneficio_lugar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    loc integer;
    col integer;
BEGIN
    IF NEW.municipio_id IS NULL THEN
        NEW.municipio_id := coalesce(
            (SELECT s.municipio_id FROM solicitud s WHERE s.id = NEW.solicitud_id),
            (SELECT d.municipio_id FROM domicilio d WHERE d.ciudadano_id = NEW.ciudadano_id));
    END IF;
    -- an application's benefit: where the citizen lives now, at the delivery
    IF NEW.solicitud_id IS NOT NULL AND NEW.localidad_id IS NULL AND NEW.colonia_id IS NULL THEN
        SELECT coalesce(d.localidad_id, c.localidad_id), d.colonia_id INTO loc, col
        FROM domicilio d LEFT JOIN colonia c ON c.id = d.colonia_id
        WHERE d.ciudadano_id = NEW.ciudadano_id AND d.municipio_id = NEW.municipio_id;
        NEW.localidad_id := loc;
        NEW.colonia_id := col;
    END IF;
    -- a colonia alone: its locality
    IF NEW.colonia_id IS NOT NULL AND NEW.localidad_id IS NULL THEN
        NEW.localidad_id := (SELECT c.localidad_id FROM colonia c WHERE c.id = NEW.colonia_id);
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_beneficio_lugar() FROM PUBLIC;
-- (a load row that brings its place does not run the trigger: a load writes 100 k rows)
DROP TRIGGER beneficio_lugar ON beneficio;
CREATE TRIGGER beneficio_lugar BEFORE INSERT ON beneficio
    FOR EACH ROW WHEN (NEW.municipio_id IS NULL
                       OR (NEW.localidad_id IS NULL
                           AND (NEW.solicitud_id IS NOT NULL OR NEW.colonia_id IS NOT NULL)))
    EXECUTE FUNCTION sipros_beneficio_lugar();

-- The benefits already given by an application: the citizen's address as it is today (the
-- best there is: the address at their delivery was not kept). One set-based UPDATE, audited
-- as one line (millions of benefits are not millions of lines in the bitácora).
-- (the locality's foreign key is checked again once at the end, as the colonia's: a check per
-- updated row would cost as much as the update; the planner gets the table's statistics first,
-- so it joins by hashing whatever the number of rows)
ALTER TABLE beneficio DISABLE TRIGGER beneficio_bitacora_upd;
ALTER TABLE beneficio DROP CONSTRAINT beneficio_localidad_id_fkey;
ANALYZE beneficio, domicilio;
-- relleno: inicio
UPDATE beneficio b SET localidad_id = d.localidad_id, colonia_id = d.colonia_id
FROM (SELECT dm.ciudadano_id, dm.municipio_id, dm.colonia_id,
             coalesce(dm.localidad_id, (SELECT c.localidad_id FROM colonia c
                                        WHERE c.id = dm.colonia_id)) AS localidad_id
      FROM domicilio dm
      WHERE dm.localidad_id IS NOT NULL OR dm.colonia_id IS NOT NULL) d
WHERE b.solicitud_id IS NOT NULL AND b.localidad_id IS NULL AND b.colonia_id IS NULL
  AND d.ciudadano_id = b.ciudadano_id AND d.municipio_id = b.municipio_id;
-- relleno: fin
ALTER TABLE beneficio
    ADD CONSTRAINT beneficio_localidad_id_fkey FOREIGN KEY (localidad_id) REFERENCES localidad(id),
    ADD CONSTRAINT beneficio_colonia_id_fkey FOREIGN KEY (colonia_id) REFERENCES colonia(id);
ALTER TABLE beneficio ENABLE TRIGGER beneficio_bitacora_upd;
INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
SELECT session_user, 'beneficio', 'UPDATE', 'migración 0017',
       jsonb_build_object('con_localidad', count(*) FILTER (WHERE localidad_id IS NOT NULL),
                          'con_colonia', count(*) FILTER (WHERE colonia_id IS NOT NULL))
FROM beneficio
HAVING count(*) > 0;

-- the Padrón filtered by locality or colonia reads them newest first (keyset), and the reports
-- count them; rows without a place are left out of the index
CREATE INDEX beneficio_localidad_idx ON beneficio (localidad_id, fecha_entrega, id)
    WHERE localidad_id IS NOT NULL;
CREATE INDEX beneficio_colonia_idx ON beneficio (colonia_id, fecha_entrega, id)
    WHERE colonia_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- Loads: an optional COLONIA column (templates without it keep working)
-- ---------------------------------------------------------------------------
ALTER TABLE carga_fila ADD COLUMN colonia text;
ALTER TABLE carga_valor ADD COLUMN colonia_id integer;
ALTER TABLE carga_mapeo DROP CONSTRAINT carga_mapeo_campo_check;
ALTER TABLE carga_mapeo ADD CONSTRAINT carga_mapeo_campo_check CHECK (campo IN (
    'curp', 'nombre', 'apellido_paterno', 'apellido_materno', 'fecha_nacimiento', 'sexo',
    'municipio', 'localidad', 'colonia', 'tipo_apoyo', 'monto', 'cantidad', 'fecha_entrega',
    'telefono', 'ignorar'));

-- The validation of 0011 reads every other column; the colonia is read after it, set-based, in
-- the row's municipality (and locality when the row gives one): by its SEPOMEX key or its name.
ALTER FUNCTION sipros_carga_validar(integer) RENAME TO sipros_carga_validar_filas;
REVOKE EXECUTE ON FUNCTION sipros_carga_validar_filas(integer) FROM PUBLIC, sipros_administrador;

CREATE FUNCTION sipros_carga_validar(p_carga integer) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
BEGIN
    -- (checks that the load is the caller's and takes the programme's lock)
    PERFORM sipros_carga_validar_filas(p_carga);
    IF NOT EXISTS (SELECT 1 FROM carga_fila r
                   WHERE r.carga_masiva_id = p_carga AND btrim(r.colonia) <> '') THEN
        RETURN;
    END IF;
    WITH t AS (
        SELECT cv.fila, cv.municipio_id AS mun, cv.localidad_id AS loc, btrim(r.colonia) AS col_t,
               r.colonia AS t_col
        FROM carga_valor cv
        JOIN carga_fila r ON r.carga_masiva_id = cv.carga_masiva_id AND r.fila = cv.fila
        WHERE cv.carga_masiva_id = p_carga AND btrim(r.colonia) <> ''
          AND cv.municipio_id IS NOT NULL),
    distintas AS (SELECT DISTINCT mun, loc, col_t FROM t),
    resueltas AS (
        SELECT d.mun, d.loc, d.col_t, x.*
        FROM distintas d
        CROSS JOIN LATERAL (
            SELECT count(*) AS n,
                   count(*) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                    OR c.localidad_id = d.loc) AS n_loc,
                   min(c.id) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                     OR c.localidad_id = d.loc) AS id,
                   min(c.localidad_id) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                               OR c.localidad_id = d.loc) AS localidad_id
            FROM colonia c
            WHERE c.municipio_id = d.mun
              AND (c.clave = d.col_t
                   OR translate(sipros_normaliza(c.nombre), 'Ñ', 'N')
                      = translate(sipros_normaliza(d.col_t), 'Ñ', 'N'))) x),
    valores AS (
        SELECT t.fila, t.t_col, r.n, r.n_loc, r.id, r.localidad_id
        FROM t JOIN resueltas r
          ON r.mun = t.mun AND r.loc IS NOT DISTINCT FROM t.loc AND r.col_t = t.col_t)
    UPDATE carga_valor cv SET
        colonia_id = CASE WHEN v.n_loc = 1 THEN v.id END,
        localidad_id = CASE WHEN v.n_loc = 1 THEN coalesce(cv.localidad_id, v.localidad_id)
                            ELSE cv.localidad_id END,
        errores = cv.errores || CASE
            WHEN v.n = 0 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                'Colonia desconocida en ese municipio: use su nombre o su clave del catálogo '
                'de SEPOMEX (Administración › Geografía).'))
            WHEN v.n_loc = 0 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                'Esa colonia no es de la localidad de la fila: revise la localidad o la colonia.'))
            WHEN v.n_loc > 1 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                format('Hay %s colonias con ese nombre en el municipio: use la clave SEPOMEX '
                       'de la colonia o ponga la localidad.', v.n_loc)))
            ELSE '[]'::jsonb END
    FROM valores v
    WHERE cv.carga_masiva_id = p_carga AND cv.fila = v.fila;

    UPDATE carga_masiva SET filas_error = x.n, filas_validas = filas_total - x.n
    FROM (SELECT count(*) AS n FROM carga_valor
          WHERE carga_masiva_id = p_carga AND errores <> '[]') x
    WHERE id = p_carga;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_carga_validar(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_validar(integer) TO sipros_administrador;

-- Applying a load and deciding a held row: as in 0011 and 0015, with the colonia.
CREATE OR REPLACE FUNCTION sipros_carga_aplicar(p_carga integer, p_estricta boolean DEFAULT false)
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
                           municipio_id, localidad_id, colonia_id, sexo, nacimiento)
    SELECT coalesce(cv.ciudadano_id, c.id), k.programa_id, cv.tipo_apoyo_id, dep, p_carga,
           'Carga masiva', cv.entrega, cv.monto, cv.cantidad, cv.municipio_id, cv.localidad_id,
           cv.colonia_id,
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
                              'localidad_id', cv.localidad_id, 'colonia_id', cv.colonia_id,
                              'tipo_apoyo_id', cv.tipo_apoyo_id,
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
                           municipio_id, localidad_id, colonia_id)
    VALUES (destino, prog, (f ->> 'tipo_apoyo_id')::integer, dep, r.carga_masiva_id,
            'Carga masiva', (f ->> 'fecha_entrega')::date, (f ->> 'monto')::numeric,
            (f ->> 'cantidad')::integer, (f ->> 'municipio_id')::integer,
            (f ->> 'localidad_id')::integer, (f ->> 'colonia_id')::integer)
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
