-- ---------------------------------------------------------------------------
-- The bitácora of what a load writes: one summary row per load and table (the load itself
-- records who, when, the file's name and SHA-256, and every row points to it), as for the
-- civil-registry extracts. Rows written any other way keep one bitácora row each. Only the load
-- functions can write rows with carga_masiva_id (staff cannot insert benefits, and the
-- citizen trigger refuses the column to them).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_bitacora_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    omitir text[] := coalesce(TG_ARGV, '{}');
BEGIN
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, 'carga ' || n.carga_masiva_id,
           jsonb_build_object('carga_masiva_id', n.carga_masiva_id, 'filas', count(*),
                              'primer_id', min(n.id), 'ultimo_id', max(n.id))
    FROM nuevos n WHERE n.carga_masiva_id IS NOT NULL GROUP BY n.carga_masiva_id;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    SELECT session_user, TG_TABLE_NAME, TG_OP, n.id::text, to_jsonb(n) - omitir
    FROM nuevos n WHERE n.carga_masiva_id IS NULL;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_bitacora_alta() FROM PUBLIC;
