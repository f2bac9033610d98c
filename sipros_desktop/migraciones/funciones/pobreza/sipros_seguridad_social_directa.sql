-- ---------------------------------------------------------------------------
-- Direct access to social security of one person (ss_dir of CONEVAL's program): retired or
-- pensioned; or, aged 16 or more, an employee (subordinado) with medical services as a work
-- benefit; or self-employed (or an employer) with medical services (by work or own contract)
-- and retirement savings (SAR / Afore). Everyone else: no direct access (also a child under 16
-- whose work was not asked: only a pension would give it). Three-valued: NULL when an answer
-- that would decide is missing.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_seguridad_social_directa(
    p_edad integer, p_trabajo text, p_servicio_medico_trabajo boolean, p_afore boolean,
    p_servicio_medico_otro boolean)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN p_trabajo = 'Jubilada(o) o pensionada(o)' THEN true
        WHEN p_edad < 16 THEN false
        WHEN p_trabajo IS NULL THEN NULL
        WHEN p_trabajo = 'Trabaja para un patrón, empresa o gobierno'
            THEN p_servicio_medico_trabajo
        WHEN p_trabajo = 'Trabaja por su cuenta o es patrón'
            THEN (p_servicio_medico_trabajo OR p_servicio_medico_otro) AND p_afore
        ELSE false END
$$;
