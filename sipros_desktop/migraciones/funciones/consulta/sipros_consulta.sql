-- ---------------------------------------------------------------------------
-- The answer of a look-up (0016_consulta.sql's), now with what each application carries, the
-- calls open today and what their rules look at (the household's poverty, since 0020)
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_consulta(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    anotacion bitacora;
    c ciudadano;
    r jsonb;
BEGIN
    PERFORM sipros_solo_consulta('usa esta consulta');
    anotacion := sipros_consulta_anotada(buscada, interval '2 minutes');
    IF anotacion.tabla = 'consulta_limite' THEN
        RAISE EXCEPTION '%', anotacion.despues ->> 'rechazo'
            USING ERRCODE = 'configuration_limit_exceeded';
    END IF;
    SELECT * INTO c FROM ciudadano WHERE curp = sipros_curp_vigente(buscada);
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
        'curp', c.curp, 'buscada', buscada, 'nombre', c.nombre,
        'apellido_paterno', c.apellido_paterno, 'apellido_materno', c.apellido_materno,
        'telefono', c.telefono, 'correo', c.correo, 'acepta_sms', c.acepta_sms,
        'municipio', (SELECT m.nombre FROM domicilio d JOIN municipio m ON m.id = d.municipio_id
                      WHERE d.ciudadano_id = c.id ORDER BY d.id DESC LIMIT 1),
        -- what the eligibility rules of a call look at (as the front desk's), and the calls
        -- open today with their rules: the application decides, with the front desk's code
        'fecha_nacimiento', c.fecha_nacimiento, 'sexo', c.sexo,
        'municipio_clave', (SELECT m.clave FROM domicilio d JOIN municipio m
                            ON m.id = d.municipio_id
                            WHERE d.ciudadano_id = c.id ORDER BY d.id DESC LIMIT 1),
        'hoy', sipros_hoy(),
        'convocatorias', sipros_convocatorias_abiertas(),
        -- the household's poverty, only as the calls' rules look at it (no reasons)
        'pobreza', (SELECT jsonb_build_object(
                        'clasificacion', p.clasificacion,
                        'carencias', jsonb_build_object(
                            'rezago_educativo', p.rezago_educativo, 'salud', p.salud,
                            'seguridad_social', p.seguridad_social, 'vivienda', p.vivienda,
                            'servicios', p.servicios, 'alimentacion', p.alimentacion))
                    FROM pobreza_medicion p WHERE p.ciudadano_id = c.id),
        'solicitudes', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'folio', s.folio, 'programa', p.nombre, 'dependencia', dp.nombre,
                'convocatoria', cv.nombre, 'tipo_apoyo', t.nombre, 'estado', s.estado,
                'fecha_solicitud', s.fecha_solicitud, 'convocatoria_id', s.convocatoria_id,
                'monto', t.monto,
                -- what it carries: the documents by name (never their contents)
                'documentos', (
                    SELECT jsonb_agg(jsonb_build_object('tipo', d.tipo, 'fecha', d.creado)
                                     ORDER BY d.id)
                    FROM documento d WHERE d.solicitud_id = s.id),
                'historial', (
                    SELECT jsonb_agg(jsonb_build_object('estado', h.estado, 'fecha', h.fecha,
                                                        'comentario', h.comentario)
                                     ORDER BY h.fecha, h.id)
                    FROM solicitud_historial h WHERE h.solicitud_id = s.id),
                'correccion', CASE WHEN s.estado = 'Corrección' THEN (
                    SELECT h.comentario FROM solicitud_historial h
                    WHERE h.solicitud_id = s.id AND h.estado = 'Corrección'
                    ORDER BY h.fecha DESC, h.id DESC LIMIT 1) END,
                'comprobante', (
                    SELECT jsonb_build_object('estado', k.estado, 'emitido', k.emitido,
                                              'entregado', k.entregado)
                    FROM comprobante k WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado'
                    ORDER BY k.id DESC LIMIT 1),
                'evento', (
                    SELECT jsonb_build_object('nombre', e.nombre, 'domicilio', e.domicilio,
                                              'municipio', m.nombre, 'fecha', e.fecha,
                                              'hora_inicio', to_char(e.hora_inicio, 'HH24:MI'),
                                              'hora_fin', to_char(e.hora_fin, 'HH24:MI'))
                    FROM evento_solicitud a JOIN evento_entrega e ON e.id = a.evento_id
                    JOIN municipio m ON m.id = e.municipio_id
                    WHERE a.solicitud_id = s.id AND s.estado = 'Aprobada'))
                ORDER BY s.fecha_solicitud DESC, s.id DESC)
            FROM solicitud s
            JOIN convocatoria cv ON cv.id = s.convocatoria_id
            JOIN programa p ON p.id = cv.programa_id
            JOIN area ar ON ar.id = p.area_id
            JOIN dependencia dp ON dp.id = ar.dependencia_id
            LEFT JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
            WHERE s.ciudadano_id = c.id), '[]'::jsonb),
        'beneficios', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                'programa', p.nombre, 'dependencia', dp.nombre, 'tipo_apoyo', t.nombre,
                'fecha_entrega', b.fecha_entrega, 'monto', b.monto, 'folio', s.folio,
                'origen', b.origen) ORDER BY b.fecha_entrega DESC, b.id DESC)
            FROM beneficio b
            JOIN programa p ON p.id = b.programa_id
            JOIN dependencia dp ON dp.id = b.dependencia_id
            LEFT JOIN tipo_apoyo t ON t.id = b.tipo_apoyo_id
            LEFT JOIN solicitud s ON s.id = b.solicitud_id
            WHERE b.ciudadano_id = c.id), '[]'::jsonb),
        'mensajes', coalesce((
            SELECT jsonb_agg(x ORDER BY (x ->> 'id')::bigint DESC) FROM (
                SELECT jsonb_build_object('id', m.id, 'evento', m.evento, 'texto', m.texto,
                                          'estado', m.estado, 'creado', m.creado,
                                          'enviado', m.enviado, 'telefono', m.telefono) AS x
                FROM mensaje m WHERE m.ciudadano_id = c.id ORDER BY m.id DESC LIMIT 20) y),
            '[]'::jsonb),
        -- what «Reenviar último SMS» would repeat (it may be older than the 20 above)
        'reenvio', (
            SELECT jsonb_build_object('id', m.id, 'evento', m.evento, 'texto', m.texto,
                                      'estado', m.estado, 'creado', m.creado,
                                      'enviado', m.enviado, 'telefono', m.telefono)
            FROM sipros_sms_para_repetir(c.id) m WHERE m.id IS NOT NULL),
        'contactos', coalesce((
            SELECT jsonb_agg(x ORDER BY (x ->> 'id')::bigint DESC) FROM (
                SELECT jsonb_build_object(
                    'id', k.id, 'fecha', k.fecha, 'usuario', k.usuario,
                    'identificacion', k.identificacion, 'referencia', k.referencia,
                    'telefono_antes', k.telefono_antes, 'telefono_despues', k.telefono_despues,
                    'acepta_sms_antes', k.acepta_sms_antes,
                    'acepta_sms_despues', k.acepta_sms_despues, 'correo', k.correo_cambio,
                    'aviso_estado', m.estado, 'aviso_telefono', m.telefono) AS x
                FROM contacto_cambio k LEFT JOIN mensaje m ON m.id = k.aviso_id
                WHERE k.ciudadano_id = c.id
                   OR k.curp IN (SELECT al.curp FROM ciudadano_alias al
                                 WHERE al.ciudadano_id = c.id)
                ORDER BY k.id DESC LIMIT 20) y),
            '[]'::jsonb))
    INTO r;
    RETURN r;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta(text) TO sipros_consulta;
