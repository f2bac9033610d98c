-- ---------------------------------------------------------------------------
-- Trigger of solicitud and beneficio that keeps ciudadano_alcance (migration 0024):
-- - after an INSERT statement: each citizen of the new rows gains their programmes (the
--   call's, for an application), one upsert for the statement, in citizen order (two loads
--   touching the same citizens lock them in the same order); a citizen that already has them
--   is not written;
-- - after a DELETE statement: the citizens of the deleted rows are rebuilt;
-- - after an UPDATE of a row that changed citizen, call or programme: both citizens rebuilt.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_ciudadano_alcance_seguir() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        PERFORM sipros_ciudadano_alcance_rehacer(ARRAY[OLD.ciudadano_id, NEW.ciudadano_id]);
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM sipros_ciudadano_alcance_rehacer(ARRAY(SELECT DISTINCT v.ciudadano_id
                                                       FROM viejos v));
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'solicitud' THEN
        INSERT INTO ciudadano_alcance AS a (ciudadano_id, programas)
        SELECT n.ciudadano_id, array_agg(DISTINCT c.programa_id ORDER BY c.programa_id)
        FROM nuevos n JOIN convocatoria c ON c.id = n.convocatoria_id
        GROUP BY n.ciudadano_id ORDER BY n.ciudadano_id
        ON CONFLICT (ciudadano_id) DO UPDATE
            SET programas = ARRAY(SELECT DISTINCT p FROM unnest(a.programas || EXCLUDED.programas) p
                                  ORDER BY p)
            WHERE NOT a.programas @> EXCLUDED.programas;
    ELSE
        INSERT INTO ciudadano_alcance AS a (ciudadano_id, programas)
        SELECT n.ciudadano_id, array_agg(DISTINCT n.programa_id ORDER BY n.programa_id)
        FROM nuevos n
        GROUP BY n.ciudadano_id ORDER BY n.ciudadano_id
        ON CONFLICT (ciudadano_id) DO UPDATE
            SET programas = ARRAY(SELECT DISTINCT p FROM unnest(a.programas || EXCLUDED.programas) p
                                  ORDER BY p)
            WHERE NOT a.programas @> EXCLUDED.programas;
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_alcance_seguir() FROM PUBLIC;
