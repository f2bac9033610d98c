-- ---------------------------------------------------------------------------
-- A questionnaire as it is captured, by any client: its date is the business date, and its
-- household must be consistent (sipros_hogar_problemas, against the citizen's CURP data);
-- otherwise nothing is saved and every problem is said at once.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_cuestionario_hogar() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    persona record;
    problemas text[];
BEGIN
    NEW.fecha := sipros_hoy();
    SELECT c.fecha_nacimiento, c.sexo INTO persona FROM ciudadano c WHERE c.id = NEW.ciudadano_id;
    problemas := sipros_hogar_problemas(NEW.respuestas, NEW.fecha, persona.fecha_nacimiento,
                                        persona.sexo);
    IF cardinality(problemas) > 0 THEN
        RAISE EXCEPTION 'El hogar del cuestionario no es consistente:%',
            E'\n• ' || array_to_string(problemas, E'\n• ') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_cuestionario_hogar() FROM PUBLIC;
