-- 0016 (cuentas): the last state-wide administrator stays. Only a state-wide administrator
-- grants «estatal» (0008) and reviews duplicates, backs up, edits the catalogue's áreas and the
-- settings (0015): deactivating or demoting the last one would leave the state without anybody
-- who can do that from the app. A database managed from the command line with no state-wide
-- administrator yet can still edit and deactivate anyone else.
CREATE OR REPLACE FUNCTION sipros_hay_administrador() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.activo AND f.alcance = 'estatal'
                     AND 'administrador' = ANY (sipros_perfiles_de(f.usuario)))
$$;
REVOKE EXECUTE ON FUNCTION sipros_hay_administrador() FROM PUBLIC;

CREATE OR REPLACE FUNCTION sipros_usuario_activar(p_usuario text, p_activo boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    habia boolean;
BEGIN
    LOCK TABLE funcionario IN SHARE ROW EXCLUSIVE MODE;
    habia := sipros_hay_administrador();
    IF NOT EXISTS (SELECT 1 FROM funcionario WHERE usuario = p_usuario) THEN
        RAISE EXCEPTION 'No existe el funcionario «%».', p_usuario;
    END IF;
    IF NOT p_activo AND p_usuario = session_user THEN
        RAISE EXCEPTION 'No puede desactivar su propio usuario; pídalo a otro administrador.';
    END IF;
    UPDATE funcionario SET activo = p_activo, actualizado = now() WHERE usuario = p_usuario;
    IF habia AND NOT sipros_hay_administrador() THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador estatal activo (solo '
            'él da alcance estatal) y «%» es el último. Dé de alta o active otro antes.', p_usuario
            USING ERRCODE = 'check_violation';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', p_usuario, CASE WHEN p_activo THEN 'LOGIN' ELSE 'NOLOGIN' END);
    IF NOT p_activo THEN
        -- open sessions end now, not at their next login
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = p_usuario;
    END IF;
END
$$;

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

-- The name a citizen reads on a paper («Atendió: …»): the staff member's, never a login or an
-- operating-system account (the owner, a maintenance role, is «Oficina»). Staff names are not
-- personal data of the citizens: every profile may ask.
CREATE FUNCTION sipros_nombre_funcionario(p_usuario text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce((SELECT f.nombre FROM funcionario f WHERE f.usuario = p_usuario), 'Oficina')
$$;
REVOKE EXECUTE ON FUNCTION sipros_nombre_funcionario(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_nombre_funcionario(text) TO sipros_personal;

-- an administrator's refusal names the alcance as the offices say it («área», not «area»)
CREATE OR REPLACE FUNCTION sipros_funcionario_en_alcance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT sipros_admin_alcanza(OLD.dependencia_id, OLD.area_id, OLD.alcance)
    THEN
        RAISE EXCEPTION 'El funcionario «%» está fuera de su alcance: solo administra usuarios '
            'de su propia área o dependencia.', OLD.usuario USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT sipros_admin_alcanza(NEW.dependencia_id, NEW.area_id, NEW.alcance) THEN
        RAISE EXCEPTION 'No puede dar alcance de %: está fuera de su propio alcance (un '
            'administrador no otorga más de lo que tiene; solo uno estatal otorga alcance estatal).',
            CASE NEW.alcance WHEN 'area' THEN 'área' ELSE NEW.alcance END
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
