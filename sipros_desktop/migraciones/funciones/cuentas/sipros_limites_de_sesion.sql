-- The limits of every staff session. Settings of group roles are not inherited by their
-- members, so they go on each login role (here for the existing ones, and by
-- sipros_usuario_crear for new ones).
CREATE OR REPLACE FUNCTION sipros_limites_de_sesion(p_usuario text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', p_usuario, '10s');
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_usuario, '120s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_usuario, '120s');
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_limites_de_sesion(text) FROM PUBLIC;
