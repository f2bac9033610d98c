-- ---------------------------------------------------------------------------
-- The front desk files applications and attaches documents only for the citizens it is
-- serving (opened by exact CURP or registered today)
-- ---------------------------------------------------------------------------
-- (a function, not a sub-select on ciudadano: its policy reads solicitud)
CREATE OR REPLACE FUNCTION sipros_atiende(p_ciudadano bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT sipros_ve_todo_personal()
        OR p_ciudadano = ANY (sipros_atendidos())
        OR EXISTS (SELECT 1 FROM ciudadano c
                   WHERE c.id = p_ciudadano AND c.registrado_por = session_user::text
                     AND c.creado >= current_date)
$$;

REVOKE EXECUTE ON FUNCTION sipros_atiende(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_atiende(bigint) TO sipros_personal;
