CREATE OR REPLACE FUNCTION sipros_usuarios()
    RETURNS TABLE (usuario text, nombre text, correo text, perfiles text[], alcance text,
                   dependencia text, area text, activo boolean, puede_entrar boolean,
                   cambiar_password boolean, creado timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT f.usuario, f.nombre, f.correo, sipros_perfiles_de(f.usuario), f.alcance,
           d.clave, a.clave, f.activo, coalesce(r.rolcanlogin, false), f.cambiar_password,
           f.creado
    FROM funcionario f
    LEFT JOIN dependencia d ON d.id = f.dependencia_id
    LEFT JOIN area a ON a.id = f.area_id
    LEFT JOIN pg_roles r ON r.rolname = f.usuario
    WHERE f.usuario = ANY (sipros_usuarios_en_alcance())
       OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
    ORDER BY f.usuario
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuarios() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuarios() TO sipros_administrador;
