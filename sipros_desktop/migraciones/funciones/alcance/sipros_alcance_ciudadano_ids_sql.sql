-- The same scope as a set of citizen ids (NULL: every citizen), to count a scope whole: one
-- pass over ciudadano_alcance (a citizen by programme) instead of a probe per citizen of the
-- registry. The ids of the part by programme come sorted and once each.
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
        -- (ciudadano_alcance: the programmes of each citizen's applications and benefits, kept
        -- by triggers; the same citizens as the applications of the calls and the benefits of
        -- the programmes the caller sees, without setting ~1 M ids apart per query)
        partes := partes
            || CASE WHEN sipros_alcance_estatal()
                        OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
                    THEN 'SELECT a.ciudadano_id FROM ciudadano_alcance a'
                    ELSE format('SELECT a.ciudadano_id FROM ciudadano_alcance a WHERE a.programas '
                                '&& %L::integer[]', sipros_programas_visibles()) END;
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
