CREATE OR REPLACE FUNCTION sipros_tipo_apoyo_en_uso() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF (NEW.programa_id <> OLD.programa_id OR NEW.monto <> OLD.monto
        OR NEW.modalidad <> OLD.modalidad)
       AND EXISTS (SELECT 1 FROM solicitud WHERE tipo_apoyo_id = OLD.id
                   AND estado IN ('Aprobada', 'Entregado')) THEN
        RAISE EXCEPTION 'El tipo de apoyo «%» ya tiene solicitudes aprobadas: su monto y modalidad '
            'no cambian. Cree un tipo de apoyo nuevo para las siguientes.', OLD.nombre;
    END IF;
    RETURN NEW;
END
$$;
