CREATE OR REPLACE FUNCTION sipros_formulario_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    clave text := CASE WHEN TG_OP = 'DELETE' THEN OLD.clave ELSE NEW.clave END;
BEGIN
    IF NOT sipros_formulario_administrable(clave)
       OR (TG_OP = 'UPDATE' AND NOT sipros_formulario_administrable(OLD.clave)) THEN
        RAISE EXCEPTION 'El formulario % lo usan convocatorias fuera de su alcance (o es el '
            'cuestionario base): solo un administrador estatal publica o cambia sus versiones.',
            clave USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
