-- ---------------------------------------------------------------------------
-- A person's schooling as CONEVAL groups it (niv_ed of the 2022 calculation program,
-- methodology of 2018): 0 primaria incompleta o menos, 1 primaria completa o secundaria
-- incompleta, 2 secundaria completa o media superior incompleta, 3 media superior completa o
-- más. From the last level passed (the options of the CUIS) and the last grade passed in it.
-- When the grade is unknown and would matter, the range it could be in (minimo, maximo);
-- both NULL when the level is unknown.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_nivel_educativo(
    p_nivel text, p_grado integer, OUT minimo integer, OUT maximo integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN x.bajo = x.alto OR p_grado IS NULL OR p_grado < x.completo THEN x.bajo
                ELSE x.alto END,
           CASE WHEN x.bajo = x.alto OR p_grado IS NULL OR p_grado >= x.completo THEN x.alto
                ELSE x.bajo END
    FROM (VALUES ('Ninguno', 0, 0, NULL::integer),
                 ('Preescolar', 0, 0, NULL),
                 ('Primaria', 0, 1, 6),
                 ('Secundaria', 1, 2, 3),
                 ('Preparatoria o bachillerato', 2, 3, 3),
                 ('Normal o carrera técnica después de la primaria', 1, 2, 3),
                 ('Normal o carrera técnica después de la secundaria', 2, 3, 3),
                 ('Normal o carrera técnica después de la preparatoria', 3, 3, NULL),
                 ('Licenciatura, maestría o doctorado', 3, 3, NULL)) x (nivel, bajo, alto, completo)
    WHERE x.nivel = p_nivel
$$;
