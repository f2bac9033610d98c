-- The name a citizen reads on a paper («Atendió: …»): the staff member's, never a login or an
-- operating-system account (the owner, a maintenance role, is «Oficina»). Staff names are not
-- personal data of the citizens: every profile may ask.
CREATE OR REPLACE FUNCTION sipros_nombre_funcionario(p_usuario text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT f.nombre FROM funcionario f WHERE f.usuario = p_usuario), 'Oficina')
$$;

REVOKE EXECUTE ON FUNCTION sipros_nombre_funcionario(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_nombre_funcionario(text) TO sipros_personal;
