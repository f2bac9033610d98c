-- only administrators (and the owner) handle the outbox
CREATE OR REPLACE FUNCTION sipros_solo_administrador(p_que text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo los administradores %.', p_que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solo_administrador(text) FROM PUBLIC;
