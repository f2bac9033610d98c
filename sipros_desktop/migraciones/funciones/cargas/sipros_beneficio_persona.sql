CREATE OR REPLACE FUNCTION sipros_beneficio_persona() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    SELECT c.sexo, c.fecha_nacimiento INTO NEW.sexo, NEW.nacimiento
    FROM ciudadano c WHERE c.id = NEW.ciudadano_id;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_beneficio_persona() FROM PUBLIC;
