-- ---------------------------------------------------------------------------
-- Contact changes made at the desk: the identification checked, who and when, and the
-- notice sent to the previous number
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_identificaciones() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY['INE', 'Pasaporte', 'Cédula profesional', 'Licencia de conducir',
                 'Cartilla militar', 'Credencial INAPAM', 'Matrícula consular'];

REVOKE EXECUTE ON FUNCTION sipros_identificaciones() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_identificaciones() TO sipros_personal;
