CREATE OR REPLACE FUNCTION sipros_mensajes_siguen_telefono() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- (a citizen left without a phone: the dispatcher cancels what is waiting when it takes it)
    UPDATE mensaje SET telefono = sipros_e164(NEW.telefono)
    WHERE ciudadano_id = NEW.id AND estado = 'Pendiente'
      AND telefono IS DISTINCT FROM sipros_e164(NEW.telefono);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensajes_siguen_telefono() FROM PUBLIC;
