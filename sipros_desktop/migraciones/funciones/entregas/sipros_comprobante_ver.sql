-- ---------------------------------------------------------------------------
-- What a scanned code is: as in 0010, plus «Separación de funciones» when the caller issued or
-- re-keyed the voucher (the desk says so before anyone hands anything over).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_comprobante_ver(p_codigo text, p_evento integer DEFAULT NULL)
    RETURNS TABLE (estado_lectura text, motivo text, comprobante_id bigint, folio text,
                   nombre text, curp text, programa text, tipo_apoyo text, monto numeric,
                   evento text, evento_fecha date, entregado timestamptz, entregado_por text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    r record;
BEGIN
    IF NOT (sipros_puede_emitir()) THEN
        RAISE EXCEPTION 'Solo el personal de entregas verifica comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT k.id, k.estado, k.evento_id, k.entregado, k.entregado_por, k.cancelado,
           k.motivo_cancelacion, s.folio::text AS folio, s.convocatoria_id,
           (k.emitido_por = session_user OR session_user = ANY (k.reimpreso_por)) AS propio,
           c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, '') AS nom,
           sipros_curp_enmascarada(c.curp) AS curp_m,
           p.nombre AS prog, t.nombre AS tipo, t.monto, ev.nombre AS ev_nombre, ev.fecha,
           m.nombre AS ev_municipio
    INTO r
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN ciudadano c ON c.id = s.ciudadano_id
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    LEFT JOIN evento_entrega ev ON ev.id = k.evento_id
    LEFT JOIN municipio m ON m.id = ev.municipio_id
    WHERE k.codigo_hash = sipros_codigo_hash(p_codigo)
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance));
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'Desconocido'::text,
            'El código no corresponde a ningún comprobante vigente de sus programas. Revise que '
            'sea un comprobante de SIPROS y, si lo escribió, que esté completo.'::text,
            NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
            NULL::numeric, NULL::text, NULL::date, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT
        CASE WHEN r.estado = 'Entregado' THEN 'Entregado'
             WHEN r.estado = 'Cancelado' THEN 'Cancelado'
             WHEN p_evento IS NOT NULL AND r.evento_id IS DISTINCT FROM p_evento THEN 'Otro evento'
             WHEN r.propio THEN 'Separación de funciones'
             ELSE 'Por entregar' END,
        CASE WHEN r.estado = 'Entregado' THEN
                 format('Ya se entregó el %s por %s%s.',
                        to_char(r.entregado AT TIME ZONE 'America/Mexico_City',
                                'DD/MM/YYYY "a las" HH24:MI'),
                        r.entregado_por, coalesce(' en «' || r.ev_nombre || '»', ''))
             WHEN r.estado = 'Cancelado' THEN
                 format('Comprobante cancelado el %s: %s. No se entrega.',
                        to_char(r.cancelado AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY'),
                        r.motivo_cancelacion)
             WHEN p_evento IS NOT NULL AND r.evento_id IS DISTINCT FROM p_evento THEN
                 format('Es de otro evento: «%s» del %s en %s.', r.ev_nombre,
                        to_char(r.fecha, 'DD/MM/YYYY'), r.ev_municipio)
             WHEN r.propio THEN
                 'Usted emitió o reimprimió este comprobante: lo entrega otra persona del '
                 'personal de entregas (separación de funciones).'
             ELSE NULL END,
        r.id, r.folio, r.nom, r.curp_m, r.prog, r.tipo, r.monto, r.ev_nombre, r.fecha,
        r.entregado, r.entregado_por;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_comprobante_ver(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_comprobante_ver(text, integer) TO sipros_administrador, sipros_entrega;
