-- 0022 (after the functions of migraciones/funciones/brigadas/): a capture's provenance is
-- checked against its kit and the row it opened.
CREATE TRIGGER brigada_captura_revisar BEFORE INSERT OR UPDATE ON brigada_captura
    FOR EACH ROW EXECUTE FUNCTION sipros_brigada_captura_revisar();
-- in the bitácora like every table with personal data (insert only: nobody changes a row)
CREATE TRIGGER brigada_captura_bitacora_ins AFTER INSERT ON brigada_captura
    REFERENCING NEW TABLE AS nuevos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_clave('clave');
CREATE TRIGGER brigada_captura_bitacora_del AFTER DELETE ON brigada_captura
    REFERENCING OLD TABLE AS viejos
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_bitacora_clave('clave');
