-- ---------------------------------------------------------------------------
-- The Spanish words of a classification or a deprivation key of the measure, as a sentence
-- of the database says them («pobreza extrema», «acceso a la alimentación nutritiva y de
-- calidad»); the key itself when it is none of them.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_etiqueta(p_clave text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE p_clave
        WHEN 'pobreza_extrema' THEN 'pobreza extrema'
        WHEN 'pobreza_moderada' THEN 'pobreza moderada'
        WHEN 'vulnerable_carencias' THEN 'vulnerable por carencias sociales'
        WHEN 'vulnerable_ingresos' THEN 'vulnerable por ingresos'
        WHEN 'no_pobre_no_vulnerable' THEN 'no pobre y no vulnerable'
        WHEN 'sin_datos' THEN 'sin datos suficientes'
        WHEN 'rezago_educativo' THEN 'rezago educativo'
        WHEN 'salud' THEN 'acceso a los servicios de salud'
        WHEN 'seguridad_social' THEN 'acceso a la seguridad social'
        WHEN 'vivienda' THEN 'calidad y espacios de la vivienda'
        WHEN 'servicios' THEN 'servicios básicos en la vivienda'
        WHEN 'alimentacion' THEN 'acceso a la alimentación nutritiva y de calidad'
        ELSE p_clave END
$$;
