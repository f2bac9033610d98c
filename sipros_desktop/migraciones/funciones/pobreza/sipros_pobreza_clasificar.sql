-- ---------------------------------------------------------------------------
-- The classification of CONEVAL's measure for a person:
--   pobreza extrema: income under the extreme-poverty line and 3 or more deprivations;
--   pobreza moderada: income under the poverty line and 1 or more deprivations, not extreme;
--   vulnerable por carencias: income at or over the poverty line and 1 or more deprivations;
--   vulnerable por ingresos: income under the poverty line and no deprivation;
--   no pobre y no vulnerable: income at or over the poverty line and no deprivation.
-- Unknowns (NULL income states, ``p_sin_datos`` deprivations that cannot be decided) are
-- allowed only when every possibility gives the same class; otherwise 'sin_datos', never a
-- guess. Plain SQL, so that it is inlined where thousands of rows are classified.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_clasificar(
    p_bajo_lpei boolean, p_bajo_lpi boolean, p_carencias integer, p_sin_datos integer)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN e::integer + m::integer + vi::integer + vc::integer + np::integer = 1 THEN
                CASE WHEN e THEN 'pobreza_extrema' WHEN m THEN 'pobreza_moderada'
                     WHEN vi THEN 'vulnerable_ingresos' WHEN vc THEN 'vulnerable_carencias'
                     ELSE 'no_pobre_no_vulnerable' END
           ELSE 'sin_datos' END
    FROM (SELECT a AND alto >= 3 AS e,
                 (a AND bajo <= 2 AND alto >= 1) OR (b AND alto >= 1) AS m,
                 (a OR b) AND bajo = 0 AS vi,
                 c AND alto >= 1 AS vc,
                 c AND bajo = 0 AS np
          FROM (SELECT
                    -- income under the extreme line / between both lines / at or over the
                    -- poverty line: which of the three the answers leave possible
                    p_bajo_lpei IS NOT FALSE AND p_bajo_lpi IS NOT FALSE AS a,
                    p_bajo_lpei IS NOT TRUE AND p_bajo_lpi IS NOT FALSE AS b,
                    p_bajo_lpei IS NOT TRUE AND p_bajo_lpi IS NOT TRUE AS c,
                    p_carencias AS bajo, p_carencias + p_sin_datos AS alto) y) x
$$;
