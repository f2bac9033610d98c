-- Citizens whose name matches (ids only, within the caller's scope): the Solicitudes queue
-- filters its applications by them.
CREATE OR REPLACE FUNCTION sipros_ciudadanos_con_nombre(p_tsquery text) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
BEGIN
    RETURN QUERY EXECUTE format('SELECT c.id FROM %s WHERE %s AND %s',
                                sipros_fuente_ciudadano_sql(),
                                sipros_criterio_ciudadano_sql('nombre'),
                                sipros_alcance_ciudadano_sql('c'))
    USING p_tsquery;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadanos_con_nombre(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ciudadanos_con_nombre(text) TO sipros_personal;
