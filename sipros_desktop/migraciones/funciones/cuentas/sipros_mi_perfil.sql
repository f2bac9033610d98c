-- ---------------------------------------------------------------------------
-- The current user's own profile and password
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_mi_perfil()
    RETURNS TABLE (usuario text, nombre text, correo text, perfiles text[], alcance text,
                   dependencia text, dependencia_nombre text, area text, area_nombre text,
                   cambiar_password boolean, bloqueo_minutos integer, password_minimo integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT f.usuario, f.nombre, f.correo, sipros_perfiles_de(f.usuario), f.alcance,
           d.clave, d.nombre, a.clave, a.nombre, f.cambiar_password,
           (SELECT (valor #>> '{}')::numeric::integer FROM ajuste WHERE clave = 'bloqueo_minutos'),
           (SELECT (valor #>> '{}')::numeric::integer FROM ajuste WHERE clave = 'password_minimo')
    FROM funcionario f
    LEFT JOIN dependencia d ON d.id = f.dependencia_id
    LEFT JOIN area a ON a.id = f.area_id
    WHERE f.usuario = session_user AND f.activo
$$;

REVOKE EXECUTE ON FUNCTION sipros_mi_perfil() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_mi_perfil() TO sipros_acceso;
