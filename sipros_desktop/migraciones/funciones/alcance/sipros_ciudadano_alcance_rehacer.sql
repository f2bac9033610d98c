-- ---------------------------------------------------------------------------
-- ciudadano_alcance rebuilt for some citizens (``p_ids``; NULL: every citizen) from their
-- applications (the call's programme) and benefits: a citizen with neither loses its row.
-- The rows of the citizens are locked first (created if missing), and the sources read after,
-- by statements of their own (each sees what committed meanwhile): an application or benefit
-- added by another transaction for the same citizen either waits for this one or is seen by
-- it, never lost.
-- SECURITY DEFINER: no staff role writes ciudadano_alcance; only the triggers of solicitud and
-- beneficio, the migration that created it and the demo's load call it.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_ciudadano_alcance_rehacer(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF p_ids IS NULL THEN
        DELETE FROM ciudadano_alcance;
        INSERT INTO ciudadano_alcance (ciudadano_id, programas)
        SELECT x.ciudadano_id, array_agg(DISTINCT x.programa_id ORDER BY x.programa_id)
        FROM (SELECT s.ciudadano_id, c.programa_id
              FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id
              UNION ALL
              SELECT b.ciudadano_id, b.programa_id FROM beneficio b) x
        GROUP BY x.ciudadano_id ORDER BY x.ciudadano_id;
        RETURN;
    END IF;
    -- every citizen gets a row to lock (a placeholder, rewritten or deleted below): a citizen
    -- whose first row another transaction is inserting is waited for here, and then locked
    INSERT INTO ciudadano_alcance (ciudadano_id, programas)
    SELECT c.id, '{0}' FROM ciudadano c WHERE c.id = ANY (p_ids) ORDER BY c.id
    ON CONFLICT (ciudadano_id) DO NOTHING;
    PERFORM 1 FROM ciudadano_alcance a WHERE a.ciudadano_id = ANY (p_ids)
    ORDER BY a.ciudadano_id FOR UPDATE;
    DELETE FROM ciudadano_alcance a
    WHERE a.ciudadano_id = ANY (p_ids)
      AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = a.ciudadano_id)
      AND NOT EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = a.ciudadano_id);
    INSERT INTO ciudadano_alcance AS a (ciudadano_id, programas)
    SELECT x.ciudadano_id, array_agg(DISTINCT x.programa_id ORDER BY x.programa_id)
    FROM (SELECT s.ciudadano_id, c.programa_id
          FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id
          WHERE s.ciudadano_id = ANY (p_ids)
          UNION ALL
          SELECT b.ciudadano_id, b.programa_id FROM beneficio b
          WHERE b.ciudadano_id = ANY (p_ids)) x
    GROUP BY x.ciudadano_id ORDER BY x.ciudadano_id
    ON CONFLICT (ciudadano_id) DO UPDATE SET programas = EXCLUDED.programas
    WHERE a.programas IS DISTINCT FROM EXCLUDED.programas;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_ciudadano_alcance_rehacer(bigint[]) FROM PUBLIC;
