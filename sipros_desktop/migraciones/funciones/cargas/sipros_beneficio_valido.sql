-- The support type of a benefit belongs to its programme, and a delivery is not in the future
-- (loads are checked row by row before; this holds for any client).
CREATE OR REPLACE FUNCTION sipros_beneficio_valido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM nuevos n JOIN tipo_apoyo t ON t.id = n.tipo_apoyo_id
               WHERE t.programa_id <> n.programa_id) THEN
        RAISE EXCEPTION 'El tipo de apoyo de un beneficio debe ser de su programa.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM nuevos n WHERE n.origen = 'Carga masiva'
               AND n.fecha_entrega > sipros_hoy()) THEN
        RAISE EXCEPTION 'Un beneficio cargado no puede tener fecha de entrega futura.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_beneficio_valido() FROM PUBLIC;
