CREATE OR REPLACE FUNCTION sipros_kit_evento(p_evento integer)
    RETURNS TABLE (codigo_hash bytea, estado text, comprobante_id bigint, folio text,
                   nombre text, curp text, programa text, tipo_apoyo text, monto numeric,
                   entregado timestamptz, entregado_por text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    e evento_entrega;
    n integer;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo el personal de entregas descarga el paquete de un evento.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    RETURN QUERY
    SELECT k.codigo_hash,
           CASE WHEN k.estado = 'Vigente' AND (k.emitido_por = session_user
                                               OR session_user = ANY (k.reimpreso_por))
                THEN 'Separación de funciones' ELSE k.estado END,
           k.id, s.folio::text,
           c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, ''),
           sipros_curp_enmascarada(c.curp), p.nombre, t.nombre, t.monto,
           k.entregado, k.entregado_por
    FROM comprobante k
    JOIN solicitud s ON s.id = k.solicitud_id
    JOIN ciudadano c ON c.id = s.ciudadano_id
    JOIN convocatoria cv ON cv.id = s.convocatoria_id
    JOIN programa p ON p.id = cv.programa_id
    JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE k.evento_id = e.id AND k.estado <> 'Cancelado';
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'evento_entrega', 'CONSULTA', e.id::text,
            jsonb_build_object('motivo', 'Paquete para entregar sin conexión', 'comprobantes', n));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_kit_evento(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_kit_evento(integer) TO sipros_administrador, sipros_entrega;
