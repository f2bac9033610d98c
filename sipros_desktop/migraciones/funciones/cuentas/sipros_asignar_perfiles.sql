CREATE OR REPLACE FUNCTION sipros_asignar_perfiles(p_usuario text, p_perfiles text[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    p text;
BEGIN
    FOREACH p IN ARRAY sipros_perfiles() LOOP
        IF p = ANY (p_perfiles) AND NOT pg_has_role(p_usuario, 'sipros_' || p, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', 'sipros_' || p, p_usuario);
        ELSIF NOT p = ANY (p_perfiles) AND pg_has_role(p_usuario, 'sipros_' || p, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', 'sipros_' || p, p_usuario);
        END IF;
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_asignar_perfiles(text, text[]) FROM PUBLIC;
