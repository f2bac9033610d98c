-- A history row never changes; it goes only with its citizen (or application) deleted
CREATE OR REPLACE FUNCTION sipros_correccion_inmutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND (NOT EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = OLD.ciudadano_id)
            OR (OLD.solicitud_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.id = OLD.solicitud_id))) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'El historial de correcciones no se cambia ni se borra.'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
