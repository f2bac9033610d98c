-- The citizen the caller looked up (found) in the last 30 minutes, by any of their CURPs; the
-- same refusal whether or not the CURP exists when there is no such look-up.
CREATE OR REPLACE FUNCTION sipros_consulta_atendido(p_curp text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    vigente text := sipros_curp_vigente(buscada);
    cid bigint;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
          AND b.fecha > clock_timestamp() - interval '30 minutes'
          AND b.despues ->> 'curp' = vigente
          AND pg_xact_status((b.despues ->> 'transaccion')::xid8) = 'committed')
    THEN
        RAISE EXCEPTION 'Consulte primero al ciudadano con la CURP «%» (la consulta queda en la '
            'bitácora); durante 30 minutos podrá cambiar sus datos de contacto y enviarle '
            'mensajes.', buscada USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT c.id INTO cid FROM ciudadano c WHERE c.curp = vigente;
    IF cid IS NULL THEN  -- merged or removed since the look-up
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%».', buscada
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN cid;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_atendido(text) FROM PUBLIC;
