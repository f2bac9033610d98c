-- Who may plan events, issue, reprint and cancel vouchers: administrators and delivery staff.
CREATE OR REPLACE FUNCTION sipros_puede_emitir() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
        OR pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
        OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
$$;

REVOKE EXECUTE ON FUNCTION sipros_puede_emitir() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_puede_emitir() TO sipros_administrador, sipros_entrega;
