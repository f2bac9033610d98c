-- Where a search over citizens starts: the whole table, or for the front desk the handful of
-- citizens it is serving, found from their side (never by walking a million rows)
CREATE OR REPLACE FUNCTION sipros_fuente_ciudadano_sql() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_ve_todo_personal() OR sipros_ve_por_programas() THEN
        RETURN 'ciudadano c';
    END IF;
    -- (an array, so the planner probes the primary key instead of matching names first)
    RETURN 'ciudadano c JOIN unnest(ARRAY(SELECT unnest(sipros_atendidos()) UNION '
        || 'SELECT x.id FROM ciudadano x WHERE x.registrado_por = session_user::text '
        || 'AND x.creado >= current_date)) AS k(cid) ON k.cid = c.id';
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_fuente_ciudadano_sql() FROM PUBLIC;
