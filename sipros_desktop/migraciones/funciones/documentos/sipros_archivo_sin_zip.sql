-- A stored file is only what its type says: no ZIP archive hidden after a PDF header
-- (the page count and page size are checked by the app with PDFium before it attaches one)
CREATE OR REPLACE FUNCTION sipros_archivo_sin_zip() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF position('\x504b0506'::bytea IN substring(NEW.contenido
                FROM greatest(1, length(NEW.contenido) - 65557))) > 0
       OR position('\x504b0304'::bytea IN substring(NEW.contenido FOR 1024)) > 0 THEN
        RAISE EXCEPTION 'El archivo contiene un archivo comprimido (ZIP) además de lo que aparenta.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
