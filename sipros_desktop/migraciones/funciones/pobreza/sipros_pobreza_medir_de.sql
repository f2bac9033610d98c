-- ---------------------------------------------------------------------------
-- Measure (again) the households of some citizens (``p_ciudadanos``; NULL: every citizen
-- with a questionnaire), set-based, from each one's latest questionnaire, with the home's
-- locality and the newest poverty lines, and keep it in pobreza_medicion with the
-- questionnaire, its version and the lines used, and each deprivation's reason for every
-- member in pobreza_hogar; the citizen's own classification is that of the first member of the
-- household (the applicant). A citizen whose questionnaires are gone loses the measure.
-- Returns how many households were measured.
-- SECURITY DEFINER because no staff role writes pobreza_medicion or pobreza_hogar; no staff role may call it:
-- only the triggers below do, on a row the caller could already write under its scope
-- (cuestionario, domicilio), the change of the lines, sipros_pobreza_recalcular (state-wide
-- administrators) and the owner (the demo).
-- ---------------------------------------------------------------------------
-- Planned for each call's citizens (plan_cache_mode): a session's sixth call otherwise takes
-- the generic plan, where «p_ciudadanos IS NULL OR … = ANY (p_ciudadanos)» reads every
-- questionnaire and measure and looks each one up in the array (a batch of 25,000 households
-- of sipros_pobreza_recalcular: 5.7 s, then 96 s from the sixth on).
CREATE OR REPLACE FUNCTION sipros_pobreza_medir_de(p_ciudadanos bigint[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    lineas linea_pobreza;
    n integer;
BEGIN
    SELECT * INTO lineas FROM linea_pobreza ORDER BY mes DESC LIMIT 1;
    DELETE FROM pobreza_medicion p
    WHERE (p_ciudadanos IS NULL OR p.ciudadano_id = ANY (p_ciudadanos))
      AND NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = p.ciudadano_id);
    -- (each household measured once, kept for both tables; a row of pobreza_hogar is checked
    -- against its measure at the end of the statement)
    WITH u AS MATERIALIZED (
        SELECT DISTINCT ON (q.ciudadano_id) q.id, q.ciudadano_id, q.formulario_id, q.respuestas,
               coalesce(q.fecha, (q.creado AT TIME ZONE 'America/Mexico_City')::date) AS fecha,
               d.municipio_id, l.ambito,
               -- the whole state: households with the same answers, date and ámbito are
               -- measured once (the demo's million share 8,640 answer sets: 263 → ~80 s); a
               -- list of citizens (the triggers, a batch of sipros_pobreza_recalcular) keys
               -- each questionnaire apart — an md5 of each answer set would cost more there
               CASE WHEN p_ciudadanos IS NULL THEN md5(q.respuestas::text)
                    ELSE q.id::text END AS igual
        FROM cuestionario q
        LEFT JOIN domicilio d ON d.ciudadano_id = q.ciudadano_id
        LEFT JOIN localidad l ON l.id = d.localidad_id
        WHERE p_ciudadanos IS NULL OR q.ciudadano_id = ANY (p_ciudadanos)
        ORDER BY q.ciudadano_id, q.creado DESC, q.id DESC
    ), medida_de AS MATERIALIZED (
        SELECT e.igual, e.fecha, e.ambito, h.h, i.lpei, i.lpi, c.v, k.cuantas, k.sin_datos
        FROM (SELECT DISTINCT ON (u.igual, u.fecha, u.ambito) u.igual, u.fecha, u.ambito,
                     u.respuestas
              FROM u) e
        -- (OFFSET 0: measured once per household, not once per use of its result)
        CROSS JOIN LATERAL (SELECT sipros_hogar_medir(e.respuestas, e.fecha, e.ambito, lineas) AS h
                            OFFSET 0) h
        -- the applicant's six deprivations: the first member's own three, the household's three
        CROSS JOIN LATERAL (SELECT ARRAY[
            (h.h -> 'integrantes' -> 0 -> 'rezago_educativo' ->> 'carencia')::boolean,
            (h.h -> 'integrantes' -> 0 -> 'salud' ->> 'carencia')::boolean,
            (h.h -> 'integrantes' -> 0 -> 'seguridad_social' ->> 'carencia')::boolean,
            (h.h -> 'vivienda' ->> 'carencia')::boolean,
            (h.h -> 'servicios' ->> 'carencia')::boolean,
            (h.h -> 'alimentacion' ->> 'carencia')::boolean] AS v OFFSET 0) c
        CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE x)::integer AS cuantas,
                                   count(*) FILTER (WHERE x IS NULL)::integer AS sin_datos
                            FROM unnest(c.v) x) k
        CROSS JOIN LATERAL (SELECT
            sipros_pobreza_bajo_linea((h.h ->> 'ingreso_pc_min')::numeric,
                                      (h.h ->> 'ingreso_pc_max')::numeric, e.ambito,
                                      lineas.extrema_urbana, lineas.extrema_rural) AS lpei,
            sipros_pobreza_bajo_linea((h.h ->> 'ingreso_pc_min')::numeric,
                                      (h.h ->> 'ingreso_pc_max')::numeric, e.ambito,
                                      lineas.pobreza_urbana, lineas.pobreza_rural) AS lpi
            OFFSET 0) i
    ), m AS MATERIALIZED (
        SELECT u.ciudadano_id, u.id, u.formulario_id, u.municipio_id, u.ambito, y.h, y.lpei,
               y.lpi, y.v, y.cuantas, y.sin_datos
        FROM u JOIN medida_de y ON y.igual = u.igual AND y.fecha = u.fecha
                               AND y.ambito IS NOT DISTINCT FROM u.ambito
    ), medida AS (
        INSERT INTO pobreza_medicion AS p (
            ciudadano_id, cuestionario_id, formulario_id, linea_id, municipio_id, ambito,
            integrantes, ingreso_hogar, ingreso_pc_min, ingreso_pc_max, bajo_lpei, bajo_lpi,
            rezago_educativo, salud, seguridad_social, vivienda, servicios, alimentacion,
            carencias, carencias_sin_datos, clasificacion, pam_depende, calculado)
        SELECT m.ciudadano_id, m.id, m.formulario_id, lineas.id, m.municipio_id, m.ambito,
               coalesce((m.h ->> 'personas')::integer, 0), (m.h ->> 'ingreso_hogar')::numeric,
               (m.h ->> 'ingreso_pc_min')::numeric, (m.h ->> 'ingreso_pc_max')::numeric,
               m.lpei, m.lpi, m.v[1], m.v[2], m.v[3], m.v[4], m.v[5], m.v[6], m.cuantas,
               m.sin_datos, sipros_pobreza_clasificar(m.lpei, m.lpi, m.cuantas, m.sin_datos),
               (m.h ->> 'pam_depende')::boolean, now()
        FROM m
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
            clasificacion = EXCLUDED.clasificacion, pam_depende = EXCLUDED.pam_depende,
            calculado = EXCLUDED.calculado
    )
    INSERT INTO pobreza_hogar AS x (ciudadano_id, hogar)
    SELECT m.ciudadano_id, m.h FROM m
    ON CONFLICT (ciudadano_id) DO UPDATE SET hogar = EXCLUDED.hogar;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_medir_de(bigint[]) FROM PUBLIC;
