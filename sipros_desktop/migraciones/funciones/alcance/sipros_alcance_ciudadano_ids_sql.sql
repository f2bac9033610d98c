-- The same scope as a set of citizen ids (NULL: every citizen), to count a scope whole: one
-- pass over the applications and benefits instead of a probe per citizen of the registry.
CREATE OR REPLACE FUNCTION sipros_alcance_ciudadano_ids_sql() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    partes text[] := '{}';
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN NULL;
    END IF;
    IF sipros_ve_por_programas() THEN
        partes := partes
            || ('SELECT s.ciudadano_id FROM solicitud s WHERE ' || sipros_alcance_solicitud_sql('s'))
            || CASE WHEN sipros_alcance_estatal() THEN 'SELECT b.ciudadano_id FROM beneficio b'
                    ELSE format('SELECT b.ciudadano_id FROM beneficio b WHERE b.programa_id = '
                                'ANY (%L::integer[])', sipros_programas_visibles()) END;
    END IF;
    IF sipros_es_ventanilla() THEN
        partes := partes
            || format('SELECT unnest(%L::bigint[])', sipros_atendidos())
            || 'SELECT x.id FROM ciudadano x WHERE x.registrado_por = session_user::text '
               'AND x.creado >= current_date'::text;
    END IF;
    IF cardinality(partes) = 0 THEN
        RETURN 'SELECT NULL::bigint WHERE false';
    END IF;
    RETURN array_to_string(partes, ' UNION ');
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_alcance_ciudadano_ids_sql() FROM PUBLIC;
