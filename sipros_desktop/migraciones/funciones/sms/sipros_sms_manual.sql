-- A message typed by hand to a citizen, and the resend of its last one: the writers by
-- citizen id (no grant). The administrators' entry points below check the citizen's scope; the
-- Consulta desk's own ones (0015_consulta.sql) check that the clerk looked the citizen up.
CREATE OR REPLACE FUNCTION sipros_sms_manual(p_ciudadano bigint, p_texto text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
    nuevo bigint;
BEGIN
    c := sipros_ciudadano_para_sms((SELECT x.curp FROM ciudadano x WHERE x.id = p_ciudadano));
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES ('manual', c.id, sipros_e164(c.telefono), sipros_texto_sms(p_texto))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_manual(bigint, text) FROM PUBLIC;
