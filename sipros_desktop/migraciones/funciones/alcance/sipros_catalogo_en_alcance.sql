-- ---------------------------------------------------------------------------
-- 2. Catalogue, geography, settings, civil registry: everyone reads, writes by alcance
-- ---------------------------------------------------------------------------
-- A refusal in Spanish before the row-level check (whose own message is PostgreSQL's): the
-- new row must be administrable, and so must the old one.
CREATE OR REPLACE FUNCTION sipros_catalogo_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    viejo record;
    nuevo record;
    area_vieja integer;
    area_nueva integer;
    que text;
BEGIN
    IF TG_OP <> 'INSERT' THEN viejo := OLD; END IF;
    IF TG_OP <> 'DELETE' THEN nuevo := NEW; END IF;
    IF TG_TABLE_NAME IN ('dependencia', 'area') THEN
        IF NOT sipros_admin_estatal() THEN
            RAISE EXCEPTION 'Solo un administrador estatal da de alta, cambia o quita '
                'dependencias y áreas.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'programa' THEN
        IF TG_OP <> 'INSERT' THEN area_vieja := viejo.area_id; END IF;
        IF TG_OP <> 'DELETE' THEN area_nueva := nuevo.area_id; END IF;
        que := 'los programas';
    ELSE  -- tipo_apoyo, convocatoria: by their programme
        IF TG_OP <> 'INSERT' THEN
            SELECT p.area_id INTO area_vieja FROM programa p WHERE p.id = viejo.programa_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            SELECT p.area_id INTO area_nueva FROM programa p WHERE p.id = nuevo.programa_id;
        END IF;
        que := CASE TG_TABLE_NAME WHEN 'tipo_apoyo' THEN 'los tipos de apoyo'
                                  ELSE 'las convocatorias' END || ' de los programas';
    END IF;
    IF TG_OP <> 'INSERT' AND NOT sipros_area_administrable(area_vieja) THEN
        RAISE EXCEPTION 'Solo administra % de su alcance; ése es de otra área.',
            que USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP <> 'DELETE' AND area_nueva IS NOT NULL AND NOT sipros_area_administrable(area_nueva)
    THEN
        RAISE EXCEPTION 'Solo administra % de su alcance: no puede ponerlos en '
            'otra área o dependencia (eso lo hace un administrador estatal).', que
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
