-- ---------------------------------------------------------------------------
-- Income per person of a household (ictpc of CONEVAL): the household's current monthly
-- income over its size with economies of scale and adult equivalence — each member weighs
-- 0.7031 aged 0 to 5, 0.7382 aged 6 to 12, 0.7057 aged 13 to 18 and 0.9945 aged 19 or more;
-- a household of one weighs 1. ``p_edades``: the members' ages (NULL when one is unknown);
-- without the list (the first CUIS), ``p_integrantes`` people of unknown ages. An unknown age
-- weighs between 0.7031 and 0.9945, so the income per person is an interval (equal ends when
-- every age is known); NULLs when the income or the household is unknown.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_ingreso(
    p_ingreso numeric, p_edades integer[], p_integrantes integer,
    OUT ingreso_pc_min numeric, OUT ingreso_pc_max numeric)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT round(p_ingreso / x.escala_max, 2), round(p_ingreso / x.escala_min, 2)
    FROM (
        SELECT CASE WHEN y.n = 1 THEN 1 ELSE y.conocida + 0.7031 * y.desconocidas END
                   AS escala_min,
               CASE WHEN y.n = 1 THEN 1 ELSE y.conocida + 0.9945 * y.desconocidas END
                   AS escala_max
        FROM (
            SELECT CASE WHEN cardinality(p_edades) > 0 THEN cardinality(p_edades)
                        ELSE p_integrantes END AS n,
                   coalesce((SELECT sum(CASE WHEN e <= 5 THEN 0.7031 WHEN e <= 12 THEN 0.7382
                                             WHEN e <= 18 THEN 0.7057 ELSE 0.9945 END)
                             FROM unnest(p_edades) e WHERE e IS NOT NULL), 0) AS conocida,
                   CASE WHEN cardinality(p_edades) > 0
                        THEN (SELECT count(*) FROM unnest(p_edades) e WHERE e IS NULL)
                        ELSE p_integrantes END AS desconocidas
        ) y
        WHERE y.n > 0
    ) x
$$;
