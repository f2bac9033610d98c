-- The same rule inside the functions (they run as the owner), given the caller's calls and
-- programmes: a message's application, or without one its citizen, must have business there.
CREATE OR REPLACE FUNCTION sipros_mensaje_en(p_solicitud bigint, p_ciudadano bigint,
                                  p_convocatorias integer[], p_programas integer[])
    RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN p_solicitud IS NOT NULL THEN
                    EXISTS (SELECT 1 FROM solicitud s WHERE s.id = p_solicitud
                              AND s.convocatoria_id = ANY (p_convocatorias))
                WHEN p_ciudadano IS NOT NULL THEN
                    EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = p_ciudadano
                              AND s.convocatoria_id = ANY (p_convocatorias))
                    OR EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = p_ciudadano
                                 AND b.programa_id = ANY (p_programas))
                ELSE false END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_en(bigint, bigint, integer[], integer[]) FROM PUBLIC;
