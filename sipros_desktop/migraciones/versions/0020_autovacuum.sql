-- 0020: autovacuum of the tables that grow in batches. PostgreSQL vacuums a table after
-- autovacuum_vacuum_insert_threshold + autovacuum_vacuum_insert_scale_factor × rows inserted
-- rows (1,000 + 20 % by default): on a registry of 1 M citizens a roll of 100 k rows, or a
-- month of front-desk work, never gets there. Until a vacuum sets a page all-visible in the
-- visibility map, every index-only scan (the name search over ciudadano_palabra, the
-- consulta limit over bitacora, the counters over solicitud) visits the table for each row
-- on it: the name search measured p95 90–107 ms on a fresh 1 M demo, 18–35 ms once vacuumed.
-- Staff load rolls and cannot VACUUM; so these tables ask autovacuum to come after 1 % of
-- their rows plus 10,000 were inserted (a 100 k roll on 1 M citizens: after 20 k rows), and
-- to re-analyze after 2 % changed (the planner sees a roll's rows before it plans over them).
-- Tables that are also updated in place (states of applications, vouchers, messages) are
-- vacuumed of dead rows after 5 % instead of 20 %.
-- Only storage parameters: no data is rewritten, the migration takes milliseconds.

ALTER TABLE ciudadano SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE ciudadano_palabra SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE domicilio SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE cuestionario SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE solicitud SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE solicitud_historial SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE documento SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE beneficio SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE comprobante SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE mensaje SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE bitacora SET (autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_analyze_scale_factor = 0.02);
