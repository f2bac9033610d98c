-- Take up to p_n due messages: each is marked «Enviando» (with who took it) and the caller
-- commits before calling the provider. Messages of citizens who withdrew their consent or
-- their phone are cancelled instead; a changed phone is followed.
CREATE OR REPLACE FUNCTION sipros_sms_tomar(p_n integer, p_quien text)
    RETURNS TABLE (id bigint, clave uuid, telefono text, texto text, intentos integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_es_despachador();
    IF coalesce(btrim(p_quien), '') = '' THEN
        RAISE EXCEPTION 'El despachador debe decir quién es.';
    END IF;
    RETURN QUERY
    WITH due AS (
        SELECT m.id, m.ciudadano_id FROM mensaje m
        WHERE m.estado = 'Pendiente' AND m.proximo_intento <= now()
        ORDER BY m.proximo_intento, m.id
        FOR UPDATE OF m SKIP LOCKED
        LIMIT greatest(1, least(p_n, 1000))
    ), con AS (
        SELECT d.id, c.acepta_sms, sipros_e164(c.telefono) AS actual, d.ciudadano_id
        FROM due d LEFT JOIN ciudadano c ON c.id = d.ciudadano_id
    ), cancelados AS (
        UPDATE mensaje m SET estado = 'Cancelado', cancelado_por = session_user,
            respuesta = CASE WHEN NOT x.acepta_sms THEN 'El ciudadano retiró su consentimiento.'
                             ELSE 'El ciudadano ya no tiene teléfono.' END
        FROM con x
        WHERE m.id = x.id AND x.ciudadano_id IS NOT NULL
          AND (NOT x.acepta_sms OR x.actual IS NULL)
        RETURNING m.id
    )
    UPDATE mensaje m SET estado = 'Enviando', intentos = m.intentos + 1, tomado = now(),
        tomado_por = p_quien,
        telefono = CASE WHEN x.ciudadano_id IS NOT NULL THEN x.actual ELSE m.telefono END
    FROM con x
    WHERE m.id = x.id AND (x.ciudadano_id IS NULL OR (x.acepta_sms AND x.actual IS NOT NULL))
    RETURNING m.id, m.clave, m.telefono, m.texto, m.intentos;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_tomar(integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_tomar(integer, text) TO sipros_despacho;
