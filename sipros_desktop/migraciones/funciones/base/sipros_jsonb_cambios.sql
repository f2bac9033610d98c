-- Only the keys whose value changed: (before, after)
CREATE OR REPLACE FUNCTION sipros_jsonb_cambios(a jsonb, b jsonb, OUT antes jsonb, OUT ahora jsonb)
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_object_agg(k, a -> k) FILTER (WHERE a ? k), '{}'),
           coalesce(jsonb_object_agg(k, b -> k) FILTER (WHERE b ? k), '{}')
    FROM (SELECT jsonb_object_keys(coalesce(a, '{}')) AS k
          UNION SELECT jsonb_object_keys(coalesce(b, '{}'))) ks
    WHERE (a -> k) IS DISTINCT FROM (b -> k)
$$;
