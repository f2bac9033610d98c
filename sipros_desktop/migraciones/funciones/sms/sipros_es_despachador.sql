-- ---------------------------------------------------------------------------
-- The dispatcher
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_es_despachador() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_despacho', 'MEMBER')) THEN
        RAISE EXCEPTION 'Esta cuenta no despacha mensajes (necesita el rol sipros_despacho).'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_es_despachador() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_es_despachador() TO sipros_despacho;
