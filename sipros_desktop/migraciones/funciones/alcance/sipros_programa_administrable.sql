CREATE OR REPLACE FUNCTION sipros_programa_administrable(p_programa integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_area_administrable((SELECT p.area_id FROM programa p WHERE p.id = p_programa))
$$;

REVOKE EXECUTE ON FUNCTION sipros_programa_administrable(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_programa_administrable(integer) TO sipros_personal;
