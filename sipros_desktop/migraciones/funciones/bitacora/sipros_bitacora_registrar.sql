-- ---------------------------------------------------------------------------
-- Audit log. Statement-level triggers with transition tables: one INSERT ... SELECT per
-- statement, also for bulk changes. SECURITY DEFINER so that no application role needs (or
-- gets) any privilege on bitacora; ``usuario`` is the login role (session_user).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_bitacora_registrar() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    omitir text[] := coalesce(TG_ARGV, '{}');  -- derived columns not worth keeping
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, n.id::text, to_jsonb(n) - omitir
        FROM nuevos n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes, despues)
        SELECT session_user, TG_TABLE_NAME, TG_OP, n.id::text,
               to_jsonb(v) - omitir, to_jsonb(n) - omitir
        FROM viejos v JOIN nuevos n USING (id)
        WHERE to_jsonb(v) IS DISTINCT FROM to_jsonb(n);
    ELSE
        INSERT INTO bitacora (usuario, tabla, operacion, clave, antes)
        SELECT session_user, TG_TABLE_NAME, TG_OP, v.id::text, to_jsonb(v) - omitir
        FROM viejos v;
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_registrar() FROM PUBLIC;
