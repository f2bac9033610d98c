-- "inside a load or merge function": the owner runs the statement (SECURITY DEFINER), or the
-- owner itself is connected. (Before: current_user <> session_user, which a clerk reached with
-- SET ROLE sipros_ventanilla.)
CREATE OR REPLACE FUNCTION sipros_ciudadano_alta() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    privilegiado boolean := pg_has_role(current_user, 'pg_database_owner', 'MEMBER')
        OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
    por_carga boolean := NEW.carga_masiva_id IS NOT NULL AND privilegiado;
    -- sipros_separar puts a merged file back as it was (who registered it, and when)
    restaurando boolean := privilegiado
        AND coalesce(current_setting('sipros.restaurando', true), '') = 'on';
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.carga_masiva_id IS NOT NULL AND NOT por_carga THEN
            RAISE EXCEPTION 'Solo una carga masiva abre expedientes con origen de carga.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.aviso_privacidad IS NULL AND NOT por_carga AND NOT restaurando
           AND pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN
            RAISE EXCEPTION 'Falta la aceptación del aviso de privacidad: léalo al ciudadano y '
                'marque su aceptación antes de guardar.';
        END IF;
        IF sipros_curp_es_alias(NEW.curp) THEN
            RAISE EXCEPTION 'La CURP % ya pertenece a un expediente (se fusionó con otro): '
                'búsquela y use ese expediente.', NEW.curp USING ERRCODE = 'unique_violation';
        END IF;
        IF NOT restaurando THEN
            NEW.registrado_por := session_user;
            NEW.creado := now();
        END IF;
    ELSE
        NEW.registrado_por := OLD.registrado_por;
        NEW.creado := OLD.creado;
        IF NEW.carga_masiva_id IS DISTINCT FROM OLD.carga_masiva_id AND NOT privilegiado THEN
            NEW.carga_masiva_id := OLD.carga_masiva_id;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
