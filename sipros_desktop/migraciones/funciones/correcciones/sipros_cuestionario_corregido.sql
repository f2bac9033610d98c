CREATE OR REPLACE FUNCTION sipros_cuestionario_corregido() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    previo jsonb;
BEGIN
    -- a new answer set; the previous one is kept
    SELECT q.respuestas INTO previo FROM cuestionario q
    WHERE q.ciudadano_id = NEW.ciudadano_id AND q.id <> NEW.id
    ORDER BY q.creado DESC, q.id DESC LIMIT 1;
    IF FOUND THEN
        PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NULL, 'cuestionario', previo,
                                         NEW.respuestas);
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_cuestionario_corregido() FROM PUBLIC;
