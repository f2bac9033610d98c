-- A look-up by folio: the bitácora row's key is the citizen's CURP (so that the answer,
-- sipros_consulta, and the desk's actions follow as after a CURP look-up) and it names the
-- folio; an unknown folio is a look-up too (key: the folio), so folios cannot be tried for
-- free. A field brigade's provisional folio (BR-…) or the QR of its acuse (SIPROS-BRIGADA:key)
-- finds the application it became once synchronised. Returns what sipros_consulta_anotar
-- returns, plus the CURP found (or null) and the application's folio.
CREATE OR REPLACE FUNCTION sipros_consulta_anotar_folio(p_folio text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscado text := left(upper(regexp_replace(coalesce(p_folio, ''), '\s', '', 'g')), 60);
    vigente text;
    folio text;
    r jsonb;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por folio');
    SELECT c.curp, s.folio INTO vigente, folio
    FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id
    WHERE s.folio = buscado;
    IF vigente IS NULL AND buscado ~ '^(BR-|SIPROS-BRIGADA:)' THEN
        SELECT c.curp, s.folio INTO vigente, folio
        FROM brigada_captura b JOIN solicitud s ON s.id = b.solicitud_id
        JOIN ciudadano c ON c.id = s.ciudadano_id
        WHERE b.folio_provisional = buscado OR 'SIPROS-BRIGADA:' || upper(b.clave::text) = buscado;
    END IF;
    r := sipros_consulta_anotar_clave(coalesce(vigente, buscado), vigente,
                                      jsonb_build_object('folio', buscado));
    IF r ? 'rechazo' THEN
        RETURN r;
    END IF;
    RETURN r || jsonb_build_object('curp', vigente, 'folio', folio);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) TO sipros_consulta;
