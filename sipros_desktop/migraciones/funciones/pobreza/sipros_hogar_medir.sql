-- ---------------------------------------------------------------------------
-- The measure of one household from the answers of a CUIS (any version): each member's
-- personal deprivations (rezago educativo, salud, seguridad social), the home's (vivienda,
-- servicios básicos), the household's (alimentación), and the income per person, each
-- deprivation with its reason. The keys are those of the CUIS: «hogar» is the list of
-- members (the first, the applicant); a first CUIS without it still decides what its answers
-- can (floor, roof, water, electricity …). ``p_fecha``: the questionnaire's date (ages and
-- birth years are read against it); ``p_ambito``: U or R of the home's locality, NULL if not
-- known; ``p_lineas``: the poverty lines in force (NULL if none). The result:
--   {"integrantes": [{"n", "nombre", "parentesco", "sexo", "edad", "rezago_educativo":
--     {"carencia", "motivo"}, "salud": {…}, "seguridad_social": {…}}, …],
--    "vivienda": {…}, "servicios": {…}, "alimentacion": {…}, "personas", "ingreso_hogar",
--    "ingreso_pc_min", "ingreso_pc_max", "pam_depende"}
-- ``pam_depende``: some member's social security hinges on the older-adults pension against
-- the lines (so it is measured again when the lines change).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_hogar_medir(
    p_respuestas jsonb, p_fecha date, p_ambito char, p_lineas linea_pobreza)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    -- (|| '{}' decompresses the answers once: a stored questionnaire's are compressed, and
    -- every «r -> clave» below would decompress them again)
    r jsonb := coalesce(p_respuestas, '{}') || '{}';
    miembros jsonb := CASE WHEN jsonb_typeof(r -> 'hogar') = 'array' THEN r -> 'hogar'
                           ELSE '[]' END;
    n integer;
    m jsonb;
    i integer;
    edades integer[] := '{}';
    anios integer[] := '{}';
    directos boolean[] := '{}';
    parentescos text[] := '{}';
    trabajos text[] := '{}';
    edad integer;
    nacimiento date;
    jefe_directo boolean := false;
    conyuge_directo boolean := false;
    hijo_directo boolean := false;
    hay_menores boolean := false;
    ingreso numeric := 0;
    umbral numeric := (p_lineas.extrema_urbana + p_lineas.extrema_rural) / 2;
    rezago record;
    salud record;
    ss record;
    ss_nunca record;
    ss_siempre record;
    pam_depende boolean := false;
    integrantes jsonb := '[]';
    vivienda record;
    servicios record;
    alimentacion record;
    personas integer;
    pc record;
