-- ---------------------------------------------------------------------------
-- Carencia por acceso a los servicios de salud of one person (CONEVAL): the person is not
-- affiliated to, nor has the right to, medical services of any institution — IMSS, ISSSTE
-- (federal or state), Pemex, Defensa or Marina, IMSS-Bienestar (before INSABI or Seguro
-- Popular), private insurance or another — whatever the reason (own work, a relative, own
-- contract). ``p_afiliacion``: the CUIS answer (several choices, «Ninguna» among them).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_salud(
    p_afiliacion text[], OUT carencia boolean, OUT motivo text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN cardinality(x.inst) > 0 THEN false
                WHEN 'Ninguna' = ANY (p_afiliacion) THEN true END,
           CASE WHEN cardinality(x.inst) > 0
                THEN 'Tiene derecho a servicios médicos: ' || array_to_string(x.inst, ', ') || '.'
                WHEN 'Ninguna' = ANY (p_afiliacion)
                THEN 'No está afiliada(o) ni tiene derecho a servicios médicos de ninguna '
                     'institución.'
                ELSE 'Sin datos suficientes: falta a qué servicios médicos tiene derecho.' END
    FROM (SELECT ARRAY(SELECT a FROM unnest(p_afiliacion) a WHERE a <> 'Ninguna') AS inst) x
$$;
