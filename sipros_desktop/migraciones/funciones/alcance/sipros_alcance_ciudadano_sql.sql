-- ---------------------------------------------------------------------------
-- The scope as SQL text for the search functions, which run as the owner so that the name
-- index can serve them (a policy puts its own condition first, and PostgreSQL never lets a
-- non-leakproof condition such as the full-text @@ use an index below it).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_alcance_ciudadano_sql(p_alias text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    estatal boolean := sipros_alcance_estatal();
    partes text[] := '{}';
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN 'true';
    END IF;
    IF sipros_ve_por_programas() THEN
        partes := partes
            -- (OFFSET 0: a probe per row, never a hash of every application of the scope)
            || format('EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = %s.id%s OFFSET 0)',
                      p_alias,
                      CASE WHEN estatal THEN '' ELSE format(' AND s.convocatoria_id = ANY (%L::integer[])',
                                                            sipros_convocatorias_visibles()) END)
            || format('EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = %s.id%s OFFSET 0)',
                      p_alias,
                      CASE WHEN estatal THEN '' ELSE format(' AND b.programa_id = ANY (%L::integer[])',
                                                            sipros_programas_visibles()) END);
    END IF;
    IF sipros_es_ventanilla() THEN
        partes := partes
            || format('%s.id = ANY (%L::bigint[])', p_alias, sipros_atendidos())
            || format('(%1$s.registrado_por = session_user::text AND %1$s.creado >= current_date)',
                      p_alias);
    END IF;
    IF cardinality(partes) = 0 THEN
        RETURN 'false';
    END IF;
    RETURN '(' || array_to_string(partes, ' OR ') || ')';
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_alcance_ciudadano_sql(text) FROM PUBLIC;
