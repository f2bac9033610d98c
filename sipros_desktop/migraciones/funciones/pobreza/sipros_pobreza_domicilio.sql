-- ---------------------------------------------------------------------------
-- The measure follows the home: its municipality (for the indicators) and its locality's
-- ámbito (urban or rural poverty lines). Only a citizen with a questionnaire has a measure.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_domicilio() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = NEW.ciudadano_id) THEN
        PERFORM sipros_pobreza_medir_de(ARRAY[NEW.ciudadano_id]);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_domicilio() FROM PUBLIC;
