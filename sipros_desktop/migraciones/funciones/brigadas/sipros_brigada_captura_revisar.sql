-- The provenance of a synchronised brigade capture: only for the kit's owner, captured while
-- the kit was valid and not in the future (the laptop's clock), linked to the file or the
-- application that the same capture key opened. Who and when are the database's. Never
-- changed afterwards.
CREATE OR REPLACE FUNCTION sipros_brigada_captura_revisar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    kit brigada_kit;
    clave_de_la_fila uuid;
    ciudadano_de_la_solicitud bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'La procedencia de una captura de brigada no se cambia.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO kit FROM brigada_kit k WHERE k.id = NEW.kit_id;
    IF kit.id IS NULL OR kit.usuario <> session_user THEN
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
        SELECT c.clave_captura INTO clave_de_la_fila FROM ciudadano c WHERE c.id = NEW.ciudadano_id;
    ELSE
        SELECT s.clave_captura, s.ciudadano_id INTO clave_de_la_fila, ciudadano_de_la_solicitud
        FROM solicitud s WHERE s.id = NEW.solicitud_id;
        IF ciudadano_de_la_solicitud IS DISTINCT FROM NEW.ciudadano_id THEN
            clave_de_la_fila := NULL;
        END IF;
    END IF;
    IF clave_de_la_fila IS DISTINCT FROM NEW.clave THEN
        RAISE EXCEPTION 'La captura de brigada no corresponde a la fila que dice haber abierto.'
            USING ERRCODE = 'SB004';
    END IF;
    NEW.sincronizada := now();
    NEW.sincronizada_por := session_user;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_brigada_captura_revisar() FROM PUBLIC;
