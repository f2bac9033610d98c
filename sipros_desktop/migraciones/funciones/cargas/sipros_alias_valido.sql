-- an alias is never the CURP of a file
CREATE OR REPLACE FUNCTION sipros_alias_valido() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ciudadano c WHERE c.curp = NEW.curp) THEN
        RAISE EXCEPTION 'La CURP % es la de un expediente; no puede ser otro nombre de uno.',
            NEW.curp USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END
$$;
