-- The caller's newest committed look-up of this CURP in the last p_plazo (answered or refused);
-- an error that says what to do when there is none. A row of the caller's own transaction (or
-- of a savepoint in it) is not committed yet, so it does not count.
CREATE OR REPLACE FUNCTION sipros_consulta_anotada(p_buscada text, p_plazo interval) RETURNS bitacora
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    a bitacora;
    sin_confirmar boolean := false;
BEGIN
    FOR a IN
        SELECT * FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta'
          AND b.fecha > clock_timestamp() - p_plazo AND b.clave = p_buscada
        ORDER BY b.fecha DESC, b.id DESC
    LOOP
        IF pg_xact_status((a.despues ->> 'transaccion')::xid8) = 'committed' THEN
            RETURN a;
        END IF;
        sin_confirmar := true;
    END LOOP;
    IF sin_confirmar THEN
        RAISE EXCEPTION 'La consulta de la CURP «%» se anotó en esta misma transacción: '
            'confírmela (COMMIT) y pida después el resultado; una consulta no se puede deshacer '
            'de la bitácora.', p_buscada USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RAISE EXCEPTION 'Primero anote la consulta de la CURP «%» con sipros_consulta_anotar y '
        'confírmela (COMMIT); el resultado se puede pedir durante % minutos.', p_buscada,
        round(extract(epoch FROM p_plazo) / 60) USING ERRCODE = 'object_not_in_prerequisite_state';
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_anotada(text, interval) FROM PUBLIC;
