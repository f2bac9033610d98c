CREATE OR REPLACE FUNCTION sipros_codigo_hash(p text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT sha256(convert_to(sipros_codigo_normalizado(p), 'UTF8'))
$$;
