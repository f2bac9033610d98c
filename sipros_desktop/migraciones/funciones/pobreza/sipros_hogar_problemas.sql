-- ---------------------------------------------------------------------------
-- What is inconsistent in the household of a CUIS, in Spanish, one message each (empty when
-- nothing is): exactly one head of the household, aged 12 or more (and a spouse too); each
-- member's age agrees with the birth date given; the first member is the applicant, with the
-- age and sex of the CURP (``p_nacimiento``, ``p_sexo``) at the questionnaire's date
-- (``p_fecha``); a grade the level has; a level of studies the age allows; «Ninguna» alone
-- among health services; the count of members under 18 agrees with the list. The capture
-- refuses them (trigger on cuestionario, for every client); a CUIS without the list of
-- members (the first version) has nothing to check.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_hogar_problemas(
    p_respuestas jsonb, p_fecha date, p_nacimiento date, p_sexo char)
    RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    miembros jsonb := CASE WHEN jsonb_typeof(p_respuestas -> 'hogar') = 'array'
                           THEN p_respuestas -> 'hogar' ELSE '[]' END;
    problemas text[] := '{}';
    m jsonb;
    i integer;
    edad integer;
    nacimiento date;
    parentesco text;
    nivel text;
    grado integer;
    jefes integer := 0;
    menores integer := 0;
    edades_completas boolean := true;
    propia integer;
    sexo_curp text := CASE p_sexo WHEN 'H' THEN 'Hombre' WHEN 'M' THEN 'Mujer'
                                  WHEN 'X' THEN 'Otro' END;
    maximo integer;
BEGIN
    IF jsonb_array_length(miembros) = 0 THEN
        RETURN problemas;
    END IF;
    FOR i IN 0 .. jsonb_array_length(miembros) - 1 LOOP
        m := miembros -> i;
        edad := CASE WHEN jsonb_typeof(m -> 'edad') = 'number'
                     THEN floor((m ->> 'edad')::numeric) END;
        parentesco := CASE WHEN jsonb_typeof(m -> 'parentesco') = 'string'
                           THEN m ->> 'parentesco' END;
        nacimiento := NULL;
        IF m ->> 'nacimiento' ~ '^\d{4}-\d{2}-\d{2}$' THEN
            BEGIN
                nacimiento := (m ->> 'nacimiento')::date;
            EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
                problemas := problemas || format('Integrante %s: la fecha de nacimiento no es '
                                                 'válida.', i + 1);
            END;
        END IF;
        IF nacimiento > p_fecha THEN
            problemas := problemas || format('Integrante %s: la fecha de nacimiento (%s) es '
                                             'posterior a la de la captura.', i + 1,
                                             to_char(nacimiento, 'DD/MM/YYYY'));
        ELSIF nacimiento IS NOT NULL AND edad IS NOT NULL
              AND edad <> extract(year FROM age(p_fecha, nacimiento)) THEN
            problemas := problemas || format('Integrante %s: tiene %s años según su fecha de '
                                             'nacimiento (%s), no %s.', i + 1,
                                             extract(year FROM age(p_fecha, nacimiento)),
                                             to_char(nacimiento, 'DD/MM/YYYY'), edad);
        END IF;
        edad := coalesce(edad, extract(year FROM age(p_fecha, nacimiento))::integer);
        IF edad IS NULL THEN
            edades_completas := false;
        ELSIF edad < 18 THEN
            menores := menores + 1;
        END IF;
        IF parentesco = 'Jefa o jefe del hogar' THEN
            jefes := jefes + 1;
        END IF;
        IF parentesco IN ('Jefa o jefe del hogar', 'Esposa(o) o pareja') AND edad < 12 THEN
            problemas := problemas || format('Integrante %s: %s no puede tener %s años; revise '
                                             'la edad o el parentesco.', i + 1,
                                             CASE parentesco WHEN 'Jefa o jefe del hogar'
                                                  THEN 'la jefa o el jefe del hogar'
                                                  ELSE 'la esposa(o) o pareja del jefe' END,
                                             edad);
        END IF;
        IF i = 0 AND p_nacimiento IS NOT NULL THEN
            propia := extract(year FROM age(p_fecha, p_nacimiento))::integer;
            IF edad IS DISTINCT FROM propia THEN
                problemas := problemas || format('El integrante 1 es la persona solicitante: '
                                                 'según su CURP tiene %s años, no %s.', propia,
                                                 coalesce(edad::text, 'una edad sin responder'));
            END IF;
            IF sexo_curp IS NOT NULL AND m ->> 'sexo' IS DISTINCT FROM sexo_curp THEN
                problemas := problemas || format('El integrante 1 es la persona solicitante: '
                                                 'según su CURP su sexo es «%s».', sexo_curp);
            END IF;
        END IF;
        nivel := CASE WHEN jsonb_typeof(m -> 'nivel') = 'string' THEN m ->> 'nivel' END;
        grado := CASE WHEN jsonb_typeof(m -> 'grado') = 'number'
                      THEN floor((m ->> 'grado')::numeric) END;
        maximo := CASE WHEN nivel = 'Ninguno' THEN 0
                       WHEN nivel IN ('Preescolar', 'Secundaria', 'Preparatoria o bachillerato')
                           THEN 3
                       WHEN nivel IN ('Primaria', 'Licenciatura, maestría o doctorado') THEN 6
                       ELSE 4 END;
        IF grado > maximo THEN
            problemas := problemas || format('Integrante %s: en %s el último grado aprobado es a '
                                             'lo más %s, no %s.', i + 1,
                                             coalesce(lower(nivel), 'ese nivel'), maximo, grado);
        END IF;
        IF nivel NOT IN ('Ninguno', 'Preescolar') AND edad < 6 THEN
            problemas := problemas || format('Integrante %s: tiene %s años y no pudo haber '
                                             'aprobado %s.', i + 1, edad, lower(nivel));
        END IF;
        IF jsonb_typeof(m -> 'salud') = 'array' AND m -> 'salud' ? 'Ninguna'
           AND jsonb_array_length(m -> 'salud') > 1 THEN
            problemas := problemas || format('Integrante %s: «Ninguna» no va con otra '
                                             'institución de servicios médicos.', i + 1);
        END IF;
    END LOOP;
    IF jefes = 0 THEN
        problemas := problemas || 'Indique quién es la jefa o el jefe del hogar (el parentesco '
                                  '«Jefa o jefe del hogar» en un integrante).'::text;
    ELSIF jefes > 1 THEN
        problemas := problemas || format('Solo un integrante es la jefa o el jefe del hogar; '
                                         'hay %s.', jefes);
    END IF;
    IF edades_completas AND jsonb_typeof(p_respuestas -> 'menores_18') = 'number'
       AND (p_respuestas ->> 'menores_18')::numeric <> menores THEN
        problemas := problemas || format('Dice que en el hogar hay %s menores de 18 años, pero la '
                                         'lista de integrantes tiene %s.',
                                         p_respuestas ->> 'menores_18', menores);
    END IF;
    RETURN problemas;
END
$$;
