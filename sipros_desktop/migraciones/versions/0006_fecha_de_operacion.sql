-- ---------------------------------------------------------------------------
-- The business date. Every rule that asks "is it today?" (a call open for filing, the date
-- and folio of a new application, ages for eligibility) reads sipros_hoy(), not current_date.
-- In production it is the server's date. Only the owner can replace the function: a training
-- database (or the test suite) freezes it on a fixed date so its data never goes stale.
-- Staff cannot change it: they own nothing and every function runs with a fixed search_path.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_hoy() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT current_date $$;
COMMENT ON FUNCTION sipros_hoy() IS
    'Fecha de operación: la fecha del servidor (una base de capacitación puede fijarla).';

ALTER TABLE solicitud ALTER COLUMN fecha_solicitud SET DEFAULT sipros_hoy();

CREATE OR REPLACE FUNCTION sipros_solicitud_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    conv record;
    numero text;
BEGIN
    SELECT c.id, c.nombre, c.abierta, c.fecha_apertura, c.fecha_cierre, c.programa_id,
           c.formulario_id, p.clave AS programa_clave
    INTO conv
    FROM convocatoria c JOIN programa p ON p.id = c.programa_id
    WHERE c.id = NEW.convocatoria_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'La convocatoria % no existe.', NEW.convocatoria_id;
    END IF;
    IF NOT conv.abierta OR sipros_hoy() NOT BETWEEN conv.fecha_apertura AND conv.fecha_cierre THEN
        RAISE EXCEPTION 'La convocatoria «%» no está abierta hoy (recibe solicitudes del % al %).',
            conv.nombre, to_char(conv.fecha_apertura, 'DD/MM/YYYY'),
            to_char(conv.fecha_cierre, 'DD/MM/YYYY');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM tipo_apoyo t
                   WHERE t.id = NEW.tipo_apoyo_id AND t.programa_id = conv.programa_id) THEN
        RAISE EXCEPTION 'El tipo de apoyo elegido no pertenece al programa de la convocatoria.';
    END IF;
    IF NEW.estado <> 'En proceso' THEN
        RAISE EXCEPTION 'Una solicitud nueva empieza en estado «En proceso».';
    END IF;
    NEW.fecha_solicitud := sipros_hoy();
    NEW.formulario_id := conv.formulario_id;
    numero := nextval(format('public.%I', 'sipros_folio_' || conv.programa_id)::regclass)::text;
    -- at least five digits; never cut (lpad would truncate 123456 to 12345)
    NEW.folio := to_char(sipros_hoy(), 'DD/MM/YYYY') || '-' || conv.programa_clave || '-'
        || lpad(numero, greatest(5, length(numero)), '0');
    RETURN NEW;
END
$$;
