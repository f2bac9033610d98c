CREATE OR REPLACE FUNCTION sipros_programa_secuencia() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_crear_secuencia_folio(NEW.id);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_programa_secuencia() FROM PUBLIC;
