CREATE OR REPLACE FUNCTION sipros_atendidos() RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(array_agg(a.ciudadano_id), '{}')
    FROM atencion a
    WHERE a.usuario = session_user AND a.fecha = current_date AND sipros_es_ventanilla()
$$;

REVOKE EXECUTE ON FUNCTION sipros_atendidos() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_atendidos() TO sipros_personal;
