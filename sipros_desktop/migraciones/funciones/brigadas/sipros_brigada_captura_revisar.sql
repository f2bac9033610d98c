-- The provenance of a synchronised brigade capture: only for the kit's owner (still active
-- front-desk staff), captured while the kit was valid and not in the future (the laptop's
-- clock), linked to the file or the application that the same capture key opened in this
-- very transaction by this user (not somebody's office capture claimed afterwards); an
-- application's call is one the kit carried and its provisional folio has the kit's prefix.
-- Who and when are the database's. Never changed afterwards.
CREATE OR REPLACE FUNCTION sipros_brigada_captura_revisar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    kit brigada_kit;
    clave_de_la_fila uuid;
    ciudadano_de_la_solicitud bigint;
    nueva boolean;
    convocatoria integer;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'La procedencia de una captura de brigada no se cambia.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO kit FROM brigada_kit k WHERE k.id = NEW.kit_id;
    IF kit.id IS NULL OR kit.usuario <> session_user
       OR NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'El paquete de brigada de esta captura es de otro usuario: la sincroniza '
            'quien lo descargó.' USING ERRCODE = 'SB001';
    END IF;
    IF NEW.capturada < kit.creado - interval '10 minutes' OR NEW.capturada > kit.vence THEN
        RAISE EXCEPTION 'La captura (%) no cae en la vigencia del paquete de brigada (del % al '
            '%): revise el reloj del equipo.',
            to_char(NEW.capturada AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI'),
            to_char(kit.creado AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI'),
            to_char(kit.vence AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI')
            USING ERRCODE = 'SB002';
    END IF;
    IF NEW.capturada > now() + interval '10 minutes' THEN
        RAISE EXCEPTION 'La hora de la captura (%) es posterior a la de ahora: el reloj del '
            'equipo está adelantado.',
            to_char(NEW.capturada AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI')
            USING ERRCODE = 'SB003';
    END IF;
    IF NEW.tipo = 'registro' THEN
        IF NEW.folio_provisional IS NOT NULL THEN
            RAISE EXCEPTION 'Un registro de brigada no lleva folio provisional.'
                USING ERRCODE = 'SB004';
        END IF;
        -- the file opened now, by this user (the registration trigger sets both)
        SELECT c.clave_captura, c.registrado_por = session_user AND c.creado = now()
        INTO clave_de_la_fila, nueva
        FROM ciudadano c WHERE c.id = NEW.ciudadano_id;
    ELSE
        IF NEW.folio_provisional IS NULL
           OR left(NEW.folio_provisional, 10) <> 'BR-' || kit.corto || '-' THEN
            RAISE EXCEPTION 'El folio provisional % no es del paquete de brigada %.',
                coalesce(NEW.folio_provisional, '(ninguno)'), kit.corto USING ERRCODE = 'SB004';
        END IF;
        -- the application filed now, whose first history row is this user's
        SELECT s.clave_captura, s.ciudadano_id, s.convocatoria_id,
               s.creado = now() AND EXISTS (
                   SELECT 1 FROM solicitud_historial h
                   WHERE h.solicitud_id = s.id AND h.usuario = session_user)
        INTO clave_de_la_fila, ciudadano_de_la_solicitud, convocatoria, nueva
        FROM solicitud s WHERE s.id = NEW.solicitud_id;
        IF ciudadano_de_la_solicitud IS DISTINCT FROM NEW.ciudadano_id THEN
            clave_de_la_fila := NULL;
        END IF;
        IF convocatoria IS NOT NULL AND NOT convocatoria = ANY (kit.convocatorias) THEN
            RAISE EXCEPTION 'La convocatoria de la solicitud no es de las del paquete de brigada.'
                USING ERRCODE = 'SB004';
        END IF;
    END IF;
    IF clave_de_la_fila IS DISTINCT FROM NEW.clave OR NOT coalesce(nueva, false) THEN
        RAISE EXCEPTION 'La captura de brigada no corresponde a la fila que dice haber abierto '
            '(la abre la misma sincronización, en la misma transacción).'
            USING ERRCODE = 'SB004';
    END IF;
    NEW.sincronizada := now();
    NEW.sincronizada_por := session_user;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_brigada_captura_revisar() FROM PUBLIC;
