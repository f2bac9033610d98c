CREATE OR REPLACE FUNCTION sipros_bitacora_importacion(p_tabla text, p_archivo text,
                                                       p_sha256 text, p_filas integer)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Solo un administrador estatal importa catálogos del estado.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_tabla NOT IN ('registro_civil', 'municipio', 'localidad', 'colonia', 'municipio_limite')
    THEN
        RAISE EXCEPTION 'Tabla de importación desconocida: «%».', p_tabla
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, p_tabla, 'INSERT', 'importación',
            jsonb_build_object('archivo', left(p_archivo, 255), 'sha256', left(p_sha256, 64),
                               'filas', p_filas));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_importacion(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_bitacora_importacion(text, text, text, integer) TO sipros_administrador;
