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

