-- The benefits the caller may count (beneficio's own policy, as SQL text over the alias
-- ``p_alias``): every one for a state-wide account or whoever sees all staff data (the
-- database's owner), else those of the programmes it sees. For the counting functions that
-- read benefits as the owner (sipros_pobreza_por_municipio, sipros_pobreza_padron).
CREATE OR REPLACE FUNCTION sipros_alcance_beneficio_sql(p_alias text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF sipros_ve_todo_personal() OR sipros_alcance_estatal() THEN
        RETURN 'true';
    END IF;
    RETURN format('%s.programa_id = ANY (%L::integer[])', p_alias, sipros_programas_visibles());
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_alcance_beneficio_sql(text) FROM PUBLIC;
