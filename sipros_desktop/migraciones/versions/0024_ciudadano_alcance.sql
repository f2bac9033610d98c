-- ---------------------------------------------------------------------------
-- 0024: the programmes through which staff see each citizen.
-- An official of an área sees the citizens with an application to a call of its programmes or
-- a benefit of them (sipros_alcance_ciudadano_ids_sql). Counting that scope whole (the
-- registered households by poverty, the citizens of the scope) rebuilt it on each query from
-- ~1.9 M applications and ~0.8 M benefits of the 1 M demo and set the ~950 k ids apart: 0.8 s
-- of the 0.84 s of «registrados» for an official of área SSDS. This table keeps, for each
-- citizen with business, the sorted set of those programmes; the scope of an official is then
-- «programas && its programmes», read in citizen order from the primary key alone.
-- Derived data: written only by the triggers of solicitud and beneficio (which are audited),
-- read only by the owner's functions; no staff role has any privilege on it.
-- ---------------------------------------------------------------------------
CREATE TABLE ciudadano_alcance (
    ciudadano_id bigint NOT NULL REFERENCES ciudadano (id) ON DELETE CASCADE,
    programas    integer[] NOT NULL CHECK (cardinality(programas) > 0),
    CONSTRAINT ciudadano_alcance_pkey PRIMARY KEY (ciudadano_id) INCLUDE (programas)
);
REVOKE ALL ON ciudadano_alcance FROM PUBLIC;
COMMENT ON TABLE ciudadano_alcance IS
    'Los programas de las solicitudes y los beneficios de cada ciudadano (el alcance de quien ve '
    'ciudadanos por programa). Derivada de solicitud y beneficio por disparadores; sin permisos '
    'para el personal.';

-- the whole state is measured again in batches now (sipros_pobreza_recalcular(bigint,
-- integer), migraciones/funciones/pobreza/)
DROP FUNCTION IF EXISTS sipros_pobreza_recalcular();
