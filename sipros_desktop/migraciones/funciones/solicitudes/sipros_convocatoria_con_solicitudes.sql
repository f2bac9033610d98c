-- ---------------------------------------------------------------------------
-- Catálogo: a call or a support type that already has applications keeps what those
-- applications were filed under (no silent changes); its dates, cupo, budget, rules, documents
-- and form (a new version) may still change for the applications to come.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_convocatoria_con_solicitudes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    aprobadas bigint;
BEGIN
    IF (NEW.programa_id <> OLD.programa_id OR NEW.proceso <> OLD.proceso
        OR NEW.clave <> OLD.clave)
       AND EXISTS (SELECT 1 FROM solicitud WHERE convocatoria_id = OLD.id) THEN
        RAISE EXCEPTION 'La convocatoria «%» ya tiene solicitudes: su programa, proceso y clave no '
            'cambian. Cree una convocatoria nueva.', OLD.nombre;
    END IF;
    IF NEW.cupo IS NOT NULL AND NEW.cupo IS DISTINCT FROM OLD.cupo THEN
        SELECT count(*) INTO aprobadas FROM solicitud
        WHERE convocatoria_id = OLD.id AND estado IN ('Aprobada', 'Entregado');
        IF NEW.cupo < aprobadas THEN
            RAISE EXCEPTION 'El cupo de «%» no puede ser menor que las solicitudes ya aprobadas '
                '(%).', OLD.nombre, aprobadas;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
