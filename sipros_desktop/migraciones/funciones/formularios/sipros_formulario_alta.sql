-- A published version (0014): the limits and the name's length before anything else
CREATE OR REPLACE FUNCTION sipros_formulario_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    problemas text[];
BEGIN
    IF length(NEW.nombre) > 200 THEN
        RAISE EXCEPTION 'El formulario no se publicó: el nombre pasa de 200 caracteres.'
            USING ERRCODE = 'check_violation';
    END IF;
    -- versions of one key are numbered one after the other, even when two publish at once
    PERFORM pg_advisory_xact_lock(hashtext('sipros_formulario:' || NEW.clave));
    problemas := sipros_formulario_problemas(NEW.clave, NEW.definicion);
    IF cardinality(problemas) > 0 THEN
        RAISE EXCEPTION 'El formulario no se publicó: %', array_to_string(problemas, ' ')
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.version := coalesce((SELECT max(version) FROM formulario WHERE clave = NEW.clave), 0) + 1;
    NEW.creado := now();
    NEW.publicado_por := session_user;
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_formulario_alta() FROM PUBLIC;
