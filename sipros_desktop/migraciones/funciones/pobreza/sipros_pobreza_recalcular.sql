-- ---------------------------------------------------------------------------
-- Every household measured again from its answers (after the method changed: a function of
-- migraciones/funciones/pobreza/). The whole state: only a state-wide administrator (or the
-- owner). Returns how many households were measured.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_recalcular() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'La medición de todo el estado la recalcula solo un administrador estatal.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    n := sipros_pobreza_medir_de(NULL);
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_recalcular() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_pobreza_recalcular() TO sipros_administrador;
