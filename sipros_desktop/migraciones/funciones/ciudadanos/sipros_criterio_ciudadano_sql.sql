-- The search condition of the Ciudadanos box, as SQL text over alias c: $1 is the value
CREATE OR REPLACE FUNCTION sipros_criterio_ciudadano_sql(p_tipo text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE p_tipo
        WHEN 'todos' THEN 'true'
        WHEN 'curp' THEN 'c.curp = $1'
        -- a range, so the CURP index serves it (the prefix holds only [A-Z0-9] < '~')
        WHEN 'prefijo_curp' THEN 'c.curp >= $1 AND c.curp < $1 || ''~'''
        WHEN 'nombre' THEN 'c.nombre_busqueda @@ to_tsquery(''simple''::regconfig, $1)'
    END
$$;

REVOKE EXECUTE ON FUNCTION sipros_criterio_ciudadano_sql(text) FROM PUBLIC;
