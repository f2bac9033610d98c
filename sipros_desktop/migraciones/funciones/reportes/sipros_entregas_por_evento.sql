-- Deliveries per event for the report, counted once over the vouchers and assignments of the
-- events of the caller's calls (their scope, applied here: under row-level security each of
-- 0.7 M vouchers would be checked against its application one by one). Counts only. The calls
-- are asked once per query (a scalar subquery), not once per event.
CREATE OR REPLACE FUNCTION sipros_entregas_por_evento()
    RETURNS TABLE (evento_id integer, asignadas bigint, emitidos bigint, entregados bigint,
                   pendientes bigint, sin_comprobante bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    WITH visibles AS (
        SELECT e.id FROM evento_entrega e
        WHERE pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
           OR e.convocatoria_id = ANY ((SELECT sipros_convocatorias_visibles())::integer[])),
    k AS (
        SELECT k.evento_id,
               count(*) FILTER (WHERE k.estado IN ('Vigente', 'Entregado')) AS emitidos,
               count(*) FILTER (WHERE k.estado = 'Entregado') AS entregados,
               count(*) FILTER (WHERE k.estado = 'Vigente') AS pendientes
        FROM comprobante k WHERE k.evento_id IN (SELECT id FROM visibles)
        GROUP BY k.evento_id),
    a AS (
        SELECT es.evento_id, count(*) AS asignadas,
               count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM comprobante v
                   WHERE v.solicitud_id = es.solicitud_id AND v.estado <> 'Cancelado'))
                   AS sin_comprobante
        FROM evento_solicitud es WHERE es.evento_id IN (SELECT id FROM visibles)
        GROUP BY es.evento_id)
    SELECT v.id, coalesce(a.asignadas, 0), coalesce(k.emitidos, 0), coalesce(k.entregados, 0),
           coalesce(k.pendientes, 0), coalesce(a.sin_comprobante, 0)
    FROM visibles v LEFT JOIN k ON k.evento_id = v.id LEFT JOIN a ON a.evento_id = v.id
$$;

REVOKE EXECUTE ON FUNCTION sipros_entregas_por_evento() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_entregas_por_evento() TO sipros_personal;
