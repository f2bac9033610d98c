CREATE OR REPLACE FUNCTION sipros_consulta_anotar(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    vigente text;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por CURP');
    SELECT c.curp INTO vigente FROM ciudadano c WHERE c.curp = sipros_curp_vigente(buscada);
    RETURN sipros_consulta_anotar_clave(buscada, vigente, '{}'::jsonb);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_anotar(text) TO sipros_consulta;
