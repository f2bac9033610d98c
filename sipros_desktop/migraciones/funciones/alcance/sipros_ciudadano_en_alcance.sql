CREATE OR REPLACE FUNCTION sipros_ciudadano_en_alcance(p_ciudadano bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_ve_todo_personal()
        OR EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = p_ciudadano
                     AND s.convocatoria_id = ANY (sipros_convocatorias_visibles()))
        OR EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = p_ciudadano
                     AND b.programa_id = ANY (sipros_programas_visibles()))
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadano_en_alcance(bigint) FROM PUBLIC;
