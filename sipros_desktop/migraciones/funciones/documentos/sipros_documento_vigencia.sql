-- ---------------------------------------------------------------------------
-- Date set by the database; the age checked when the document is linked
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_documento_vigencia() RETURNS trigger
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
