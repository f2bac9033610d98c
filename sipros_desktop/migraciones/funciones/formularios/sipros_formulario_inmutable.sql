-- a form version is never edited once published: answers depend on it
CREATE OR REPLACE FUNCTION sipros_formulario_inmutable() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.definicion IS DISTINCT FROM OLD.definicion OR NEW.clave <> OLD.clave
       OR NEW.version <> OLD.version THEN
        RAISE EXCEPTION 'Un formulario publicado no se modifica: cree una versión nueva.';
    END IF;
    RETURN NEW;
END
$$;
