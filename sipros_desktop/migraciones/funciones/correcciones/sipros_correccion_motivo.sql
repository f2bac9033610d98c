-- The reason of this transaction's corrections (set_config('sipros.motivo', …, true))
CREATE OR REPLACE FUNCTION sipros_correccion_motivo() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT nullif(btrim(coalesce(current_setting('sipros.motivo', true), '')), '')
$$;
