-- The applications of a citizen the caller may count (solicitud's own policy, as SQL text)
CREATE OR REPLACE FUNCTION sipros_alcance_solicitud_sql(p_alias text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_alcance_estatal() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN 'true';
    END IF;
    RETURN format('%s.convocatoria_id = ANY (%L::integer[])', p_alias,
                  sipros_convocatorias_visibles());
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_alcance_solicitud_sql(text) FROM PUBLIC;
