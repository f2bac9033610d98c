-- Nobody changes the log: not the application roles (no privilege) and not by accident the
-- owner either (these triggers refuse it).
CREATE OR REPLACE FUNCTION sipros_bitacora_inmutable() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'La bitácora no se puede modificar ni borrar.'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
