CREATE OR REPLACE FUNCTION sipros_ciudadano_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NEW.curp IS DISTINCT FROM OLD.curp THEN
        -- the old CURP keeps finding the file; a CURP taken back stops being an alias
        DELETE FROM ciudadano_alias a WHERE a.curp = NEW.curp AND a.ciudadano_id = NEW.id;
        INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
        VALUES (OLD.curp, NEW.id, 'Corrección de CURP',
                concat_ws(' ', OLD.nombre, OLD.apellido_paterno, OLD.apellido_materno))
        ON CONFLICT (curp) DO NOTHING;
        PERFORM sipros_correccion_anotar(NEW.id, NULL, 'CURP',
            jsonb_build_object('curp', OLD.curp), jsonb_build_object('curp', NEW.curp));
    END IF;
    PERFORM sipros_correccion_anotar(NEW.id, NULL, 'datos personales',
        jsonb_build_object('nombre', OLD.nombre, 'apellido_paterno', OLD.apellido_paterno,
                           'apellido_materno', OLD.apellido_materno,
                           'fecha_nacimiento', OLD.fecha_nacimiento, 'sexo', OLD.sexo,
                           'entidad_nacimiento', OLD.entidad_nacimiento),
        jsonb_build_object('nombre', NEW.nombre, 'apellido_paterno', NEW.apellido_paterno,
                           'apellido_materno', NEW.apellido_materno,
                           'fecha_nacimiento', NEW.fecha_nacimiento, 'sexo', NEW.sexo,
                           'entidad_nacimiento', NEW.entidad_nacimiento));
    PERFORM sipros_correccion_anotar(NEW.id, NULL, 'contacto',
        jsonb_build_object('telefono', OLD.telefono, 'correo', OLD.correo,
                           'acepta_sms', OLD.acepta_sms),
        jsonb_build_object('telefono', NEW.telefono, 'correo', NEW.correo,
                           'acepta_sms', NEW.acepta_sms));
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadano_corregido() FROM PUBLIC;
