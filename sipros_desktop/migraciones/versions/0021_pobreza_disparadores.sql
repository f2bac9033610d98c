-- ---------------------------------------------------------------------------
-- 0020 (after the functions of migraciones/funciones/pobreza/): the triggers that keep the
-- measure with its sources — the questionnaire, the home and the poverty lines.
-- ---------------------------------------------------------------------------
CREATE TRIGGER cuestionario_hogar BEFORE INSERT ON cuestionario
    FOR EACH ROW EXECUTE FUNCTION sipros_cuestionario_hogar();
CREATE TRIGGER cuestionario_pobreza AFTER INSERT OR DELETE OR UPDATE OF ciudadano_id, respuestas
    ON cuestionario FOR EACH ROW EXECUTE FUNCTION sipros_pobreza_cuestionario();
CREATE TRIGGER domicilio_pobreza AFTER INSERT OR UPDATE OF municipio_id, localidad_id
    ON domicilio FOR EACH ROW EXECUTE FUNCTION sipros_pobreza_domicilio();
CREATE TRIGGER linea_pobreza_revisar BEFORE INSERT OR UPDATE OR DELETE ON linea_pobreza
    FOR EACH ROW EXECUTE FUNCTION sipros_linea_pobreza_revisar();
CREATE TRIGGER linea_pobreza_cambiaron AFTER INSERT OR UPDATE OR DELETE ON linea_pobreza
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_pobreza_lineas_cambiaron();
