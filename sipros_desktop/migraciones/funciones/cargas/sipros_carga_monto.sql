-- An amount: 1500, 1500.50, $1,500.00, 1 500, MXN 1500. NULL when it is not a number.
CREATE OR REPLACE FUNCTION sipros_carga_monto(t text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN x ~ '^-?\d+(\.\d+)?$' THEN x::numeric
                WHEN x ~ '^-?\d{1,3}(,\d{3})+(\.\d+)?$' THEN replace(x, ',', '')::numeric END
    FROM (SELECT regexp_replace(upper(coalesce(t, '')), '[\s$]|MXN|M\.N\.|PESOS', '', 'g') AS x) v
$$;
