CREATE OR REPLACE FUNCTION sipros_curp_es_alias(p_curp text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM ciudadano_alias a WHERE a.curp = p_curp)
$$;

REVOKE EXECUTE ON FUNCTION sipros_curp_es_alias(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_curp_es_alias(text) TO sipros_personal;
