-- ---------------------------------------------------------------------------
-- 0023: the measure with a million households. New poverty lines classify every household
-- again (an UPDATE of every row of pobreza_medicion) and the indicators read every row: the
-- reasons of each deprivation for every member (the «hogar» JSON, ~1.3 kB a household) move
-- to their own table, pobreza_hogar, read one household at a time, and pobreza_medicion keeps
-- the narrow figures (~150 bytes a row). Half of each page is left free, so that the UPDATE of
-- new lines writes each new row next to the old one (a HOT update: no index changes when the
-- classification stays). New lines classify once per statement, and the figures by
-- municipality and the Padrón by poverty read two covering indexes.
-- ---------------------------------------------------------------------------

-- the reasons of the measure of a household: each deprivation of each member with its motivo,
-- the home's and the household's, the income (see sipros_hogar_medir); written with the
-- measure, by the database only
CREATE TABLE pobreza_hogar (
    ciudadano_id  bigint PRIMARY KEY
                  REFERENCES pobreza_medicion (ciudadano_id) ON DELETE CASCADE,
    hogar         jsonb NOT NULL CHECK (jsonb_typeof(hogar) = 'object')
);
INSERT INTO pobreza_hogar (ciudadano_id, hogar)
SELECT ciudadano_id, hogar FROM pobreza_medicion;
ALTER TABLE pobreza_medicion DROP COLUMN hogar;

-- the table written again without the dropped column, half of each page free; then every row
-- once more in its own page (a HOT update, no index touched), so that the VACUUM that follows
-- the migrations (esquema.vacunar_reescritas: it looks for this transaction's rows, and
-- CLUSTER keeps the old ones') marks the pages all-visible for the index-only reads below
ALTER TABLE pobreza_medicion SET (fillfactor = 50);
CLUSTER pobreza_medicion USING pobreza_medicion_ciudadano_id_key;
ALTER TABLE pobreza_medicion SET WITHOUT CLUSTER;
UPDATE pobreza_medicion SET calculado = calculado;

-- read like the measure: the questionnaire's scope; no staff role writes it
ALTER TABLE pobreza_hogar ENABLE ROW LEVEL SECURITY;
CREATE POLICY pobreza_hogar_alcance ON pobreza_hogar FOR SELECT
    USING ((SELECT sipros_ve_todo_personal())
           OR EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = ciudadano_id));
GRANT SELECT ON pobreza_hogar TO sipros_ventanilla, sipros_funcionario, sipros_administrador;

-- New lines classify every household once per statement: an INSERT … ON CONFLICT DO UPDATE
-- (how the application sets a month's lines) fires both the INSERT and the UPDATE statement
-- triggers, and with one trigger for both the whole state was classified twice. One trigger
-- per event, each with its transition table: only the one with rows classifies.
DROP TRIGGER linea_pobreza_cambiaron ON linea_pobreza;
CREATE TRIGGER linea_pobreza_cambiaron_ins AFTER INSERT ON linea_pobreza
    REFERENCING NEW TABLE AS nuevas
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_pobreza_lineas_cambiaron();
CREATE TRIGGER linea_pobreza_cambiaron_upd AFTER UPDATE ON linea_pobreza
    REFERENCING NEW TABLE AS nuevas
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_pobreza_lineas_cambiaron();
CREATE TRIGGER linea_pobreza_cambiaron_del AFTER DELETE ON linea_pobreza
    REFERENCING OLD TABLE AS viejas
    FOR EACH STATEMENT EXECUTE FUNCTION sipros_pobreza_lineas_cambiaron();

-- The figures read from indexes alone, in citizen order, and met in one merge (no sort, no
-- hash of a million rows): each person's benefits newest first, with what the figures need
-- of them; each household's classification and deprivations.
CREATE INDEX beneficio_ciudadano_fecha_idx ON beneficio (ciudadano_id, fecha_entrega DESC, id DESC)
    INCLUDE (municipio_id, programa_id, dependencia_id, monto);
CREATE INDEX pobreza_medicion_cifras_idx ON pobreza_medicion (ciudadano_id)
    INCLUDE (municipio_id, clasificacion, rezago_educativo, salud, seguridad_social, vivienda,
             servicios, alimentacion);
