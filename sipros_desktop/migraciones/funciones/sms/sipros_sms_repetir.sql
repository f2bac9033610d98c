-- The resend of that message. With p_mensaje and p_telefono (the desk: what its screen showed)
-- it must still be that message and that phone; NULL (the administrators' resend by CURP) takes
-- whatever they are now. No grant: the entry points check who calls and for which citizen.
CREATE OR REPLACE FUNCTION sipros_sms_repetir(p_ciudadano bigint, p_mensaje bigint, p_telefono text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    ultimo mensaje;
    nuevo bigint;
BEGIN
    -- a change of phone at the same time waits for this resend (and then moves it if pending),
    -- or this resend waits for it (and then sees the new phone)
    PERFORM 1 FROM ciudadano x WHERE x.id = p_ciudadano FOR SHARE;
    c := sipros_ciudadano_para_sms((SELECT x.curp FROM ciudadano x WHERE x.id = p_ciudadano));
    ultimo := sipros_sms_para_repetir(c.id);
    IF ultimo.id IS NULL THEN
        RAISE EXCEPTION 'El ciudadano no ha recibido ningún mensaje que reenviar.'
            USING ERRCODE = 'no_data_found';
    END IF;
    IF p_mensaje IS NOT NULL AND ultimo.id <> p_mensaje THEN
        RAISE EXCEPTION 'El último mensaje del ciudadano con la CURP «%» ya no es el que se '
            'mostró en su consulta: consúltelo de nuevo para ver cuál se reenvía.', c.curp
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_telefono IS NOT NULL AND p_telefono IS DISTINCT FROM c.telefono THEN
        RAISE EXCEPTION 'El teléfono del ciudadano con la CURP «%» cambió después de su '
            'consulta: consúltelo de nuevo para ver a qué número se reenvía.', c.curp
            USING ERRCODE = 'object_not_in_prerequisite_state';
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

REVOKE EXECUTE ON FUNCTION sipros_sms_repetir(bigint, bigint, text) FROM PUBLIC;

-- (0015_alcance.sql's, now by the rule above)
CREATE OR REPLACE FUNCTION sipros_sms_repetir(p_ciudadano bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    RETURN sipros_sms_repetir(p_ciudadano, NULL, NULL);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_repetir(bigint) FROM PUBLIC;
