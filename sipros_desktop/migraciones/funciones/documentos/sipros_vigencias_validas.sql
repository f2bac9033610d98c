-- an object {required type: months 1..120}, only for types the call requires
CREATE OR REPLACE FUNCTION sipros_vigencias_validas(p_vigencia jsonb, p_requeridos jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_typeof(p_vigencia) = 'object'
       AND NOT EXISTS (
           SELECT 1 FROM jsonb_each(p_vigencia) AS v(tipo, meses)
           WHERE jsonb_typeof(v.meses) <> 'number'
              OR v.meses::text !~ '^[0-9]+$'
              OR (v.meses::text)::numeric NOT BETWEEN 1 AND 120
              OR NOT (jsonb_typeof(p_requeridos) = 'array' AND p_requeridos ? v.tipo))
$$;
