-- ---------------------------------------------------------------------------
-- Measure (again) the household of a citizen from the citizen's latest questionnaire, with
-- the home's locality and the newest poverty lines, and keep it in pobreza_medicion with the
-- questionnaire, its version and the lines used; the citizen's own classification is that of
-- the first member of the household (the applicant). No questionnaire: no measure.
-- SECURITY DEFINER because no staff role writes pobreza_medicion; no staff role may call it:
-- only the triggers below do, on a row the caller could already write under its scope
-- (cuestionario, domicilio), and sipros_pobreza_recalcular (state-wide administrators).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_medir(p_ciudadano bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    q record;
    lugar record;
    lineas linea_pobreza;
    h jsonb;
    yo jsonb;
    carencias boolean[];
    cuantas integer;
    sin_datos integer;
    lpei boolean;
    lpi boolean;
BEGIN
    SELECT c.id, c.formulario_id, c.respuestas,
           coalesce(c.fecha, (c.creado AT TIME ZONE 'America/Mexico_City')::date) AS fecha
    INTO q
    FROM cuestionario c WHERE c.ciudadano_id = p_ciudadano
    ORDER BY c.creado DESC, c.id DESC LIMIT 1;
    IF NOT FOUND THEN
        DELETE FROM pobreza_medicion WHERE ciudadano_id = p_ciudadano;
        RETURN;
    END IF;
    SELECT d.municipio_id, l.ambito INTO lugar
    FROM domicilio d LEFT JOIN localidad l ON l.id = d.localidad_id
    WHERE d.ciudadano_id = p_ciudadano;
    SELECT * INTO lineas FROM linea_pobreza ORDER BY mes DESC LIMIT 1;
    h := sipros_hogar_medir(q.respuestas, q.fecha, lugar.ambito, lineas);
    yo := h -> 'integrantes' -> 0;
    carencias := ARRAY[(yo -> 'rezago_educativo' ->> 'carencia')::boolean,
                       (yo -> 'salud' ->> 'carencia')::boolean,
                       (yo -> 'seguridad_social' ->> 'carencia')::boolean,
                       (h -> 'vivienda' ->> 'carencia')::boolean,
                       (h -> 'servicios' ->> 'carencia')::boolean,
                       (h -> 'alimentacion' ->> 'carencia')::boolean];
    SELECT count(*) FILTER (WHERE c), count(*) FILTER (WHERE c IS NULL)
    INTO cuantas, sin_datos FROM unnest(carencias) c;
    lpei := sipros_pobreza_bajo_linea((h ->> 'ingreso_pc_min')::numeric,
                                      (h ->> 'ingreso_pc_max')::numeric, lugar.ambito,
                                      lineas.extrema_urbana, lineas.extrema_rural);
    lpi := sipros_pobreza_bajo_linea((h ->> 'ingreso_pc_min')::numeric,
                                     (h ->> 'ingreso_pc_max')::numeric, lugar.ambito,
                                     lineas.pobreza_urbana, lineas.pobreza_rural);
    INSERT INTO pobreza_medicion AS p (
        ciudadano_id, cuestionario_id, formulario_id, linea_id, municipio_id, ambito, integrantes,
        ingreso_hogar, ingreso_pc_min, ingreso_pc_max, bajo_lpei, bajo_lpi, rezago_educativo,
        salud, seguridad_social, vivienda, servicios, alimentacion, carencias,
        carencias_sin_datos, clasificacion, hogar, pam_depende, calculado)
    VALUES (
        p_ciudadano, q.id, q.formulario_id, lineas.id, lugar.municipio_id, lugar.ambito,
        coalesce((h ->> 'personas')::integer, 0), (h ->> 'ingreso_hogar')::numeric,
        (h ->> 'ingreso_pc_min')::numeric, (h ->> 'ingreso_pc_max')::numeric, lpei, lpi,
        carencias[1], carencias[2], carencias[3], carencias[4], carencias[5], carencias[6],
        cuantas, sin_datos, sipros_pobreza_clasificar(lpei, lpi, cuantas, sin_datos), h,
        (h ->> 'pam_depende')::boolean, now())
    ON CONFLICT (ciudadano_id) DO UPDATE SET
        cuestionario_id = EXCLUDED.cuestionario_id, formulario_id = EXCLUDED.formulario_id,
        linea_id = EXCLUDED.linea_id, municipio_id = EXCLUDED.municipio_id,
        ambito = EXCLUDED.ambito, integrantes = EXCLUDED.integrantes,
        ingreso_hogar = EXCLUDED.ingreso_hogar, ingreso_pc_min = EXCLUDED.ingreso_pc_min,
        ingreso_pc_max = EXCLUDED.ingreso_pc_max, bajo_lpei = EXCLUDED.bajo_lpei,
        bajo_lpi = EXCLUDED.bajo_lpi, rezago_educativo = EXCLUDED.rezago_educativo,
        salud = EXCLUDED.salud, seguridad_social = EXCLUDED.seguridad_social,
        vivienda = EXCLUDED.vivienda, servicios = EXCLUDED.servicios,
        alimentacion = EXCLUDED.alimentacion, carencias = EXCLUDED.carencias,
        carencias_sin_datos = EXCLUDED.carencias_sin_datos,
        clasificacion = EXCLUDED.clasificacion, hogar = EXCLUDED.hogar,
        pam_depende = EXCLUDED.pam_depende, calculado = EXCLUDED.calculado;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_medir(bigint) FROM PUBLIC;
