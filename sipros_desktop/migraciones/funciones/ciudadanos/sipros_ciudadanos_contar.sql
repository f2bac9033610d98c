CREATE OR REPLACE FUNCTION sipros_ciudadanos_contar(p_tipo text, p_valor text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    criterio text := sipros_criterio_ciudadano_sql(p_tipo);
    n bigint;
BEGIN
    IF criterio IS NULL THEN
        RAISE EXCEPTION 'Búsqueda no válida (tipo «%»).', p_tipo;
    END IF;
    IF p_tipo = 'todos' AND sipros_alcance_ciudadano_ids_sql() IS NOT NULL THEN
        EXECUTE 'SELECT count(*) FROM (' || sipros_alcance_ciudadano_ids_sql() || ') k' INTO n;
        RETURN n;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s WHERE %s AND %s', sipros_fuente_ciudadano_sql(),
                   criterio, sipros_alcance_ciudadano_sql('c'))
        INTO n USING p_valor;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadanos_contar(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_ciudadanos_contar(text, text) TO sipros_personal;
