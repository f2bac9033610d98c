CREATE OR REPLACE FUNCTION sipros_carga_error(p_columna text, p_valor text, p_mensaje text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT jsonb_build_object('columna', p_columna, 'valor', coalesce(left(p_valor, 200), ''),
                              'mensaje', p_mensaje)
$$;
