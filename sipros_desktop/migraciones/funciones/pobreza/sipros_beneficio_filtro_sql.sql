-- ---------------------------------------------------------------------------
-- The conditions of a filter on the benefits (alias ``b``) that the poverty counts share:
-- {"origen", "desde", "hasta"} of the delivery (``desde``/``hasta``: dates). Values quoted.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_beneficio_filtro_sql(p_filtro jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT array_remove(ARRAY[
        CASE WHEN p_filtro ->> 'origen' IS NOT NULL
             THEN format('b.origen = %L', p_filtro ->> 'origen') END,
        CASE WHEN p_filtro ->> 'desde' IS NOT NULL
             THEN format('b.fecha_entrega >= %L::date', p_filtro ->> 'desde') END,
        CASE WHEN p_filtro ->> 'hasta' IS NOT NULL
             THEN format('b.fecha_entrega <= %L::date', p_filtro ->> 'hasta') END], NULL)
$$;
REVOKE EXECUTE ON FUNCTION sipros_beneficio_filtro_sql(jsonb) FROM PUBLIC;
