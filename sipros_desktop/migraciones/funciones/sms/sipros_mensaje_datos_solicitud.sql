-- What an application's messages say about it.
CREATE OR REPLACE FUNCTION sipros_mensaje_datos_solicitud(p_solicitud bigint) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_build_object('folio', s.folio, 'programa', p.nombre,
                              'tipo_apoyo', coalesce(t.nombre, ''))
    FROM solicitud s
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    LEFT JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE s.id = p_solicitud
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensaje_datos_solicitud(bigint) FROM PUBLIC;
