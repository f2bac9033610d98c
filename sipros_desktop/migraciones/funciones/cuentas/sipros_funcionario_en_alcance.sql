-- an administrator's refusal names the alcance as the offices say it («área», not «area»)
CREATE OR REPLACE FUNCTION sipros_funcionario_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT sipros_admin_alcanza(OLD.dependencia_id, OLD.area_id, OLD.alcance)
    THEN
        RAISE EXCEPTION 'El funcionario «%» está fuera de su alcance: solo administra usuarios '
            'de su propia área o dependencia.', OLD.usuario USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT sipros_admin_alcanza(NEW.dependencia_id, NEW.area_id, NEW.alcance) THEN
        RAISE EXCEPTION 'No puede dar alcance de %: está fuera de su propio alcance (un '
            'administrador no otorga más de lo que tiene; solo uno estatal otorga alcance estatal).',
            CASE NEW.alcance WHEN 'area' THEN 'área' ELSE NEW.alcance END
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
