CREATE OR REPLACE FUNCTION sipros_bitacora_plantilla() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO bitacora (usuario, tabla, operacion, clave, antes, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, n.evento, to_jsonb(v), to_jsonb(n)
    FROM viejos v JOIN nuevos n USING (evento)
    WHERE to_jsonb(v) IS DISTINCT FROM to_jsonb(n);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_plantilla() FROM PUBLIC;