BEGIN
    n := jsonb_array_length(miembros);
    -- first pass: ages, birth years and direct access to social security
    FOR i IN 0 .. n - 1 LOOP
        m := miembros -> i;
        edad := CASE WHEN jsonb_typeof(m -> 'edad') = 'number' THEN floor((m ->> 'edad')::numeric) END;
        nacimiento := NULL;
        IF m ->> 'nacimiento' ~ '^\d{4}-\d{2}-\d{2}$' THEN
            BEGIN
                nacimiento := (m ->> 'nacimiento')::date;
            EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
                nacimiento := NULL;
            END;
        END IF;
        IF edad IS NULL AND nacimiento IS NOT NULL THEN
            edad := extract(year FROM age(p_fecha, nacimiento))::integer;
        END IF;
        edades := edades || edad;
        anios := anios || coalesce(extract(year FROM nacimiento)::integer,
                                   extract(year FROM p_fecha)::integer - edad);
        parentescos := parentescos || CASE WHEN jsonb_typeof(m -> 'parentesco') = 'string'
                                           THEN m ->> 'parentesco' END;
        trabajos := trabajos || CASE WHEN jsonb_typeof(m -> 'trabajo') = 'string'
                                     THEN m ->> 'trabajo' END;
        directos := directos || sipros_seguridad_social_directa(
            edad, trabajos[i + 1],
            CASE WHEN jsonb_typeof(m -> 'servicio_medico_trabajo') = 'boolean'
                 THEN (m -> 'servicio_medico_trabajo')::boolean END,
            CASE WHEN jsonb_typeof(m -> 'afore') = 'boolean' THEN (m -> 'afore')::boolean END,
            CASE WHEN jsonb_typeof(m -> 'servicio_medico_otro') = 'boolean'
                 THEN (m -> 'servicio_medico_otro')::boolean END);
        IF parentescos[i + 1] = 'Jefa o jefe del hogar' THEN
            jefe_directo := jefe_directo OR directos[i + 1];
        ELSIF parentescos[i + 1] = 'Esposa(o) o pareja' THEN
            conyuge_directo := conyuge_directo OR directos[i + 1];
        ELSIF parentescos[i + 1] = 'Hija(o)' THEN
            -- a pension of a child aged 25 or less (an orphan's) does not extend to the parents
            hijo_directo := hijo_directo OR (directos[i + 1] AND NOT (
                trabajos[i + 1] = 'Jubilada(o) o pensionada(o)' AND edad <= 25));
        END IF;
        hay_menores := hay_menores OR edad < 18;
        ingreso := ingreso + CASE WHEN jsonb_typeof(m -> 'ingreso') = 'number'
                                  THEN greatest((m ->> 'ingreso')::numeric, 0) END;
    END LOOP;
    -- second pass: each member's personal deprivations
    FOR i IN 0 .. n - 1 LOOP
        m := miembros -> i;
        rezago := sipros_carencia_rezago_educativo(
            edades[i + 1], anios[i + 1],
            CASE WHEN jsonb_typeof(m -> 'asiste_escuela') = 'boolean'
                 THEN (m -> 'asiste_escuela')::boolean END,
            CASE WHEN jsonb_typeof(m -> 'nivel') = 'string' THEN m ->> 'nivel' END,
            CASE WHEN jsonb_typeof(m -> 'grado') = 'number'
                 THEN floor((m ->> 'grado')::numeric)::integer END);
        salud := sipros_carencia_salud(m -> 'salud');
        ss := sipros_carencia_seguridad_social(
            parentescos[i + 1], edades[i + 1],
            CASE WHEN jsonb_typeof(m -> 'asiste_escuela') = 'boolean'
                 THEN (m -> 'asiste_escuela')::boolean END,
            trabajos[i + 1], directos[i + 1], jefe_directo, conyuge_directo, hijo_directo,
            CASE WHEN jsonb_typeof(m -> 'servicio_medico_otro') = 'boolean'
                 THEN (m -> 'servicio_medico_otro')::boolean END,
            CASE WHEN jsonb_typeof(m -> 'pension_adultos') = 'number'
                 THEN (m ->> 'pension_adultos')::numeric END,
            umbral);
        IF edades[i + 1] >= 65 AND jsonb_typeof(m -> 'pension_adultos') = 'number'
           AND (m ->> 'pension_adultos')::numeric > 0 THEN
            -- would another pair of lines change this member's social security?
            ss_nunca := sipros_carencia_seguridad_social(
                parentescos[i + 1], edades[i + 1], NULL, trabajos[i + 1], directos[i + 1],
                jefe_directo, conyuge_directo, hijo_directo,
                CASE WHEN jsonb_typeof(m -> 'servicio_medico_otro') = 'boolean'
                     THEN (m -> 'servicio_medico_otro')::boolean END,
                0, 1e12);
            ss_siempre := sipros_carencia_seguridad_social(
                parentescos[i + 1], edades[i + 1], NULL, trabajos[i + 1], directos[i + 1],
                jefe_directo, conyuge_directo, hijo_directo,
                CASE WHEN jsonb_typeof(m -> 'servicio_medico_otro') = 'boolean'
                     THEN (m -> 'servicio_medico_otro')::boolean END,
                1, 0);
            pam_depende := pam_depende
                OR ss_nunca.carencia IS DISTINCT FROM ss_siempre.carencia;
        END IF;
        integrantes := integrantes || jsonb_build_object(
            'n', i + 1,
            'nombre', CASE WHEN jsonb_typeof(m -> 'nombre') = 'string' THEN m -> 'nombre' END,
            'parentesco', parentescos[i + 1],
            'sexo', CASE WHEN jsonb_typeof(m -> 'sexo') = 'string' THEN m -> 'sexo' END,
            'edad', edades[i + 1],
            'rezago_educativo', jsonb_build_object('carencia', rezago.carencia,
                                                   'motivo', rezago.motivo),
            'salud', jsonb_build_object('carencia', salud.carencia, 'motivo', salud.motivo),
            'seguridad_social', jsonb_build_object('carencia', ss.carencia,
                                                   'motivo', ss.motivo));
    END LOOP;
    IF n = 0 THEN  -- the first CUIS: how many live there, how many are minors
        personas := CASE WHEN jsonb_typeof(r -> 'integrantes') = 'number'
                         THEN (r ->> 'integrantes')::integer END;
        hay_menores := CASE WHEN jsonb_typeof(r -> 'menores_18') = 'number'
                            THEN (r ->> 'menores_18')::numeric > 0 END;
        ingreso := CASE WHEN jsonb_typeof(r -> 'ingreso_mensual') = 'number'
                        THEN greatest((r ->> 'ingreso_mensual')::numeric, 0) END;
    ELSE
        personas := n;
        ingreso := ingreso + CASE WHEN jsonb_typeof(r -> 'otros_ingresos') = 'number'
                                  THEN greatest((r ->> 'otros_ingresos')::numeric, 0) END;
    END IF;
    vivienda := sipros_carencia_vivienda(
        CASE WHEN jsonb_typeof(r -> 'piso') = 'string' THEN r ->> 'piso' END,
        CASE WHEN jsonb_typeof(r -> 'techo') = 'string' THEN r ->> 'techo' END,
        CASE WHEN jsonb_typeof(r -> 'muros') = 'string' THEN r ->> 'muros' END,
        personas,
        CASE WHEN jsonb_typeof(r -> 'cuartos_total') = 'number'
             THEN floor((r ->> 'cuartos_total')::numeric)::integer END);
    servicios := sipros_carencia_servicios(
        CASE WHEN jsonb_typeof(r -> 'agua') = 'string' THEN r ->> 'agua' END,
        CASE WHEN jsonb_typeof(r -> 'desague') = 'string' THEN r ->> 'desague' END,
        CASE WHEN jsonb_typeof(r -> 'drenaje') = 'boolean' THEN (r -> 'drenaje')::boolean END,
        CASE WHEN jsonb_typeof(r -> 'electricidad') = 'boolean'
             THEN (r -> 'electricidad')::boolean END,
        CASE WHEN jsonb_typeof(r -> 'combustible') = 'string' THEN r ->> 'combustible' END,
        CASE WHEN jsonb_typeof(r -> 'chimenea') = 'boolean' THEN (r -> 'chimenea')::boolean END);
    alimentacion := sipros_carencia_alimentacion(
        ARRAY[sipros_jsonb_si_no(r -> 'sin_comida'), sipros_jsonb_si_no(r -> 'alimentacion_poca'),
              sipros_jsonb_si_no(r -> 'dejo_comida'), sipros_jsonb_si_no(r -> 'comio_menos'),
              sipros_jsonb_si_no(r -> 'hambre'), sipros_jsonb_si_no(r -> 'sin_comer')],
        ARRAY[sipros_jsonb_si_no(r -> 'menores_poca'),
              sipros_jsonb_si_no(r -> 'menores_sin_comer'),
              sipros_jsonb_si_no(r -> 'menores_menos_servida'),
              sipros_jsonb_si_no(r -> 'menores_hambre'),
              sipros_jsonb_si_no(r -> 'menores_acosto_hambre'),
              sipros_jsonb_si_no(r -> 'menores_una_vez')],
        hay_menores,
        ARRAY[sipros_jsonb_entero(r -> 'dias_cereales'), sipros_jsonb_entero(r -> 'dias_tuberculos'),
              sipros_jsonb_entero(r -> 'dias_verduras'), sipros_jsonb_entero(r -> 'dias_frutas'),
              sipros_jsonb_entero(r -> 'dias_carne'), sipros_jsonb_entero(r -> 'dias_huevo'),
              sipros_jsonb_entero(r -> 'dias_pescado'),
              sipros_jsonb_entero(r -> 'dias_leguminosas'),
              sipros_jsonb_entero(r -> 'dias_lacteos'), sipros_jsonb_entero(r -> 'dias_aceites'),
              sipros_jsonb_entero(r -> 'dias_azucar'),
              sipros_jsonb_entero(r -> 'dias_condimentos')]);
    pc := sipros_pobreza_ingreso(ingreso, edades, personas);
    RETURN jsonb_build_object(
        'integrantes', integrantes,
        'vivienda', jsonb_build_object('carencia', vivienda.carencia, 'motivo', vivienda.motivo),
        'servicios', jsonb_build_object('carencia', servicios.carencia,
                                        'motivo', servicios.motivo),
        'alimentacion', jsonb_build_object('carencia', alimentacion.carencia,
                                           'motivo', alimentacion.motivo),
        'personas', personas,
        'ingreso_hogar', ingreso,
        'ingreso_pc_min', pc.ingreso_pc_min,
        'ingreso_pc_max', pc.ingreso_pc_max,
        'pam_depende', pam_depende);
END
$$;
