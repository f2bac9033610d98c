-- ---------------------------------------------------------------------------
-- The measure follows the questionnaire: a new (or moved, by a merge) questionnaire measures
-- its citizen again, and the citizen it left. Runs as the owner to write pobreza_medicion,
-- for a row the caller could already write under its own scope.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_cuestionario() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM sipros_pobreza_medir_de(ARRAY[NEW.ciudadano_id]);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.ciudadano_id <> NEW.ciudadano_id) THEN
        PERFORM sipros_pobreza_medir_de(ARRAY[OLD.ciudadano_id]);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_cuestionario() FROM PUBLIC;
