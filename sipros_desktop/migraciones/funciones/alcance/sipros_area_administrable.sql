-- whether the caller administers the catalogue rows of an área: a state-wide administrator
-- any; a dependencia administrator those of its dependencia; an área administrator its own
CREATE OR REPLACE FUNCTION sipros_area_administrable(p_area integer) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') OR EXISTS (
        SELECT 1 FROM funcionario yo
        WHERE yo.usuario = session_user AND yo.activo
          AND pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
          AND (yo.alcance = 'estatal'
               OR (yo.alcance = 'area' AND yo.area_id = p_area)
               OR (yo.alcance = 'dependencia'
                   AND EXISTS (SELECT 1 FROM area a
                               WHERE a.id = p_area AND a.dependencia_id = yo.dependencia_id))))
$$;

REVOKE EXECUTE ON FUNCTION sipros_area_administrable(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_area_administrable(integer) TO sipros_personal;
