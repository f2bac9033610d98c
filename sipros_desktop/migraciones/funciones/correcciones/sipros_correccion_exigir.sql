-- BEFORE (as the caller): a staff member changing a corrected column gives the reason. The
-- database's own functions (merges, loads, the citizen-service desk's contact change, which
-- keeps its own record) run as the owner and are not asked for one.
CREATE OR REPLACE FUNCTION sipros_correccion_exigir() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    motivo text := sipros_correccion_motivo();
    vigente text;
BEGIN
    IF pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    -- (one IF per table: PL/pgSQL plans NEW's fields only for the table that has them)
    IF TG_TABLE_NAME = 'cuestionario' THEN
        IF NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = NEW.ciudadano_id) THEN
            RETURN NEW;  -- the first questionnaire is part of the registration
        END IF;
    END IF;
    IF motivo IS NULL OR length(motivo) < 5 THEN
        RAISE EXCEPTION 'Escriba el motivo de la corrección (por qué se cambian los datos; al '
            'menos 5 letras).' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_TABLE_NAME = 'solicitud' THEN
        -- the front desk corrects only the applications of the citizens it is serving
        IF pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
           AND NOT pg_has_role(session_user, 'sipros_funcionario', 'MEMBER')
           AND NOT sipros_atiende(NEW.ciudadano_id) THEN
            RAISE EXCEPTION 'Solo puede corregir las solicitudes de los ciudadanos que atiende '
                'hoy: abra su expediente por CURP.' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.tipo_apoyo_id IS DISTINCT FROM OLD.tipo_apoyo_id
           AND NOT EXISTS (SELECT 1 FROM tipo_apoyo t JOIN convocatoria c
                               ON c.programa_id = t.programa_id
                           WHERE t.id = NEW.tipo_apoyo_id AND c.id = NEW.convocatoria_id) THEN
            RAISE EXCEPTION 'El tipo de apoyo elegido no pertenece al programa de la convocatoria.'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'ciudadano' THEN
        IF NEW.curp IS DISTINCT FROM OLD.curp THEN
            vigente := sipros_curp_vigente(NEW.curp);
            IF vigente <> NEW.curp AND vigente <> OLD.curp THEN
                RAISE EXCEPTION 'La CURP % ya pertenece a otro expediente (se fusionó con otro): '
                    'revise la CURP corregida.', NEW.curp USING ERRCODE = 'unique_violation';
            END IF;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
