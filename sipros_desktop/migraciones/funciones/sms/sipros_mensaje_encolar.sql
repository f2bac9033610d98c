-- Queue the message of an event for a citizen (internal: the triggers call it). Nothing when
-- the citizen did not accept SMS, has no phone, or the template is switched off.
CREATE OR REPLACE FUNCTION sipros_mensaje_encolar(p_evento text, p_ciudadano bigint, p_solicitud bigint,
                                       p_datos jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c record;
    p plantilla_mensaje;
    nuevo bigint;
BEGIN
    SELECT ci.telefono, ci.acepta_sms, ci.nombre INTO c FROM ciudadano ci WHERE ci.id = p_ciudadano;
    IF NOT FOUND OR NOT c.acepta_sms OR c.telefono IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM plantilla_mensaje WHERE evento = p_evento AND activa;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO mensaje (evento, ciudadano_id, solicitud_id, telefono, texto)
    VALUES (p_evento, p_ciudadano, p_solicitud, sipros_e164(c.telefono),
            left(sipros_plantilla_aplicar(p.texto,
                 jsonb_build_object('nombre', initcap(split_part(c.nombre, ' ', 1))) || p_datos,
                 p.sin_acentos), 918))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_encolar(text, bigint, bigint, jsonb) FROM PUBLIC;
