-- One summary row per statement, for tables loaded in bulk from files (the civil-registry
-- extract): how many rows; the import itself adds the file's name and SHA-256.
CREATE OR REPLACE FUNCTION sipros_bitacora_resumen() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes)
        SELECT session_user, TG_TABLE_NAME, TG_OP, 'resumen', jsonb_build_object('filas', count(*))
        FROM viejos HAVING count(*) > 0;
    ELSE
        INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, 'resumen', jsonb_build_object('filas', count(*))
        FROM nuevos HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_resumen() FROM PUBLIC;
