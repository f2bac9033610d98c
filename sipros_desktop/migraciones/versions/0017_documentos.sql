-- 0017: documentos. A citizen's documents are scanned once and reused.
--
-- * Each document carries the date its content was first scanned for that citizen
--   (fecha_escaneo), set by the database: a staff member cannot make an old paper look new,
--   neither by reusing it nor by attaching the same file again (same SHA-256, same date).
-- * A call may ask that a document type be recent: convocatoria.documentos_vigencia maps a
--   required type to its maximum age in months ({"Comprobante de domicilio": 3}). A document
--   older than that is refused when it is linked to an application of the call, whoever links
--   it and however.
-- * The front desk lists the documents of the citizen it is serving (sipros_documentos_expediente)
--   and links one to a new application (sipros_documento_reutilizar) without scanning it again:
--   its bytes may belong to a document of another área that the clerk cannot read.

-- ---------------------------------------------------------------------------
-- The date of a document
-- ---------------------------------------------------------------------------
-- A document stored before 0017 has none: its date is the day it was attached
-- (sipros_documento_fecha). Filling the column would rewrite every document of the office
-- (47 s for 1.2 M documents, minutes for the whole state) inside the migration; every row
-- written from now on carries it (the constraint holds for new and changed rows).
ALTER TABLE documento ADD COLUMN fecha_escaneo date;
ALTER TABLE documento ADD CONSTRAINT documento_fecha_escaneo_puesta
    CHECK (fecha_escaneo IS NOT NULL) NOT VALID;

CREATE FUNCTION sipros_documento_fecha(p_fecha_escaneo date, p_creado timestamptz)
    RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(p_fecha_escaneo, (p_creado AT TIME ZONE 'America/Mexico_City')::date)
$$;
-- (the look-up by citizen and content uses documento_ciudadano_idx: a citizen has a few
-- documents; an index on both would add 100 bytes per document for a look-up per scan)

-- ---------------------------------------------------------------------------
-- How recent each required document must be, per call
-- ---------------------------------------------------------------------------
ALTER TABLE convocatoria ADD COLUMN documentos_vigencia jsonb NOT NULL DEFAULT '{}'::jsonb;

