-- The variables a template may use are fixed by the event; the text is checked on every write.
CREATE OR REPLACE FUNCTION sipros_plantilla_valida() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    desconocidas text;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.evento, NEW.variables, NEW.nombre, NEW.orden)
                            IS DISTINCT FROM (OLD.evento, OLD.variables, OLD.nombre, OLD.orden)
    THEN
        RAISE EXCEPTION 'Solo el texto de una plantilla y si está activa se pueden cambiar.';
    END IF;
    SELECT string_agg(DISTINCT '{' || m[1] || '}', ', ') INTO desconocidas
    FROM regexp_matches(NEW.texto, '\{([^{}]*)\}', 'g') AS m
    WHERE NOT m[1] = ANY (NEW.variables);
    IF desconocidas IS NOT NULL THEN
        RAISE EXCEPTION 'La plantilla «%» usa %, que no existe para este mensaje. Puede usar: %.',
            NEW.nombre, desconocidas,
            (SELECT string_agg('{' || v || '}', ', ') FROM unnest(NEW.variables) v)
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.actualizado := now();
    NEW.actualizado_por := session_user;
    RETURN NEW;
END
$$;
