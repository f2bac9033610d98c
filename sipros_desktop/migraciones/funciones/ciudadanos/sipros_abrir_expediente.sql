-- The front desk opening a file by CURP finds the surviving file of a merged CURP.
CREATE OR REPLACE FUNCTION sipros_abrir_expediente(p_curp text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := upper(btrim(coalesce(p_curp, '')));
    encontrado bigint;
BEGIN
    -- (the owner too: maintenance and the command line)
    IF NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla abre expedientes por CURP.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.id INTO encontrado FROM ciudadano c WHERE c.curp = buscada;
    IF encontrado IS NULL THEN
        SELECT a.ciudadano_id INTO encontrado FROM ciudadano_alias a WHERE a.curp = buscada;
    END IF;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(buscada, 18),
            jsonb_build_object('motivo', 'Expediente por CURP', 'encontrado', encontrado IS NOT NULL));
    IF encontrado IS NOT NULL THEN
        INSERT INTO atencion (usuario, ciudadano_id) VALUES (session_user, encontrado)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN encontrado;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_abrir_expediente(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_abrir_expediente(text) TO sipros_ventanilla;
