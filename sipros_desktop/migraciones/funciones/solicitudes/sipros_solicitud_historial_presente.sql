-- At commit: the new state has its history row, written in this transaction, with a comment
-- when the transition needs one.
CREATE OR REPLACE FUNCTION sipros_solicitud_historial_presente() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    requerido boolean;
BEGIN
    SELECT bool_and(comentario_requerido) INTO requerido FROM solicitud_transicion
    WHERE desde = OLD.estado AND hacia = NEW.estado;
    IF NOT EXISTS (
        SELECT 1 FROM solicitud_historial h
        WHERE h.solicitud_id = NEW.id AND h.estado = NEW.estado AND h.fecha = now()
          AND (NOT coalesce(requerido, false) OR nullif(btrim(h.comentario), '') IS NOT NULL))
    THEN
        IF coalesce(requerido, false) THEN
            RAISE EXCEPTION 'Pasar la solicitud % a «%» requiere un comentario en su historial.',
                NEW.folio, NEW.estado;
        END IF;
        RAISE EXCEPTION 'El cambio de la solicitud % a «%» no tiene su renglón de historial.',
            NEW.folio, NEW.estado;
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_historial_presente() FROM PUBLIC;
