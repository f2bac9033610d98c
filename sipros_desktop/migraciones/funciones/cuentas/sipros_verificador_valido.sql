CREATE OR REPLACE FUNCTION sipros_verificador_valido(p_verificador text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN p_verificador ~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$';
