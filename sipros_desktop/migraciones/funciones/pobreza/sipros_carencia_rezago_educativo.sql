-- ---------------------------------------------------------------------------
-- Carencia por rezago educativo of one person (Lineamientos 2018 of CONEVAL; calculation
-- program 2022). A person has it when:
--   1. is 3 to 21 years old (born in 1998 or later), has not finished the compulsory level
--      (media superior) and does not attend school;
--   2. is 22 or older, was born in 1998 or later and has not finished media superior;
--   3. is 16 or older, was born from 1982 to 1997 and has not finished secundaria;
--   4. is 16 or older, was born before 1982 and has not finished primaria.
-- Younger than 3: no deprivation. The birth year is the member's birth date's, else the year
-- of the questionnaire minus the age (as the program does). NULL carencia: the answers
-- cannot decide («sin datos suficientes»), and the reason says what is missing.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_rezago_educativo(
    p_edad integer, p_anio_nacimiento integer, p_asiste boolean, p_nivel text, p_grado integer,
    OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    niv record;
    nmin integer;  -- the schooling reached (sipros_pobreza_nivel_educativo), as a range
    nmax integer;
    falta text := CASE WHEN p_nivel IS NULL THEN 'el último nivel de estudios aprobado'
                       ELSE 'el último grado aprobado' END;
    requerido integer;  -- the niv_ed the person's generation had to reach
    obligatorio text;
    generacion text;
BEGIN
    IF p_edad IS NULL OR p_anio_nacimiento IS NULL THEN
        carencia := NULL;
        motivo := 'Sin datos suficientes: falta la edad.';
        RETURN;
    END IF;
    IF p_edad < 3 THEN
        carencia := false;
        motivo := 'Tiene menos de 3 años.';
        RETURN;
    END IF;
    niv := sipros_pobreza_nivel_educativo(p_nivel, p_grado);
    nmin := niv.minimo;
    nmax := niv.maximo;
    IF p_anio_nacimiento >= 1998 AND p_edad <= 21 THEN
        IF p_asiste THEN
            carencia := false;
            motivo := format('Tiene %s años y asiste a la escuela.', p_edad);
        ELSIF nmin = 3 THEN
            carencia := false;
            motivo := format('Tiene %s años y terminó la educación media superior.', p_edad);
        ELSIF p_asiste IS NULL THEN
            carencia := NULL;
            motivo := 'Sin datos suficientes: falta si asiste a la escuela.';
        ELSIF nmax < 3 THEN
            carencia := true;
            motivo := format('Tiene %s años, no asiste a la escuela y no ha terminado la educación '
                             'obligatoria (media superior).', p_edad);
        ELSE
            carencia := NULL;
            motivo := format('Sin datos suficientes: falta %s.', falta);
        END IF;
        RETURN;
    END IF;
    IF p_anio_nacimiento >= 1998 THEN
        requerido := 3;
        obligatorio := 'la educación media superior';
        generacion := 'desde 1998';
    ELSIF p_edad < 16 THEN  -- born before 1998 and younger than 16: the answers disagree
        carencia := NULL;
        motivo := 'Sin datos suficientes: la edad y el año de nacimiento no concuerdan.';
        RETURN;
    ELSIF p_anio_nacimiento >= 1982 THEN
        requerido := 2;
        obligatorio := 'la secundaria';
        generacion := 'entre 1982 y 1997';
    ELSE
        requerido := 1;
        obligatorio := 'la primaria';
        generacion := 'antes de 1982';
    END IF;
    IF nmin >= requerido THEN
        carencia := false;
        motivo := format('Nació en %s (%s): terminó %s, lo obligatorio para su generación.',
                         p_anio_nacimiento, generacion, obligatorio);
    ELSIF nmax < requerido THEN
        carencia := true;
        motivo := format('Nació en %s (%s) y no terminó %s, lo obligatorio para su generación.',
                         p_anio_nacimiento, generacion, obligatorio);
    ELSE
        carencia := NULL;
        motivo := format('Sin datos suficientes: falta %s.', falta);
    END IF;
END
$$;
