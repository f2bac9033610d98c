CREATE OR REPLACE FUNCTION sipros_carga_fila_propia() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM nuevos n
               WHERE NOT EXISTS (SELECT 1 FROM carga_masiva c
                                 WHERE c.id = n.carga_masiva_id AND c.estado = 'Validando'
                                   AND c.usuario = session_user)) THEN
        RAISE EXCEPTION 'Las filas de una carga van solo a una carga propia que se está validando.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_fila_propia() FROM PUBLIC;
