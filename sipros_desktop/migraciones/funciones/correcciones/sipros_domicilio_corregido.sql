CREATE OR REPLACE FUNCTION sipros_domicilio_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.ciudadano_id = OLD.ciudadano_id THEN
        PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NULL, 'domicilio',
            sipros_domicilio_texto(OLD), sipros_domicilio_texto(NEW));
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_domicilio_corregido() FROM PUBLIC;
