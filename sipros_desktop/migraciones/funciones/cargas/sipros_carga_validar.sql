CREATE OR REPLACE FUNCTION sipros_carga_validar(p_carga integer) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
BEGIN
    -- (checks that the load is the caller's and takes the programme's lock)
    PERFORM sipros_carga_validar_filas(p_carga);
    IF NOT EXISTS (SELECT 1 FROM carga_fila r
                   WHERE r.carga_masiva_id = p_carga AND btrim(r.colonia) <> '') THEN
        RETURN;
    END IF;
    WITH t AS (
        SELECT cv.fila, cv.municipio_id AS mun, cv.localidad_id AS loc, btrim(r.colonia) AS col_t,
               r.colonia AS t_col
        FROM carga_valor cv
        JOIN carga_fila r ON r.carga_masiva_id = cv.carga_masiva_id AND r.fila = cv.fila
        WHERE cv.carga_masiva_id = p_carga AND btrim(r.colonia) <> ''
          AND cv.municipio_id IS NOT NULL),
    distintas AS (SELECT DISTINCT mun, loc, col_t FROM t),
    resueltas AS (
        SELECT d.mun, d.loc, d.col_t, x.*
        FROM distintas d
        CROSS JOIN LATERAL (
            SELECT count(*) AS n,
                   count(*) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                    OR c.localidad_id = d.loc) AS n_loc,
                   min(c.id) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                     OR c.localidad_id = d.loc) AS id,
                   min(c.localidad_id) FILTER (WHERE d.loc IS NULL OR c.localidad_id IS NULL
                                               OR c.localidad_id = d.loc) AS localidad_id
            FROM colonia c
            WHERE c.municipio_id = d.mun
              AND (c.clave = d.col_t
                   OR translate(sipros_normaliza(c.nombre), 'Ñ', 'N')
                      = translate(sipros_normaliza(d.col_t), 'Ñ', 'N'))) x),
    valores AS (
        SELECT t.fila, t.t_col, r.n, r.n_loc, r.id, r.localidad_id
        FROM t JOIN resueltas r
          ON r.mun = t.mun AND r.loc IS NOT DISTINCT FROM t.loc AND r.col_t = t.col_t)
    UPDATE carga_valor cv SET
        colonia_id = CASE WHEN v.n_loc = 1 THEN v.id END,
        localidad_id = CASE WHEN v.n_loc = 1 THEN coalesce(cv.localidad_id, v.localidad_id)
                            ELSE cv.localidad_id END,
        errores = cv.errores || CASE
            WHEN v.n = 0 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                'Colonia desconocida en ese municipio: use su nombre o su clave del catálogo '
                'de SEPOMEX (Administración › Geografía).'))
            WHEN v.n_loc = 0 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                'Esa colonia no es de la localidad de la fila: revise la localidad o la colonia.'))
            WHEN v.n_loc > 1 THEN jsonb_build_array(sipros_carga_error('COLONIA', v.t_col,
                format('Hay %s colonias con ese nombre en el municipio: use la clave SEPOMEX '
                       'de la colonia o ponga la localidad.', v.n_loc)))
            ELSE '[]'::jsonb END
    FROM valores v
    WHERE cv.carga_masiva_id = p_carga AND cv.fila = v.fila;

    UPDATE carga_masiva SET filas_error = x.n, filas_validas = filas_total - x.n
    FROM (SELECT count(*) AS n FROM carga_valor
          WHERE carga_masiva_id = p_carga AND errores <> '[]') x
    WHERE id = p_carga;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_validar(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_validar(integer) TO sipros_administrador;
