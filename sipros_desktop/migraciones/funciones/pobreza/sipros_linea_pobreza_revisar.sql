-- ---------------------------------------------------------------------------
-- The poverty lines are the state's: only a state-wide administrator changes them (the
-- policies hold too; this says it in Spanish), for a month that has begun, and the database
-- writes who and when.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_linea_pobreza_revisar() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION 'Las líneas de pobreza valen para todo el estado: solo un administrador '
                        'estatal las cambia.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.mes > date_trunc('month', sipros_hoy())::date THEN
        RAISE EXCEPTION 'Las líneas de pobreza de % todavía no se publican: el mes no ha empezado.',
            to_char(NEW.mes, 'MM/YYYY') USING ERRCODE = 'check_violation';
    END IF;
    NEW.registrado := now();
    NEW.registrado_por := session_user;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_linea_pobreza_revisar() FROM PUBLIC;
