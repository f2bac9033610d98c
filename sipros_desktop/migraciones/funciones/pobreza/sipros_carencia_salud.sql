-- ---------------------------------------------------------------------------
-- Carencia por acceso a los servicios de salud of one person (CONEVAL): the person is not
-- affiliated to, nor has the right to, medical services of any institution — IMSS, ISSSTE
-- (federal or state), Pemex, Defensa or Marina, IMSS-Bienestar (before INSABI or Seguro
-- Popular), private insurance or another — whatever the reason (own work, a relative, own
-- contract). ``p_afiliacion``: the CUIS answer as stored (a JSON list of the choices,
-- «Ninguna» among them).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_salud(
    p_afiliacion jsonb, OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    i integer;
    instituciones text := '';
    ninguna boolean := false;
BEGIN
    IF jsonb_typeof(p_afiliacion) = 'array' THEN
        FOR i IN 0 .. jsonb_array_length(p_afiliacion) - 1 LOOP
            IF p_afiliacion ->> i = 'Ninguna' THEN
                ninguna := true;
            ELSIF jsonb_typeof(p_afiliacion -> i) = 'string' THEN
                instituciones := instituciones
                    || CASE WHEN instituciones = '' THEN '' ELSE ', ' END || (p_afiliacion ->> i);
            END IF;
        END LOOP;
    END IF;
    IF instituciones <> '' THEN
        carencia := false;
        motivo := 'Tiene derecho a servicios médicos: ' || instituciones || '.';
    ELSIF ninguna THEN
        carencia := true;
        motivo := 'No está afiliada(o) ni tiene derecho a servicios médicos de ninguna '
                  'institución.';
    ELSE
        motivo := 'Sin datos suficientes: falta a qué servicios médicos tiene derecho.';
    END IF;
END
$$;
