-- 0022 (after the functions of migraciones/funciones/brigadas/): a capture's provenance is
-- checked against its kit and the row it opened.
CREATE TRIGGER brigada_captura_revisar BEFORE INSERT OR UPDATE ON brigada_captura
    FOR EACH ROW EXECUTE FUNCTION sipros_brigada_captura_revisar();
