-- Which calls use each version and how many answers each has (the list of forms).
CREATE OR REPLACE FUNCTION sipros_formularios_uso()
    RETURNS TABLE (formulario_id integer, convocatorias text[], respuestas bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT f.id,
           coalesce((SELECT array_agg(c.clave ORDER BY c.clave) FROM convocatoria c
                     WHERE c.formulario_id = f.id), '{}'),
           (SELECT count(*) FROM cuestionario q WHERE q.formulario_id = f.id)
           + (SELECT count(*) FROM solicitud s WHERE s.formulario_id = f.id)
    FROM formulario f
$$;

REVOKE EXECUTE ON FUNCTION sipros_formularios_uso() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formularios_uso() TO sipros_administrador;
