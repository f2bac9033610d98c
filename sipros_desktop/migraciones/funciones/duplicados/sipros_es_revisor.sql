-- ---------------------------------------------------------------------------
-- 5. Merges: only a pair of the review, by a state-wide administrator; recorded and undoable
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_es_revisor() RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal revisa y fusiona duplicados: es quien ve '
            'completos los dos expedientes.' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_es_revisor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_es_revisor() TO sipros_administrador;
