-- ---------------------------------------------------------------------------
-- Which message a resend repeats: the citizen's newest one not cancelled (one rule for the desk's
-- answer, the desk's resend and the administrators' resend). No grant.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_sms_para_repetir(p_ciudadano bigint) RETURNS mensaje
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT * FROM mensaje m
    WHERE m.ciudadano_id = p_ciudadano AND m.estado <> 'Cancelado'
    ORDER BY m.id DESC LIMIT 1
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_para_repetir(bigint) FROM PUBLIC;
