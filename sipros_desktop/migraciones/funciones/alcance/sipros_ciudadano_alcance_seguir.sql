-- ---------------------------------------------------------------------------
-- Trigger of solicitud and beneficio that keeps ciudadano_alcance (migration 0024):
-- - after an INSERT statement: each citizen of the new rows gains their programmes (the
--   call's, for an application), one upsert for the statement, in citizen order (two loads
--   touching the same citizens lock them in the same order); a citizen that already has them
--   is not written, only held against a rebuild;
-- - after a DELETE statement: the citizens of the deleted rows are rebuilt;
-- - after an UPDATE of a row that changed citizen, call or programme: both citizens rebuilt.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_ciudadano_alcance_seguir() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    ids bigint[];
    de_programa integer[];
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
    -- (the new rows' citizens and programmes: a call's programme for an application)
    IF TG_TABLE_NAME = 'solicitud' THEN
        SELECT array_agg(n.ciudadano_id), array_agg(c.programa_id) INTO ids, de_programa
        FROM nuevos n JOIN convocatoria c ON c.id = n.convocatoria_id;
    ELSE
        SELECT array_agg(n.ciudadano_id), array_agg(n.programa_id) INTO ids, de_programa
        FROM nuevos n;
    END IF;
    -- the citizens whose row has these programmes already are only held (KEY SHARE: a rebuild
    -- waits for this transaction), not written: two deliveries or loads for the same person do
    -- not wait for each other. The others gain them in one upsert, in citizen order.
    PERFORM 1
    FROM ciudadano_alcance a
    JOIN (SELECT x.c, array_agg(x.p) AS ps FROM unnest(ids, de_programa) AS x (c, p)
          GROUP BY x.c) n ON n.c = a.ciudadano_id AND a.programas @> n.ps
    ORDER BY a.ciudadano_id FOR KEY SHARE OF a;
    INSERT INTO ciudadano_alcance AS a (ciudadano_id, programas)
    SELECT n.c, n.ps
    FROM (SELECT x.c, array_agg(DISTINCT x.p ORDER BY x.p) AS ps
          FROM unnest(ids, de_programa) AS x (c, p) GROUP BY x.c) n
    WHERE NOT EXISTS (SELECT 1 FROM ciudadano_alcance t
                      WHERE t.ciudadano_id = n.c AND t.programas @> n.ps)
    ORDER BY n.c
    ON CONFLICT (ciudadano_id) DO UPDATE
        SET programas = ARRAY(SELECT DISTINCT p FROM unnest(a.programas || EXCLUDED.programas) p
                              ORDER BY p)
        WHERE NOT a.programas @> EXCLUDED.programas;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_alcance_seguir() FROM PUBLIC;
