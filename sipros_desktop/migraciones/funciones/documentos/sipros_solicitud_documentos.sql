-- Filing: the call's required documents are attached when the transaction commits (the
-- application and its documents are written together; checked once, at the end)
CREATE OR REPLACE FUNCTION sipros_solicitud_documentos() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    faltan text[];
BEGIN
    SELECT array_agg(r ORDER BY n) INTO faltan
    FROM convocatoria c,
         jsonb_array_elements_text(c.documentos_requeridos) WITH ORDINALITY AS t(r, n)
    WHERE c.id = NEW.convocatoria_id
      AND NOT EXISTS (SELECT 1 FROM documento d WHERE d.solicitud_id = NEW.id AND d.tipo = t.r);
    IF faltan IS NOT NULL THEN
        RAISE EXCEPTION 'A la solicitud % le faltan documentos: %.', NEW.folio,
            array_to_string(faltan, ', ') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_documentos() FROM PUBLIC;
