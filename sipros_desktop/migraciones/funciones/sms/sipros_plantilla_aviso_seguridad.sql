CREATE OR REPLACE FUNCTION sipros_plantilla_aviso_seguridad() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT NEW.activa THEN
        RAISE EXCEPTION 'El aviso «%» protege al ciudadano y no se puede apagar; sí se puede '
            'cambiar su texto.', NEW.nombre USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_plantilla_aviso_seguridad() FROM PUBLIC;
