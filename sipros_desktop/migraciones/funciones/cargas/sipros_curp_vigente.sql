-- The CURP of the file a CURP now belongs to: itself, or the surviving file's for a merged one
-- (only the CURP: whoever asks already knows one of them)
CREATE OR REPLACE FUNCTION sipros_curp_vigente(p_curp text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT c.curp FROM ciudadano_alias a JOIN ciudadano c ON c.id = a.ciudadano_id
                     WHERE a.curp = upper(btrim(p_curp))), upper(btrim(p_curp)))
$$;

REVOKE EXECUTE ON FUNCTION sipros_curp_vigente(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_curp_vigente(text) TO sipros_personal;
