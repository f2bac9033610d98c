-- Set by the database when the application first becomes Aprobada or Rechazada; no role can
-- write the column (officials hold UPDATE on estado, version and actualizado only).
CREATE OR REPLACE FUNCTION sipros_solicitud_dictaminada() RETURNS trigger
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
