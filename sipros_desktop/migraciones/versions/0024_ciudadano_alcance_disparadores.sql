-- ciudadano_alcance follows the applications and the benefits (sipros_ciudadano_alcance_seguir):
-- what is inserted adds its programme, once per statement (a load of 100 k benefits is one
-- pass); what is deleted, or changes citizen or programme (a merge, its undoing), rebuilds the
-- citizens it touched
CREATE TRIGGER solicitud_alcance_ins AFTER INSERT ON solicitud
    REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
CREATE TRIGGER solicitud_alcance_del AFTER DELETE ON solicitud
    REFERENCING OLD TABLE AS viejos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
CREATE TRIGGER solicitud_alcance_upd AFTER UPDATE OF ciudadano_id, convocatoria_id ON solicitud
    FOR EACH ROW WHEN (OLD.ciudadano_id IS DISTINCT FROM NEW.ciudadano_id
                       OR OLD.convocatoria_id IS DISTINCT FROM NEW.convocatoria_id)
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
CREATE TRIGGER beneficio_alcance_ins AFTER INSERT ON beneficio
    REFERENCING NEW TABLE AS nuevos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
CREATE TRIGGER beneficio_alcance_del AFTER DELETE ON beneficio
    REFERENCING OLD TABLE AS viejos FOR EACH STATEMENT
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
CREATE TRIGGER beneficio_alcance_upd AFTER UPDATE OF ciudadano_id, programa_id ON beneficio
    FOR EACH ROW WHEN (OLD.ciudadano_id IS DISTINCT FROM NEW.ciudadano_id
                       OR OLD.programa_id IS DISTINCT FROM NEW.programa_id)
    EXECUTE FUNCTION sipros_ciudadano_alcance_seguir();
