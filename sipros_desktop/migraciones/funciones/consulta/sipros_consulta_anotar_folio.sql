-- A look-up by folio: the bitácora row's key is the citizen's CURP (so that the answer,
-- sipros_consulta, and the desk's actions follow as after a CURP look-up) and it names the
-- folio; an unknown folio is a look-up too (key: the folio), so folios cannot be tried for
-- free. Returns what sipros_consulta_anotar returns, plus the CURP found (or null).
CREATE OR REPLACE FUNCTION sipros_consulta_anotar_folio(p_folio text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscado text := left(upper(regexp_replace(coalesce(p_folio, ''), '\s', '', 'g')), 40);
    vigente text;
    r jsonb;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por folio');
    SELECT c.curp INTO vigente FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id
    WHERE s.folio = buscado;
    r := sipros_consulta_anotar_clave(coalesce(vigente, buscado), vigente,
                                      jsonb_build_object('folio', buscado));
    IF r ? 'rechazo' THEN
        RETURN r;
    END IF;
    RETURN r || jsonb_build_object('curp', vigente);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) TO sipros_consulta;
