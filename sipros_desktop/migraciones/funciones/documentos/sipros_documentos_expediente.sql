-- ---------------------------------------------------------------------------
-- The documents on the file of the citizen the front desk is serving
-- ---------------------------------------------------------------------------
-- one row per content and type, the newest link first; only for a citizen the caller serves
-- (opened by exact CURP, which is logged, or registered today by the caller)
CREATE OR REPLACE FUNCTION sipros_documentos_expediente(p_ciudadano bigint)
    RETURNS TABLE (documento_id bigint, tipo text, nombre_archivo text, fecha_escaneo date,
                   mime text, tamano integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_atiende(p_ciudadano) THEN
        RAISE EXCEPTION 'Abra el expediente del ciudadano por su CURP para usar sus documentos.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT x.id, x.tipo, x.nombre_archivo, x.fecha, x.mime, x.tamano
    FROM (SELECT DISTINCT ON (d.tipo, d.sha256) d.id, d.tipo, d.nombre_archivo,
                 -- the first scan of that content for the citizen, whichever link it was
                 min(sipros_documento_fecha(d.fecha_escaneo, d.creado))
                     OVER (PARTITION BY d.sha256) AS fecha,
                 a.mime, a.tamano
          FROM documento d JOIN archivo a ON a.sha256 = d.sha256
          WHERE d.ciudadano_id = p_ciudadano
          ORDER BY d.tipo, d.sha256, d.id DESC) x
    ORDER BY x.tipo, x.fecha DESC, x.id DESC;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_documentos_expediente(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_documentos_expediente(bigint) TO sipros_ventanilla;
