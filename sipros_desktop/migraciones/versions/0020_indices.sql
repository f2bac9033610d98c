-- 0020: the counts every official's Inicio asks at login, from an index alone. «Solicitudes
-- que esperan dictamen» counts the applications in process of the caller's scope and finds
-- the oldest; «Correcciones que esperan en la ventanilla» the same for those in Corrección.
-- Row-level security filters each row by its call (convocatoria_id), which no index on the
-- state carried: 478 k rows read from the table for a state-wide official on the 1 M demo
-- (150–400 ms alone; the corrections 130 ms), seconds when 300 people log in at once. With
-- the call and both dates in the index the counts and the oldest dates come from it (45–130
-- and 11–25 ms), once the visibility map is set (autovacuum, 0020_autovacuum.sql, or the
-- demo's VACUUM).
CREATE INDEX solicitud_estado_convocatoria_idx ON solicitud (estado, convocatoria_id)
    INCLUDE (fecha_solicitud, actualizado);
