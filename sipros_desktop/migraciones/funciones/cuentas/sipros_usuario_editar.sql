CREATE OR REPLACE FUNCTION sipros_usuario_editar(
    p_usuario text, p_nombre text, p_correo text, p_perfiles text[], p_dependencia text,
    p_area text, p_alcance text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    asignacion record;
    habia boolean;
    pendiente boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    SELECT f.perfiles_pendientes IS NOT NULL INTO pendiente FROM funcionario f
    WHERE f.usuario = p_usuario;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF nullif(btrim(p_nombre), '') IS NULL THEN
        RAISE EXCEPTION 'Escriba el nombre del funcionario.';
    END IF;
    asignacion := sipros_validar_asignacion(p_perfiles, p_dependencia, p_area, p_alcance);
    -- (the scope trigger on funcionario checks the old and the new assignment first)
    UPDATE funcionario
    SET nombre = btrim(p_nombre), correo = nullif(btrim(p_correo), ''),
        dependencia_id = asignacion.dependencia_id, area_id = asignacion.area_id,
        alcance = p_alcance, actualizado = now()
    WHERE usuario = p_usuario;
    PERFORM sipros_poner_perfiles(p_usuario, p_perfiles, pendiente);
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador estatal activo (solo '
            'él da alcance estatal) y «%» es el último. Dé de alta o active otro antes.', p_usuario
            USING ERRCODE = 'check_violation';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_usuario_editar(text, text, text, text[], text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_usuario_editar(text, text, text, text[], text, text, text) TO sipros_administrador;
