-- ---------------------------------------------------------------------------
-- Every household measured again from its answers (after the method changed: a function of
-- migraciones/funciones/pobreza/), one batch at a time: the next ``p_cuantos`` citizens with a
-- questionnaire after citizen ``p_despues`` (0 or NULL: from the first), and the measures of
-- citizens of that stretch whose questionnaires are gone are removed. Returns the last citizen
-- of the batch (``hasta``: the next call's ``p_despues``; NULL when there was none left) and
-- how many households were measured. The whole state: only a state-wide administrator (or the
-- owner).
-- In batches because a million households take four minutes, over the staff accounts' 120 s
-- statement limit, and one transaction that long would hold every measured household's row
-- against the questionnaires captured meanwhile; each household is measured whole in its batch,
-- so a recalculation cut halfway leaves every household measured by the old method or the new.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_recalcular(p_despues bigint, p_cuantos integer)
    RETURNS TABLE (hasta bigint, medidos integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    desde bigint := coalesce(p_despues, 0);
    ids bigint[];
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'La medición de todo el estado la recalcula solo un administrador estatal.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_cuantos IS NULL OR p_cuantos < 1 OR p_cuantos > 200000 THEN
        RAISE EXCEPTION 'Cada tanda de la medición es de 1 a 200,000 hogares.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(x.ciudadano_id ORDER BY x.ciudadano_id) INTO ids
    FROM (SELECT DISTINCT q.ciudadano_id FROM cuestionario q WHERE q.ciudadano_id > desde
          ORDER BY q.ciudadano_id LIMIT p_cuantos) x;
    hasta := ids[cardinality(ids)];
    -- the measures of the stretch whose citizen has no questionnaire any more (after the last
    -- batch: all the rest)
    DELETE FROM pobreza_medicion p
    WHERE p.ciudadano_id > desde AND (hasta IS NULL OR p.ciudadano_id <= hasta)
      AND NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = p.ciudadano_id);
    medidos := CASE WHEN ids IS NULL THEN 0 ELSE sipros_pobreza_medir_de(ids) END;
    RETURN NEXT;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_recalcular(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_pobreza_recalcular(bigint, integer) TO sipros_administrador;
