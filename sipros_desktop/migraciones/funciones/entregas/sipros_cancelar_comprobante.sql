CREATE OR REPLACE FUNCTION sipros_cancelar_comprobante(p_comprobante bigint, p_motivo text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    k record;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo administradores y personal de entregas cancelan comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF length(btrim(coalesce(p_motivo, ''))) < 5 THEN
        RAISE EXCEPTION 'Escriba el motivo de la cancelación (extravío, datos erróneos…).'
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT c.id, c.estado, s.folio INTO k FROM comprobante c JOIN solicitud s ON s.id = c.solicitud_id
    WHERE c.id = p_comprobante
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
    FOR UPDATE OF c;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El comprobante % no existe o no está en su alcance.', p_comprobante
            USING ERRCODE = 'no_data_found';
    END IF;
    IF k.estado <> 'Vigente' THEN
        RAISE EXCEPTION 'El comprobante de la solicitud % ya está «%»: no se cancela.',
            k.folio, k.estado USING ERRCODE = 'check_violation';
    END IF;
    UPDATE comprobante SET estado = 'Cancelado', cancelado = now(), cancelado_por = session_user,
        motivo_cancelacion = left(btrim(p_motivo), 300)
    WHERE id = p_comprobante;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_cancelar_comprobante(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_cancelar_comprobante(bigint, text) TO sipros_administrador, sipros_entrega;
