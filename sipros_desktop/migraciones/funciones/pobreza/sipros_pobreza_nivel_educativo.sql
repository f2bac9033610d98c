-- ---------------------------------------------------------------------------
-- A person's schooling as CONEVAL groups it (niv_ed of the 2022 calculation program,
-- methodology of 2018): 0 primaria incompleta o menos, 1 primaria completa o secundaria
-- incompleta, 2 secundaria completa o media superior incompleta, 3 media superior completa o
-- más. From the last level passed (the options of the CUIS) and the last grade passed in it.
-- When the grade is unknown and would matter, the range it could be in (minimo, maximo);
-- both NULL when the level is unknown. (PL/pgSQL without a query: it runs once per member
-- of every household measured.)
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_nivel_educativo(
    p_nivel text, p_grado integer, OUT minimo integer, OUT maximo integer)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    bajo integer;
    alto integer;
    completo integer;  -- the grade that completes the level
BEGIN
    CASE p_nivel
        WHEN 'Ninguno', 'Preescolar' THEN bajo := 0; alto := 0;
        WHEN 'Primaria' THEN bajo := 0; alto := 1; completo := 6;
        WHEN 'Secundaria' THEN bajo := 1; alto := 2; completo := 3;
        WHEN 'Preparatoria o bachillerato' THEN bajo := 2; alto := 3; completo := 3;
        WHEN 'Normal o carrera técnica después de la primaria' THEN
            bajo := 1; alto := 2; completo := 3;
        WHEN 'Normal o carrera técnica después de la secundaria' THEN
            bajo := 2; alto := 3; completo := 3;
        WHEN 'Normal o carrera técnica después de la preparatoria',
             'Licenciatura, maestría o doctorado' THEN bajo := 3; alto := 3;
        ELSE RETURN;
    END CASE;
    IF bajo = alto OR p_grado IS NULL THEN
        minimo := bajo;
        maximo := alto;
    ELSIF p_grado >= completo THEN
        minimo := alto;
        maximo := alto;
    ELSE
        minimo := bajo;
        maximo := bajo;
    END IF;
END
$$;
