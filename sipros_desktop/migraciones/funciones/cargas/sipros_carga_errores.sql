-- The problems found, one row each, in the order of the file
CREATE OR REPLACE FUNCTION sipros_carga_errores(p_carga integer)
    RETURNS TABLE (fila integer, columna text, valor text, mensaje text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_carga_propia(p_carga);
    RETURN QUERY
    SELECT cv.fila, e ->> 'columna', e ->> 'valor', e ->> 'mensaje'
    FROM carga_valor cv, jsonb_array_elements(cv.errores) e
    WHERE cv.carga_masiva_id = p_carga AND cv.errores <> '[]'
    ORDER BY cv.fila;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_errores(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_errores(integer) TO sipros_administrador;
