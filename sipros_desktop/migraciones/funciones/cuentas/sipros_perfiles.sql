-- Profiles, in the order the screens show them
CREATE OR REPLACE FUNCTION sipros_perfiles() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY['administrador', 'funcionario', 'ventanilla', 'entrega', 'consulta'];
