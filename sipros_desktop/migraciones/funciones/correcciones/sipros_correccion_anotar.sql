-- AFTER (as the owner): the history row, from the row itself
CREATE OR REPLACE FUNCTION sipros_correccion_anotar(p_ciudadano bigint, p_solicitud bigint, p_apartado text,
                                         p_antes jsonb, p_ahora jsonb)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    motivo text := sipros_correccion_motivo();
    c record;
    atendida bigint := nullif(coalesce(current_setting('sipros.correccion_solicitud', true), ''),
                              '')::bigint;
BEGIN
    IF motivo IS NULL THEN
        RETURN;  -- a function of the database (merge, load) or the owner's maintenance
    END IF;
    SELECT * INTO c FROM sipros_jsonb_cambios(p_antes, p_ahora);
    IF c.antes = c.ahora THEN
        RETURN;
    END IF;
    -- a correction of the file made while attending an application is linked to it
    IF p_solicitud IS NULL AND atendida IS NOT NULL
       AND EXISTS (SELECT 1 FROM solicitud s WHERE s.id = atendida
                   AND s.ciudadano_id = p_ciudadano) THEN
        p_solicitud := atendida;
    END IF;
    INSERT INTO correccion (ciudadano_id, solicitud_id, apartado, antes, ahora, motivo,
                            funcionario, creado)
    VALUES (p_ciudadano, p_solicitud, p_apartado, c.antes, c.ahora, motivo, session_user, now());
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_correccion_anotar(bigint, bigint, text, jsonb, jsonb) FROM PUBLIC;
