-- 0017: Consulta by folio or CURP, and what each application carries.
--
-- The acuse tells the citizen «Con el folio puede consultar el estado de su solicitud»: the
-- desk now finds the citizen by an application's folio too. A folio look-up is one look-up:
-- written to the bitácora (with the folio), counted against the staff member's limit, refused
-- past it, and — found or not — it reveals no more than whether the folio exists. The answer
-- (sipros_consulta) also says what each application carries (support type, amount, documents by
-- name, never their contents) and the calls open today with their rules, so that the desk says
-- for which the citizen is eligible and why not, with the front desk's own rules.

-- ---------------------------------------------------------------------------
-- One look-up, under key p_clave (the CURP typed, or the citizen's CURP found by a folio):
-- the body of 0015's sipros_consulta_anotar, with extra fields for the bitácora row
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_consulta_anotar_clave(p_clave text, p_vigente text, p_extra jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    buscada text := p_clave;
    lim record;
    momento timestamptz;
    hechas integer;
    libre timestamptz;
    espera integer;
    cuanto text;
    mensaje text;
    vigente text := p_vigente;
BEGIN
    -- one look-up at a time per person: a second session waits here for the first to commit
    INSERT INTO consulta_cuota AS q (usuario, ultima) VALUES (session_user, clock_timestamp())
    ON CONFLICT (usuario) DO UPDATE SET ultima = excluded.ultima;
    SELECT * INTO lim FROM sipros_consulta_limite();
    -- the clock, not the transaction's start: an old open transaction gains nothing
    momento := clock_timestamp();
    SELECT count(*) INTO hechas FROM bitacora b
    WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
      AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
      AND b.fecha > momento - make_interval(mins => lim.minutos);
    IF hechas >= lim.limite THEN
        -- free again when the limit-th newest look-up leaves the window
        SELECT b.fecha INTO libre FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
          AND b.fecha > momento - make_interval(mins => lim.minutos)
        ORDER BY b.fecha DESC OFFSET lim.limite - 1 LIMIT 1;
        libre := libre + make_interval(mins => lim.minutos);
        espera := greatest(1, ceil(extract(epoch FROM libre - momento))::integer);
        cuanto := CASE WHEN espera < 60 THEN espera || ' s'
                       WHEN espera % 60 = 0 THEN espera / 60 || ' min'
                       ELSE espera / 60 || ' min ' || espera % 60 || ' s' END;
        mensaje := format('Su usuario llegó al límite de Consulta ciudadana: %s consultas (por '
                          'CURP o por folio) cada %s minutos. Podrá consultar de nuevo en %s '
                          '(a las %s).',
                          lim.limite, lim.minutos, cuanto,
                          to_char(date_trunc('minute', libre + interval '59.999 seconds')
                                  AT TIME ZONE 'America/Mexico_City', 'HH24:MI'));
        INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
        VALUES (momento, session_user, 'consulta_limite', 'CONSULTA', buscada,
                jsonb_build_object('modulo', 'consulta', 'rechazo', mensaje,
                                   'consultas', hechas, 'limite', lim.limite,
                                   'minutos', lim.minutos, 'espera_segundos', espera,
                                   'transaccion', pg_current_xact_id()::text));
        RETURN jsonb_build_object('rechazo', mensaje, 'espera_segundos', espera);
    END IF;
    INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
    VALUES (momento, session_user, 'ciudadano', 'CONSULTA', buscada,
            jsonb_build_object('modulo', 'consulta', 'encontrado', vigente IS NOT NULL,
                               'curp', vigente,
                               'transaccion', pg_current_xact_id()::text) || p_extra);
    RETURN jsonb_build_object('restantes', lim.limite - hechas - 1, 'limite', lim.limite,
                              'minutos', lim.minutos);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar_clave(text, text, jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION sipros_consulta_anotar(p_curp text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscada text := left(upper(btrim(coalesce(p_curp, ''))), 18);
    vigente text;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por CURP');
    SELECT c.curp INTO vigente FROM ciudadano c WHERE c.curp = sipros_curp_vigente(buscada);
    RETURN sipros_consulta_anotar_clave(buscada, vigente, '{}'::jsonb);
END
$$;

-- A look-up by folio: the bitácora row's key is the citizen's CURP (so that the answer,
-- sipros_consulta, and the desk's actions follow as after a CURP look-up) and it names the
-- folio; an unknown folio is a look-up too (key: the folio), so folios cannot be tried for
-- free. Returns what sipros_consulta_anotar returns, plus the CURP found (or null).
CREATE FUNCTION sipros_consulta_anotar_folio(p_folio text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    buscado text := left(upper(regexp_replace(coalesce(p_folio, ''), '\s', '', 'g')), 40);
    vigente text;
    r jsonb;
BEGIN
    PERFORM sipros_solo_consulta('consulta ciudadanos por folio');
    SELECT c.curp INTO vigente FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id
    WHERE s.folio = buscado;
    r := sipros_consulta_anotar_clave(coalesce(vigente, buscado), vigente,
                                      jsonb_build_object('folio', buscado));
    IF r ? 'rechazo' THEN
        RETURN r;
    END IF;
    RETURN r || jsonb_build_object('curp', vigente);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_consulta_anotar_folio(text) TO sipros_consulta;

-- ---------------------------------------------------------------------------
-- The calls open today (business date), with what eligibility needs: rules, cupo and how much
-- of it is taken, support types, documents required. Internal: sipros_consulta includes it.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_convocatorias_abiertas() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', cv.id, 'clave', cv.clave, 'nombre', cv.nombre, 'programa', p.nombre,
        'programa_clave', p.clave, 'proceso', cv.proceso, 'fecha_cierre', cv.fecha_cierre,
        'reglas', coalesce(cv.reglas, '{}'::jsonb), 'cupo', cv.cupo,
        'otorgadas', CASE WHEN cv.cupo IS NOT NULL THEN (
            SELECT count(*) FROM solicitud s
            WHERE s.convocatoria_id = cv.id AND s.estado IN ('Aprobada', 'Entregado')) END,
        'documentos_requeridos', coalesce(cv.documentos_requeridos, '[]'::jsonb),
        'formulario_id', cv.formulario_id,
        'tipos', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'id', t.id, 'nombre', t.nombre, 'monto', t.monto,
                      'modalidad', t.modalidad) ORDER BY t.nombre), '[]'::jsonb)
                  FROM tipo_apoyo t WHERE t.programa_id = p.id))
        ORDER BY p.nombre, cv.proceso), '[]'::jsonb)
    FROM convocatoria cv JOIN programa p ON p.id = cv.programa_id
    WHERE cv.abierta AND p.activo
      AND cv.fecha_apertura <= sipros_hoy() AND cv.fecha_cierre >= sipros_hoy()
$$;
REVOKE EXECUTE ON FUNCTION sipros_convocatorias_abiertas() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The answer of a look-up (0016_consulta.sql's), now with what each application carries and
-- the calls open today
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
