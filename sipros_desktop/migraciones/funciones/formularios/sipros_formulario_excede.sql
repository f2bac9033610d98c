-- ---------------------------------------------------------------------------
-- Over the limits of size or depth? NULL when not; else the reason, in Spanish
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_formulario_excede(p_definicion jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    bytes integer;
BEGIN
    IF p_definicion IS NULL THEN
        RETURN NULL;
    END IF;
    -- a container at level 12 (the root is level 0 for jsonpath) is nesting level 13:
    -- .**{12} visits the first 12 levels only, whatever lies below
    IF jsonb_path_exists(p_definicion,
                         'strict $.**{12} ? (@.type() == "object" || @.type() == "array")') THEN
        RETURN 'la definición está anidada a más de 12 niveles; un formulario usa a lo más 12';
    END IF;
    bytes := octet_length(p_definicion::text);
    IF bytes > 1048576 THEN
        RETURN 'la definición pesa ' || to_char(bytes / 1048576.0, 'FM999990.0')
            || ' MB; un formulario pesa a lo más 1 MB';
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_formulario_excede(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_excede(jsonb) TO sipros_personal;
