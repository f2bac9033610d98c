CREATE OR REPLACE FUNCTION sipros_formulario_equivalencias()
    RETURNS TABLE (formulario_id integer, clave_formulario text, version integer, clave text,
                   clave_comun text, texto_comun text)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT r.formulario_id, r.clave_formulario, r.version, r.clave,
           first_value(r.clave) OVER w, first_value(r.texto) OVER w
    FROM sipros_formulario_raices() r
    WINDOW w AS (PARTITION BY r.clave_formulario, r.raiz ORDER BY r.version DESC)
$$;

GRANT EXECUTE ON FUNCTION sipros_formulario_equivalencias() TO sipros_personal;
