CREATE OR REPLACE FUNCTION sipros_plantilla_aplicar(p_texto text, p_datos jsonb,
                                                    p_sin_acentos boolean DEFAULT false)
    RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k text;
    v text;
    r text := p_texto;
BEGIN
    FOR k, v IN SELECT key, value FROM jsonb_each_text(coalesce(p_datos, '{}')) LOOP
        r := replace(r, '{' || k || '}', coalesce(v, ''));
    END LOOP;
    r := normalize(btrim(regexp_replace(r, '[ \t]+', ' ', 'g')), NFC);
    IF p_sin_acentos THEN
        r := translate(r, 'áíóúÁÍÓÚâêîôûÂÊÎÔÛãõÃÕçÀÈÌÒÙ«»“”‘’–—',
                          'aiouAIOUaeiouAEIOUaoAOcAEIOU""""''''--');
        -- a combining mark that had no composed form left (rare): dropped
        r := regexp_replace(r, '[\u0300-\u036f]', '', 'g');
    END IF;
    RETURN r;
END
$$;

GRANT EXECUTE ON FUNCTION sipros_plantilla_aplicar(text, jsonb, boolean) TO sipros_personal;
