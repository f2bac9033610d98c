-- ---------------------------------------------------------------------------
-- Audit of every table with personal data
-- ---------------------------------------------------------------------------
-- Per row, for tables whose key is not ``id``: TG_ARGV[0] is the key column, the rest are
-- columns not copied into the log (a document's bytes).
CREATE OR REPLACE FUNCTION sipros_bitacora_clave() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    llave text := TG_ARGV[0];
    omitir text[] := coalesce(TG_ARGV[1:], '{}');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, to_jsonb(n) ->> llave, to_jsonb(n) - omitir
        FROM nuevos n;
    ELSE
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes)
        SELECT session_user, TG_TABLE_NAME, TG_OP, to_jsonb(v) ->> llave, to_jsonb(v) - omitir
        FROM viejos v;
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_clave() FROM PUBLIC;
