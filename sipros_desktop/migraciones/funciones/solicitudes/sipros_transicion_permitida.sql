-- May the current user make this change? Returns the transition, or raises in Spanish.
CREATE OR REPLACE FUNCTION sipros_transicion_permitida(p_desde text, p_hacia text)
    RETURNS solicitud_transicion
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    t solicitud_transicion;
    es_propietario boolean := pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM solicitud_transicion WHERE desde = p_desde AND hacia = p_hacia)
    THEN
        RAISE EXCEPTION 'Una solicitud en estado «%» no puede pasar a «%».', p_desde, p_hacia
            USING HINT = coalesce(
                (SELECT 'Desde «' || p_desde || '» solo puede pasar a: '
                        || string_agg(DISTINCT hacia, ', ')
                 FROM solicitud_transicion WHERE desde = p_desde),
                '«' || p_desde || '» es un estado final.');
    END IF;
    SELECT * INTO t FROM solicitud_transicion
    WHERE desde = p_desde AND hacia = p_hacia
      AND (es_propietario OR pg_has_role(session_user, 'sipros_' || perfil, 'MEMBER'))
    ORDER BY perfil
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Su perfil no permite pasar una solicitud de «%» a «%».', p_desde, p_hacia;
    END IF;
    RETURN t;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_transicion_permitida(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_transicion_permitida(text, text) TO sipros_personal;
