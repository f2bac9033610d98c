-- ---------------------------------------------------------------------------
-- Issue: as in 0010, and a new code already in use is refused without saying whose it is.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_emitir_comprobantes(p_evento integer, p_solicitudes bigint[],
                                                      p_hashes bytea[])
    RETURNS TABLE (comprobante_id bigint, solicitud_id bigint)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
    problema text;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo administradores y personal de entregas emiten comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    IF coalesce(cardinality(p_solicitudes), 0) = 0
       OR cardinality(p_solicitudes) <> coalesce(cardinality(p_hashes), 0) THEN
        RAISE EXCEPTION 'Cada solicitud necesita exactamente un código.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_hashes) h WHERE h IS NULL OR octet_length(h) <> 32)
       OR (SELECT count(DISTINCT h) FROM unnest(p_hashes) h) <> cardinality(p_hashes)
       OR (SELECT count(DISTINCT q) FROM unnest(p_solicitudes) q) <> cardinality(p_solicitudes)
    THEN
        RAISE EXCEPTION 'Códigos o solicitudes repetidos, o códigos que no son SHA-256.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(x.motivo, '; ' ORDER BY x.motivo) INTO problema FROM (
        SELECT coalesce(s.folio, 'solicitud ' || q.id) || ': ' || CASE
                   WHEN s.id IS NULL THEN 'no existe o no está en su alcance'
                   WHEN a.evento_id IS DISTINCT FROM e.id THEN 'no está asignada a este evento'
                   WHEN s.estado <> 'Aprobada' THEN 'está en «' || s.estado || '»'
                   ELSE 'ya tiene comprobante vigente' END AS motivo
        FROM unnest(p_solicitudes) AS q(id)
        LEFT JOIN solicitud s ON s.id = q.id
            AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
        LEFT JOIN evento_solicitud a ON a.solicitud_id = s.id
        WHERE s.id IS NULL OR a.evento_id IS DISTINCT FROM e.id OR s.estado <> 'Aprobada'
           OR EXISTS (SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id
                      AND k.estado <> 'Cancelado')
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se emitió ningún comprobante: %.', problema
            USING ERRCODE = 'check_violation';
    END IF;
    -- 130 random bits never repeat by chance: a code in use was chosen on purpose. The
    -- message is the same whoever's voucher it is (the unique index would name its hash).
    IF EXISTS (SELECT 1 FROM comprobante k WHERE k.codigo_hash = ANY (p_hashes)) THEN
        RAISE EXCEPTION 'Alguno de los códigos nuevos ya está en uso: no se emitió ningún '
            'comprobante. Vuelva a emitir (se generan otros).'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO comprobante AS k (solicitud_id, evento_id, codigo_hash)
    SELECT q.id, e.id, q.h FROM unnest(p_solicitudes, p_hashes) AS q(id, h)
    RETURNING k.id, k.solicitud_id;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_emitir_comprobantes(integer, bigint[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_emitir_comprobantes(integer, bigint[], bytea[]) TO sipros_administrador, sipros_entrega;
