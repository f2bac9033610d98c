-- ---------------------------------------------------------------------------
-- Reprint: a new code for each voucher still to be delivered. A voucher outside the caller's
-- scope reads like one that does not exist (0010 named its folio and state); who re-keyed it
-- is kept on the voucher.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_reimprimir_comprobantes(p_comprobantes bigint[],
                                                          p_hashes bytea[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    problema text;
    n integer;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo administradores y personal de entregas reimprimen comprobantes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(cardinality(p_comprobantes), 0) = 0
       OR cardinality(p_comprobantes) <> coalesce(cardinality(p_hashes), 0)
       OR EXISTS (SELECT 1 FROM unnest(p_hashes) h WHERE h IS NULL OR octet_length(h) <> 32)
       OR (SELECT count(DISTINCT h) FROM unnest(p_hashes) h) <> cardinality(p_hashes)
       OR (SELECT count(DISTINCT q) FROM unnest(p_comprobantes) q) <> cardinality(p_comprobantes)
    THEN
        RAISE EXCEPTION 'Cada comprobante necesita exactamente un código nuevo.'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(x.motivo, '; ' ORDER BY x.n) INTO problema FROM (
        SELECT q.n, CASE WHEN v.id IS NULL
                         THEN 'comprobante ' || q.id || ': no existe o no está en su alcance'
                         ELSE v.folio || ': está «' || v.estado || '»' END AS motivo
        FROM unnest(p_comprobantes) WITH ORDINALITY AS q(id, n)
        LEFT JOIN (SELECT k.id, k.estado, s.folio
                   FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id
                   WHERE alcance IS NULL OR s.convocatoria_id = ANY (alcance)) v ON v.id = q.id
        WHERE v.id IS NULL OR v.estado <> 'Vigente'
        ORDER BY q.n
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se reimprimió ningún comprobante: %.', problema
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM comprobante k WHERE k.codigo_hash = ANY (p_hashes)) THEN
        RAISE EXCEPTION 'Alguno de los códigos nuevos ya está en uso: no se reimprimió ningún '
            'comprobante. Vuelva a reimprimir (se generan otros).'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE comprobante k SET codigo_hash = q.h, impresiones = k.impresiones + 1,
        reimpreso = now(), reimpreso_por = k.reimpreso_por || session_user::text
    FROM unnest(p_comprobantes, p_hashes) AS q(id, h) WHERE k.id = q.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_reimprimir_comprobantes(bigint[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_reimprimir_comprobantes(bigint[], bytea[]) TO sipros_administrador, sipros_entrega;
