-- ---------------------------------------------------------------------------
-- Carencia por acceso a la alimentación nutritiva y de calidad (Lineamientos 2018 of
-- CONEVAL; calculation program 2022): the household has moderate or severe food insecurity,
-- or a limited food consumption.
--   Food insecurity (Escala Mexicana de Seguridad Alimentaria, last three months, for lack of
--   money): ``p_adultos`` six yes/no answers (left without food; little variety; skipped a
--   meal; ate less than needed; hungry and did not eat; ate once a day or not for a whole
--   day), ``p_menores`` the six about the members under 18. Without minors: 0 secure, 1–2
--   mild, 3–4 moderate, 5–6 severe; with minors (twelve answers): 0, 1–3, 4–7, 8–12.
--   Limited consumption: days of the last seven on which the household ate each of twelve
--   groups (``p_dias``: cereals, tubers, vegetables, fruit, meat, eggs, fish, legumes, dairy,
--   oils, sugar, condiments), weighted as the World Food Programme does — 2 × max(cereals,
--   tubers) + vegetables + fruit + 4 × max(meat, eggs, fish) + 3 × legumes + 4 × dairy +
--   0.5 × oils + 0.5 × sugar; 28 or less is a poor diet, up to 42 borderline: limited.
-- Missing answers count only when they could change the result (then NULL).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_alimentacion(
    p_adultos boolean[], p_menores boolean[], p_hay_menores boolean, p_dias integer[],
    OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer := 0;
    si integer := 0;
    faltan integer := 0;
    r boolean;
    i integer;
    umbral integer;  -- first answer count of moderate insecurity
    inseguridad boolean;
    grado text;
    bajo numeric[] := '{}';
    alto numeric[] := '{}';
    d integer;
    puntaje_bajo numeric;
    puntaje_alto numeric;
    limitado boolean;
    texto text;
BEGIN
    -- (loops over the answers, no query: this runs once per household measured)
    FOR i IN 1 .. CASE WHEN p_hay_menores THEN 12 ELSE 6 END LOOP
        r := CASE WHEN i <= 6 THEN p_adultos[i] ELSE p_menores[i - 6] END;
        n := n + 1;
        IF r THEN
            si := si + 1;
        ELSIF r IS NULL THEN
            faltan := faltan + 1;
        END IF;
    END LOOP;
    umbral := CASE WHEN p_hay_menores THEN 4 ELSE 3 END;
    inseguridad := CASE WHEN p_hay_menores IS NULL THEN NULL
                        WHEN si >= umbral THEN true
                        WHEN si + faltan < umbral THEN false END;
    grado := CASE
        WHEN faltan > 0 OR p_hay_menores IS NULL THEN NULL
        WHEN si = 0 THEN 'seguridad alimentaria'
        WHEN si < umbral THEN 'inseguridad alimentaria leve'
        WHEN si < CASE WHEN p_hay_menores THEN 8 ELSE 5 END THEN 'inseguridad alimentaria moderada'
        ELSE 'inseguridad alimentaria severa' END;
    -- the consumption score, with each unknown count at its least (0) and its most (7) days
    FOR i IN 1 .. 12 LOOP
        d := p_dias[i];
        bajo := bajo || least(greatest(coalesce(d, 0), 0), 7)::numeric;
        alto := alto || least(greatest(coalesce(d, 7), 0), 7)::numeric;
    END LOOP;
    puntaje_bajo := 2 * greatest(bajo[1], bajo[2]) + bajo[3] + bajo[4]
        + 4 * greatest(bajo[5], bajo[6], bajo[7]) + 3 * bajo[8] + 4 * bajo[9]
        + 0.5 * bajo[10] + 0.5 * bajo[11];
    puntaje_alto := 2 * greatest(alto[1], alto[2]) + alto[3] + alto[4]
        + 4 * greatest(alto[5], alto[6], alto[7]) + 3 * alto[8] + 4 * alto[9]
        + 0.5 * alto[10] + 0.5 * alto[11];
    limitado := CASE WHEN puntaje_alto <= 42 THEN true WHEN puntaje_bajo > 42 THEN false END;
    carencia := inseguridad OR limitado;
    IF carencia THEN
        texto := concat_ws('; ',
            CASE WHEN inseguridad THEN format(
                '%s (%s de %s respuestas afirmativas en la escala de seguridad alimentaria)',
                coalesce(grado, 'inseguridad alimentaria moderada o severa'), si, n) END,
            CASE WHEN limitado THEN format(
                'consumo limitado de alimentos (puntaje %s%s de 112: %s)',
                CASE WHEN puntaje_bajo < puntaje_alto THEN 'a lo más ' ELSE '' END,
                trim_scale(puntaje_alto),
                CASE WHEN puntaje_alto <= 28 THEN 'dieta pobre, 28 o menos'
                     ELSE 'dieta limítrofe, de 28.5 a 42' END) END);
        motivo := upper(left(texto, 1)) || substr(texto, 2) || '.';
    ELSIF carencia IS NULL THEN
        motivo := 'Sin datos suficientes: ' || concat_ws(' y ',
            CASE WHEN inseguridad IS NULL
                 THEN 'faltan respuestas de la escala de seguridad alimentaria' END,
            CASE WHEN limitado IS NULL THEN 'faltan los días de consumo de alimentos' END) || '.';
    ELSE
        texto := coalesce(grado, 'sin inseguridad alimentaria moderada ni severa');
        motivo := format('%s (%s de %s respuestas afirmativas) y consumo de alimentos aceptable '
                         '(puntaje %s%s, más de 42).', upper(left(texto, 1)) || substr(texto, 2),
                         si, n, CASE WHEN puntaje_bajo < puntaje_alto THEN 'al menos ' ELSE ''
                                END, trim_scale(puntaje_bajo));
    END IF;
END
$$;
