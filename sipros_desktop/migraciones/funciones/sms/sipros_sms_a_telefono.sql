-- a message to a number (the gateway test, or a manual one): state-wide administrators, who
-- answer for the outbox of the whole state
CREATE OR REPLACE FUNCTION sipros_sms_a_telefono(p_telefono text, p_texto text,
                                                 p_prueba boolean)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    tel text := btrim(coalesce(p_telefono, ''));
    de bigint;
    nuevo bigint;
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal envía mensajes a un número; a un '
            'ciudadano de su alcance escríbale por su CURP.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF tel !~ '^[0-9]{10}$' THEN
        RAISE EXCEPTION 'El teléfono debe tener 10 dígitos.' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM ciudadano WHERE telefono = tel AND NOT acepta_sms) THEN
        RAISE EXCEPTION 'El número % es de un ciudadano que no aceptó recibir mensajes SMS.', tel
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT id INTO de FROM ciudadano WHERE telefono = tel ORDER BY id LIMIT 1;
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES (CASE WHEN p_prueba THEN 'prueba' ELSE 'manual' END,
            CASE WHEN NOT p_prueba THEN de END, sipros_e164(tel), sipros_texto_sms(p_texto))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_a_telefono(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_a_telefono(text, text, boolean) TO sipros_administrador;
