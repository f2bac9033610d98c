-- SIPROS Escritorio: Reportes. When each application got its first dictamen, kept on the
-- application itself: the time to dictamen is then read from solicitud alone (under its own
-- row-level security) instead of from 5 M history rows, each checked against its application.

ALTER TABLE solicitud ADD COLUMN dictaminada timestamptz;
UPDATE solicitud s SET dictaminada = h.primera
FROM (SELECT solicitud_id, min(fecha) AS primera FROM solicitud_historial
      WHERE estado IN ('Aprobada', 'Rechazada') GROUP BY solicitud_id) h
WHERE h.solicitud_id = s.id;

-- Set by the database when the application first becomes Aprobada or Rechazada; no role can
-- write the column (officials hold UPDATE on estado, version and actualizado only).
CREATE FUNCTION sipros_solicitud_dictaminada() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF OLD.dictaminada IS NULL AND NEW.estado IN ('Aprobada', 'Rechazada') THEN
        NEW.dictaminada := now();
    ELSE
        NEW.dictaminada := OLD.dictaminada;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER solicitud_dictaminada BEFORE UPDATE OF estado, dictaminada ON solicitud
    FOR EACH ROW EXECUTE FUNCTION sipros_solicitud_dictaminada();

-- How many citizens of the registry live in each municipality: the denominator of the coverage
-- indicators. Counts only (no person), the same for every user.
CREATE FUNCTION sipros_registrados_por_municipio()
    RETURNS TABLE (municipio_id integer, ciudadanos bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT d.municipio_id, count(*) FROM domicilio d GROUP BY d.municipio_id
$$;
REVOKE EXECUTE ON FUNCTION sipros_registrados_por_municipio() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_registrados_por_municipio() TO sipros_personal;

-- Municipal boundaries (INEGI's Marco Geoestadístico), imported like the other official
-- catalogues: the GeoJSON geometry of each municipality, for the map of the indicators.
CREATE TABLE municipio_limite (
    municipio_id integer PRIMARY KEY REFERENCES municipio(id),
    geometria    jsonb NOT NULL CHECK (geometria ->> 'type' IN ('Polygon', 'MultiPolygon')),
    geografica   boolean NOT NULL,  -- longitude/latitude (else projected metres, e.g. LCC)
    actualizado  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON municipio_limite TO sipros_personal;
GRANT INSERT, UPDATE, DELETE ON municipio_limite TO sipros_administrador;


-- Deliveries per event for the report, counted once over the vouchers and assignments of the
-- events of the caller's calls (their scope, applied here: under row-level security each of
-- 0.7 M vouchers would be checked against its application one by one). Counts only.
CREATE FUNCTION sipros_entregas_por_evento()
    RETURNS TABLE (evento_id integer, asignadas bigint, emitidos bigint, entregados bigint,
                   pendientes bigint, sin_comprobante bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    WITH visibles AS (
        SELECT e.id FROM evento_entrega e
        WHERE pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
           OR e.convocatoria_id = ANY (sipros_convocatorias_visibles())),
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
