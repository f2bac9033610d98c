-- ---------------------------------------------------------------------------
-- Answers over time: the comparable key of every question of every version. A question
-- marked «igual a» (equivale) a key of an earlier version continues that key's chain; a
-- question keeping its key continues its own. Each chain is named by its newest key and text,
-- so a report counts «dormitorios» of 2027 together with «cuartos» of 2026.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_formulario_raices()
    RETURNS TABLE (formulario_id integer, clave_formulario text, version integer, clave text,
                   raiz text, texto text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f record;
    q jsonb;
    raices jsonb := '{}';  -- "FORM/key" → root key, as of the versions seen so far
    r text;
BEGIN
    FOR f IN SELECT x.id, x.clave, x.version, x.definicion FROM formulario x
             ORDER BY x.clave, x.version LOOP
        FOR q IN SELECT p FROM jsonb_array_elements(f.definicion -> 'secciones') s,
                               jsonb_array_elements(s -> 'preguntas') p LOOP
            r := coalesce(raices ->> (f.clave || '/' || coalesce(q ->> 'equivale', '')),
                          raices ->> (f.clave || '/' || (q ->> 'clave')),
                          q ->> 'clave');
            raices := raices || jsonb_build_object(f.clave || '/' || (q ->> 'clave'), r);
            formulario_id := f.id;
            clave_formulario := f.clave;
            version := f.version;
            clave := q ->> 'clave';
            raiz := r;
            texto := q ->> 'texto';
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION sipros_formulario_raices() TO sipros_personal;
