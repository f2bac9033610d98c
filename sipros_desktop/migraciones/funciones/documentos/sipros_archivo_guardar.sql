CREATE OR REPLACE FUNCTION sipros_archivo_guardar(p_sha256 text, p_mime text, p_tamano integer,
                                       p_contenido bytea) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    INSERT INTO archivo (sha256, mime, tamano, contenido)
    VALUES (p_sha256, p_mime, p_tamano, p_contenido)
    ON CONFLICT (sha256) DO NOTHING
$$;

REVOKE EXECUTE ON FUNCTION sipros_archivo_guardar(text, text, integer, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_archivo_guardar(text, text, integer, bytea) TO sipros_ventanilla;
