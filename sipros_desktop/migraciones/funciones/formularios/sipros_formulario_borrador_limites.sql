-- A draft may have problems, but not over the limits of size and depth
CREATE OR REPLACE FUNCTION sipros_formulario_borrador_limites() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    excede text := sipros_formulario_excede(NEW.definicion);
BEGIN
    IF excede IS NOT NULL THEN
        RAISE EXCEPTION 'El borrador de % no se guardó: %.', NEW.clave, excede
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_formulario_borrador_limites() FROM PUBLIC;
