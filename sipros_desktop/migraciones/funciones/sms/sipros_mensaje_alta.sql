-- Who and when are the database's, whatever the client says.
CREATE OR REPLACE FUNCTION sipros_mensaje_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    NEW.creado := now();
    NEW.creado_por := session_user;
    NEW.estado := 'Pendiente';
    NEW.intentos := 0;
    NEW.proximo_intento := now();
    NEW.tomado := NULL;
    NEW.tomado_por := NULL;
    NEW.enviado := NULL;
    NEW.clave := gen_random_uuid();
    RETURN NEW;
END
$$;