-- an object {required type: months 1..120}, only for types the call requires
CREATE FUNCTION sipros_vigencias_validas(p_vigencia jsonb, p_requeridos jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_typeof(p_vigencia) = 'object'
       AND NOT EXISTS (
           SELECT 1 FROM jsonb_each(p_vigencia) AS v(tipo, meses)
           WHERE jsonb_typeof(v.meses) <> 'number'
              OR v.meses::text !~ '^[0-9]+$'
              OR (v.meses::text)::numeric NOT BETWEEN 1 AND 120
              OR NOT (jsonb_typeof(p_requeridos) = 'array' AND p_requeridos ? v.tipo))
$$;
ALTER TABLE convocatoria ADD CONSTRAINT convocatoria_documentos_vigencia_valida
    CHECK (sipros_vigencias_validas(documentos_vigencia, documentos_requeridos));

-- ---------------------------------------------------------------------------
-- Date set by the database; the age checked when the document is linked
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_documento_vigencia() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    previa date;
    meses integer;
    limite date;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- a merge moves documents to another citizen; what a document is and its date stay
        IF NEW.sha256 IS DISTINCT FROM OLD.sha256 THEN
            RAISE EXCEPTION 'El contenido de un documento no se cambia: adjunte uno nuevo.'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.fecha_escaneo := sipros_documento_fecha(OLD.fecha_escaneo, OLD.creado);
        RETURN NEW;
    END IF;
    IF NEW.fecha_escaneo IS NOT NULL AND pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
    THEN
        -- the owner (demonstration data, maintenance) writes documents as they were, dated
        -- by itself: millions of rows without a look-up each
        RETURN NEW;
    END IF;
    -- the same content for the same citizen keeps the date it was first scanned
    SELECT min(sipros_documento_fecha(d.fecha_escaneo, d.creado)) INTO previa FROM documento d
    WHERE d.ciudadano_id = NEW.ciudadano_id AND d.sha256 = NEW.sha256;
    NEW.fecha_escaneo := coalesce(previa, sipros_hoy());
    IF NEW.solicitud_id IS NOT NULL THEN
        SELECT (c.documentos_vigencia ->> NEW.tipo)::integer INTO meses
        FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id
        WHERE s.id = NEW.solicitud_id;
        limite := (sipros_hoy() - make_interval(months => meses))::date;
        IF meses IS NOT NULL AND NEW.fecha_escaneo < limite THEN
            RAISE EXCEPTION 'El documento «%» es del %: esta convocatoria lo acepta con '
                'antigüedad máxima de % % (del % en adelante). Escanee uno reciente.',
                NEW.tipo, to_char(NEW.fecha_escaneo, 'DD/MM/YYYY'), meses,
                CASE WHEN meses = 1 THEN 'mes' ELSE 'meses' END, to_char(limite, 'DD/MM/YYYY')
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_documento_vigencia() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sipros_documento_fecha(date, timestamptz) FROM PUBLIC;
CREATE TRIGGER documento_vigencia BEFORE INSERT OR UPDATE ON documento
    FOR EACH ROW EXECUTE FUNCTION sipros_documento_vigencia();

-- ---------------------------------------------------------------------------
-- The documents on the file of the citizen the front desk is serving
-- ---------------------------------------------------------------------------
-- one row per content and type, the newest link first; only for a citizen the caller serves
-- (opened by exact CURP, which is logged, or registered today by the caller)
CREATE FUNCTION sipros_documentos_expediente(p_ciudadano bigint)
    RETURNS TABLE (documento_id bigint, tipo text, nombre_archivo text, fecha_escaneo date,
                   mime text, tamano integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_atiende(p_ciudadano) THEN
        RAISE EXCEPTION 'Abra el expediente del ciudadano por su CURP para usar sus documentos.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT x.id, x.tipo, x.nombre_archivo, x.fecha, x.mime, x.tamano
    FROM (SELECT DISTINCT ON (d.tipo, d.sha256) d.id, d.tipo, d.nombre_archivo,
                 -- the first scan of that content for the citizen, whichever link it was
                 min(sipros_documento_fecha(d.fecha_escaneo, d.creado))
                     OVER (PARTITION BY d.sha256) AS fecha,
                 a.mime, a.tamano
          FROM documento d JOIN archivo a ON a.sha256 = d.sha256
          WHERE d.ciudadano_id = p_ciudadano
          ORDER BY d.tipo, d.sha256, d.id DESC) x
    ORDER BY x.tipo, x.fecha DESC, x.id DESC;
END
$$;

-- link a document of the citizen's file to one of the citizen's applications, as the type
-- the call asks for; the date comes with it (and the call's limit is checked by the trigger)
CREATE FUNCTION sipros_documento_reutilizar(p_documento bigint, p_solicitud bigint,
                                            p_tipo text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    d documento;
    s record;
    nuevo bigint;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo la ventanilla adjunta documentos a una solicitud.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO d FROM documento WHERE id = p_documento;
    -- an application of a call of the caller's alcance (scope by row: the document goes to
    -- an application the caller may file, not to any of the citizen's)
    SELECT so.id, so.ciudadano_id, so.estado, so.folio INTO s FROM solicitud so
    WHERE so.id = p_solicitud AND (alcance IS NULL OR so.convocatoria_id = ANY (alcance));
    -- (the same answer for a document or an application that does not exist and for one
    -- of a citizen the caller is not serving or of a call outside its alcance)
    IF d.id IS NULL OR s.id IS NULL OR d.ciudadano_id <> s.ciudadano_id
       OR NOT sipros_atiende(d.ciudadano_id) THEN
        RAISE EXCEPTION 'El documento no está en el expediente del solicitante o no lo está '
            'atendiendo. Abra su expediente por CURP.' USING ERRCODE = 'no_data_found';
    END IF;
    IF s.estado NOT IN ('En proceso', 'Corrección') THEN
        RAISE EXCEPTION 'La solicitud % está en «%»: ya no se le adjuntan documentos.',
            s.folio, s.estado USING ERRCODE = 'check_violation';
    END IF;
    IF p_tipo IS NULL OR btrim(p_tipo) = '' THEN
        RAISE EXCEPTION 'Diga qué documento requerido cubre.' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, sha256)
    VALUES (d.ciudadano_id, s.id, p_tipo, d.nombre_archivo, d.sha256)
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_documentos_expediente(bigint),
    sipros_documento_reutilizar(bigint, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_documentos_expediente(bigint),
    sipros_documento_reutilizar(bigint, bigint, text) TO sipros_ventanilla;
