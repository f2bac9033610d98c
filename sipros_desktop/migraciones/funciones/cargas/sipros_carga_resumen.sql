-- What applying would do: rows, valid rows, rows with problems, citizens to open, benefits to
-- write, rows held for the duplicate review, and the total amount.
CREATE OR REPLACE FUNCTION sipros_carga_resumen(p_carga integer)
    RETURNS TABLE (filas integer, validas integer, con_errores integer, ciudadanos_nuevos integer,
                   vinculadas integer, beneficios integer, a_revision integer, monto numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_carga_propia(p_carga);
    RETURN QUERY
    SELECT count(*)::integer,
           count(*) FILTER (WHERE cv.errores = '[]')::integer,
           count(*) FILTER (WHERE cv.errores <> '[]')::integer,
           count(DISTINCT cv.curp) FILTER (WHERE cv.errores = '[]' AND cv.ciudadano_id IS NULL
                                            AND cv.candidato_id IS NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.ciudadano_id IS NOT NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NULL)::integer,
           count(*) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NOT NULL)::integer,
           coalesce(sum(cv.monto) FILTER (WHERE cv.errores = '[]' AND cv.candidato_id IS NULL), 0)
    FROM carga_valor cv WHERE cv.carga_masiva_id = p_carga;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_resumen(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_resumen(integer) TO sipros_administrador;
