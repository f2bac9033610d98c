CREATE OR REPLACE FUNCTION sipros_usuario_crear(
    p_usuario text, p_verificador text, p_nombre text, p_correo text, p_perfiles text[],
    p_dependencia text, p_area text, p_alcance text, p_cambiar_password boolean DEFAULT true)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    asignacion record;
    nuevo integer;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    PERFORM sipros_validar_usuario(p_usuario);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_usuario) THEN
        RAISE EXCEPTION 'Ya existe el usuario «%» en el servidor; elija otro nombre.', p_usuario;
    END IF;
    IF nullif(btrim(p_nombre), '') IS NULL THEN
        RAISE EXCEPTION 'Escriba el nombre del funcionario.';
    END IF;
    IF NOT coalesce(sipros_verificador_valido(p_verificador), false) THEN
        RAISE EXCEPTION 'La contraseña debe enviarse cifrada (SCRAM-SHA-256).';
    END IF;
    -- a password an administrator chose is only for changing it: the account joins its
    -- profiles when it does (sipros_cambiar_mi_password). Only the database owner creates one
    -- that works at once (the embedded database's first administrator, chosen at that PC).
    IF NOT coalesce(p_cambiar_password, true)
       AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'Una cuenta nueva entra con la contraseña que usted le dio solo para '
            'cambiarla: no se puede crear «%» sin ese cambio.', p_usuario
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    asignacion := sipros_validar_asignacion(p_perfiles, p_dependencia, p_area, p_alcance);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_usuario, p_verificador);
    PERFORM sipros_limites_de_sesion(p_usuario);
    INSERT INTO funcionario (usuario, nombre, correo, dependencia_id, area_id, alcance,
                             cambiar_password)
    VALUES (p_usuario, btrim(p_nombre), nullif(btrim(p_correo), ''), asignacion.dependencia_id,
            asignacion.area_id, p_alcance, coalesce(p_cambiar_password, true))
    RETURNING id INTO nuevo;
    PERFORM sipros_poner_perfiles(p_usuario, p_perfiles, coalesce(p_cambiar_password, true));
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuario_crear(text, text, text, text, text[], text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuario_crear(text, text, text, text, text[], text, text, text, boolean) TO sipros_administrador;
