-- Resolve and check profiles, dependencia, área and alcance; returns the ids to store.
CREATE OR REPLACE FUNCTION sipros_validar_asignacion(
    p_perfiles text[], p_dependencia text, p_area text, p_alcance text,
    OUT dependencia_id integer, OUT area_id integer)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    p text;
    dep_area integer;
BEGIN
    IF p_perfiles IS NULL OR cardinality(p_perfiles) = 0 THEN
        RAISE EXCEPTION 'Asigne al menos un perfil (%).', array_to_string(sipros_perfiles(), ', ');
    END IF;
    FOREACH p IN ARRAY p_perfiles LOOP
        IF NOT p = ANY (sipros_perfiles()) THEN
            RAISE EXCEPTION 'El perfil «%» no existe; los perfiles son: %.',
                p, array_to_string(sipros_perfiles(), ', ');
        END IF;
    END LOOP;
    IF p_alcance IS NULL OR p_alcance NOT IN ('area', 'dependencia', 'estatal') THEN
        RAISE EXCEPTION 'El alcance debe ser área, dependencia o estatal.';
    END IF;
    IF nullif(btrim(p_dependencia), '') IS NOT NULL THEN
        SELECT d.id INTO dependencia_id FROM dependencia d WHERE d.clave = upper(btrim(p_dependencia));
        IF NOT FOUND THEN
            RAISE EXCEPTION 'No existe la dependencia con clave «%».', p_dependencia;
        END IF;
    END IF;
    IF nullif(btrim(p_area), '') IS NOT NULL THEN
        SELECT a.id, a.dependencia_id INTO area_id, dep_area FROM area a
        WHERE a.clave = upper(btrim(p_area));
        IF NOT FOUND THEN
            RAISE EXCEPTION 'No existe el área con clave «%».', p_area;
        END IF;
        IF dependencia_id IS NULL THEN
            dependencia_id := dep_area;
        ELSIF dependencia_id <> dep_area THEN
            RAISE EXCEPTION 'El área «%» no pertenece a la dependencia «%».', p_area, p_dependencia;
        END IF;
    END IF;
    IF p_alcance = 'area' AND area_id IS NULL THEN
        RAISE EXCEPTION 'Con alcance de área hay que indicar el área del funcionario.';
    END IF;
    IF p_alcance = 'dependencia' AND dependencia_id IS NULL THEN
        RAISE EXCEPTION 'Con alcance de dependencia hay que indicar la dependencia.';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_validar_asignacion(text[], text, text, text) FROM PUBLIC;
