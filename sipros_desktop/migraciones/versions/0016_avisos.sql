-- 0016 (avisos): what citizens read in their SMS.
-- 1. The voucher notice («Su apoyo se entrega el … en …») waits until the event has a place:
--    an event created by «comprobantes imprimir» is «Lugar por confirmar», and a citizen told to
--    go to «Lugar por confirmar» cannot go anywhere. When an administrator sets the place, the
--    notices of the event's live vouchers go out, in that transaction.
-- 2. Texts are composed (Unicode NFC) before the accents are stripped: place names copied from
--    INEGI's files may come decomposed («e» + a combining accent), which the stripping missed
--    and which forced the whole message to UCS-2 (four parts instead of two).

CREATE FUNCTION sipros_lugar_confirmado(p_domicilio text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT nullif(btrim(coalesce(p_domicilio, '')), '') IS NOT NULL
       AND lower(btrim(p_domicilio)) NOT IN ('lugar por confirmar', 'por confirmar')
$$;

CREATE OR REPLACE FUNCTION sipros_plantilla_aplicar(p_texto text, p_datos jsonb,
                                                    p_sin_acentos boolean DEFAULT false)
    RETURNS text
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
    r := normalize(btrim(regexp_replace(r, '[ \t]+', ' ', 'g')), NFC);
    IF p_sin_acentos THEN
        r := translate(r, 'áíóúÁÍÓÚâêîôûÂÊÎÔÛãõÃÕçÀÈÌÒÙ«»“”‘’–—',
                          'aiouAIOUaeiouAEIOUaoAOcAEIOU""""''''--');
        -- a combining mark that had no composed form left (rare): dropped
        r := regexp_replace(r, '[\u0300-\u036f]', '', 'g');
    END IF;
    RETURN r;
END
$$;

-- the notice of a voucher issued for an event without a place waits for the place
CREATE OR REPLACE FUNCTION sipros_mensaje_por_comprobante() RETURNS trigger
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
    WHERE e.id = NEW.evento_id AND sipros_lugar_confirmado(e.domicilio);
    IF datos IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM sipros_mensaje_encolar('comprobante', ciudadano, NEW.solicitud_id, datos);
    RETURN NULL;
END
$$;

-- the place set: the live vouchers of the event that were never told get their notice now
CREATE FUNCTION sipros_mensaje_por_lugar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_lugar_confirmado(OLD.domicilio) OR NOT sipros_lugar_confirmado(NEW.domicilio) THEN
        RETURN NULL;
    END IF;
    PERFORM sipros_mensaje_encolar(
        'comprobante', s.ciudadano_id, k.solicitud_id,
        sipros_mensaje_datos_solicitud(k.solicitud_id) || jsonb_build_object(
            'lugar', NEW.domicilio || ', ' || m.nombre,
            'fecha', to_char(NEW.fecha, 'DD/MM/YYYY'),
            'hora', to_char(NEW.hora_inicio, 'HH24:MI') || ' a ' || to_char(NEW.hora_fin, 'HH24:MI')))
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN municipio m ON m.id = NEW.municipio_id
    WHERE k.evento_id = NEW.id AND k.estado = 'Vigente'
      AND NOT EXISTS (SELECT 1 FROM mensaje x WHERE x.solicitud_id = k.solicitud_id
                        AND x.evento = 'comprobante');
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_mensaje_por_lugar() FROM PUBLIC;
CREATE TRIGGER evento_entrega_aviso_lugar AFTER UPDATE OF domicilio ON evento_entrega
    FOR EACH ROW EXECUTE FUNCTION sipros_mensaje_por_lugar();

-- 3. Each agency's own privacy notice on the papers of its programmes (the acuse of an
--    application for DIF carried Desarrollo Social's). Empty: the state's general notice
--    (Administración → Ventanilla), which the front desk reads at registration.
ALTER TABLE dependencia ADD COLUMN aviso_privacidad text
    CHECK (aviso_privacidad IS NULL OR length(aviso_privacidad) BETWEEN 80 AND 4000);
