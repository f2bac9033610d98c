CREATE OR REPLACE FUNCTION sipros_solo_consulta(p_que text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
            OR pg_has_role(session_user, 'sipros_consulta', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo Consulta ciudadana %.', p_que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solo_consulta(text) FROM PUBLIC;
