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
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    n integer := coalesce(cardinality(p_edades), 0);
    conocida numeric := 0;
    desconocidas integer := 0;
    e integer;
BEGIN
    IF n = 0 THEN
        n := coalesce(p_integrantes, 0);
        desconocidas := n;
    ELSE
        FOREACH e IN ARRAY p_edades LOOP
            IF e IS NULL THEN
                desconocidas := desconocidas + 1;
            ELSE
                conocida := conocida + CASE WHEN e <= 5 THEN 0.7031 WHEN e <= 12 THEN 0.7382
                                            WHEN e <= 18 THEN 0.7057 ELSE 0.9945 END;
            END IF;
        END LOOP;
    END IF;
    IF n <= 0 OR p_ingreso IS NULL THEN
        RETURN;
    END IF;
    IF n = 1 THEN
        ingreso_pc_min := round(p_ingreso, 2);
        ingreso_pc_max := ingreso_pc_min;
    ELSE
        ingreso_pc_min := round(p_ingreso / (conocida + 0.9945 * desconocidas), 2);
        ingreso_pc_max := round(p_ingreso / (conocida + 0.7031 * desconocidas), 2);
    END IF;
END
$$;
