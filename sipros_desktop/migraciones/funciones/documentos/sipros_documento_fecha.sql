CREATE OR REPLACE FUNCTION sipros_documento_fecha(p_fecha_escaneo date, p_creado timestamptz)
    RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(p_fecha_escaneo, (p_creado AT TIME ZONE 'America/Mexico_City')::date)
$$;

REVOKE EXECUTE ON FUNCTION sipros_documento_fecha(date, timestamptz) FROM PUBLIC;
