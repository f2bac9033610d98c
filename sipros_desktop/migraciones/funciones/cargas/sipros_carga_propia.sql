-- ---------------------------------------------------------------------------
-- Validation: every row's values and problems into carga_valor. Returns nothing; read the
-- problems with sipros_carga_errores and the totals with sipros_carga_resumen.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carga_propia(p_carga integer) RETURNS carga_masiva
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k carga_masiva;
BEGIN
    SELECT * INTO k FROM carga_masiva WHERE id = p_carga;
    IF k.id IS NULL OR k.estado <> 'Validando'
       OR (k.usuario <> session_user AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'La carga % no es una carga suya en validación.', p_carga
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN k;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_propia(integer) FROM PUBLIC;
