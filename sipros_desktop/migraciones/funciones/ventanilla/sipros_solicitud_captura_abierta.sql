-- ---------------------------------------------------------------------------
-- Business rules of an application, in the database
-- ---------------------------------------------------------------------------
-- Answers and support type change only while the application is being captured or corrected
CREATE OR REPLACE FUNCTION sipros_solicitud_captura_abierta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF (NEW.respuestas IS DISTINCT FROM OLD.respuestas
        OR NEW.tipo_apoyo_id IS DISTINCT FROM OLD.tipo_apoyo_id)
       AND OLD.estado NOT IN ('En proceso', 'Corrección') THEN
        RAISE EXCEPTION 'La solicitud % está «%»: sus respuestas y su tipo de apoyo ya no cambian.',
            OLD.folio, OLD.estado USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
