CREATE OR REPLACE FUNCTION sipros_consulta_contacto(p_curp text, p_telefono text, p_correo text,
                                         p_acepta_sms boolean, p_identificacion text,
                                         p_referencia text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
    c ciudadano;
    v_tel text := nullif(btrim(coalesce(p_telefono, '')), '');
    v_correo text := nullif(btrim(coalesce(p_correo, '')), '');
    v_acepta boolean := coalesce(p_acepta_sms, false);
    v_ident text := nullif(btrim(coalesce(p_identificacion, '')), '');
    v_ref text := nullif(upper(regexp_replace(coalesce(p_referencia, ''), '\s', '', 'g')), '');
    cambia_tel boolean;
    cambia_sms boolean;
    cambia_correo boolean;
    aviso bigint;
    cambio bigint;
BEGIN
    PERFORM sipros_solo_consulta('cambia los datos de contacto por aquí');
    cid := sipros_consulta_atendido(p_curp);
    SELECT * INTO c FROM ciudadano WHERE id = cid FOR UPDATE;
    IF v_tel IS NOT NULL AND v_tel !~ '^[0-9]{10}$' THEN
        RAISE EXCEPTION 'El teléfono debe tener 10 dígitos, sin espacios ni guiones.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_correo IS NOT NULL
       AND (v_correo !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(v_correo) > 254) THEN
        RAISE EXCEPTION 'El correo electrónico «%» no es válido.', v_correo
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_acepta AND v_tel IS NULL THEN
        RAISE EXCEPTION 'Para recibir mensajes SMS el ciudadano necesita un teléfono celular.'
            USING ERRCODE = 'check_violation';
    END IF;
    cambia_tel := c.telefono IS DISTINCT FROM v_tel;
    cambia_sms := c.acepta_sms IS DISTINCT FROM v_acepta;
    cambia_correo := c.correo IS DISTINCT FROM v_correo;
    IF (cambia_tel OR cambia_sms) AND (v_ident IS NULL OR v_ref IS NULL) THEN
        RAISE EXCEPTION 'Para cambiar el teléfono o la aceptación de SMS de un ciudadano, anote '
            'la identificación que le revisó: el tipo (%) y los últimos 4 caracteres de su '
            'número.', array_to_string(sipros_identificaciones(), ', ')
            USING ERRCODE = 'check_violation';
    END IF;
    IF v_ident IS NOT NULL AND NOT v_ident = ANY (sipros_identificaciones()) THEN
        RAISE EXCEPTION 'La identificación «%» no es de las que se aceptan: %.', v_ident,
            array_to_string(sipros_identificaciones(), ', ') USING ERRCODE = 'check_violation';
    END IF;
    IF v_ref IS NOT NULL AND v_ref !~ '^[A-Z0-9]{4}$' THEN
        RAISE EXCEPTION 'De la identificación anote solo los últimos 4 caracteres de su número '
            '(letras o dígitos), no el número completo.' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT (cambia_tel OR cambia_sms OR cambia_correo) THEN
        RETURN jsonb_build_object('cambio', NULL, 'aviso', NULL);
    END IF;
    UPDATE ciudadano SET telefono = v_tel, correo = v_correo, acepta_sms = v_acepta,
        actualizado = now()
    WHERE id = c.id;
    IF cambia_tel AND c.telefono IS NOT NULL THEN
        aviso := sipros_aviso_cambio_telefono(c.telefono, v_tel);
    END IF;
    IF NOT v_acepta AND c.acepta_sms THEN
        UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
            respuesta = 'El ciudadano retiró su consentimiento.'
        WHERE ciudadano_id = c.id AND estado = 'Pendiente';
    END IF;
    INSERT INTO contacto_cambio (ciudadano_id, curp, identificacion, referencia, telefono_antes,
                                 telefono_despues, acepta_sms_antes, acepta_sms_despues,
                                 correo_cambio, aviso_id)
    VALUES (c.id, c.curp, v_ident, v_ref, c.telefono, v_tel, c.acepta_sms, v_acepta,
            cambia_correo, aviso)
    RETURNING id INTO cambio;
    RETURN jsonb_build_object('cambio', cambio, 'aviso', aviso);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_contacto(text, text, text, boolean, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_contacto(text, text, text, boolean, text, text) TO sipros_consulta;
