-- 0019: the counts every official's Inicio and Solicitudes ask at login, from an index alone.
-- «Solicitudes que esperan dictamen» counts the applications in process of the caller's scope
-- and the oldest of them; row-level security filters each one by its call (convocatoria_id),
-- which no index carried: 478 k rows read from the table for a state-wide official on the
-- 1 M demo (150–400 ms alone, seconds when 300 people log in at once). With the call and the
-- date in the index, the count and the oldest date come from it (45–130 ms), the visibility
-- map set by autovacuum (0019_autovacuum.sql) or by the demo's VACUUM.
CREATE INDEX solicitud_estado_convocatoria_idx ON solicitud (estado, convocatoria_id)
    INCLUDE (fecha_solicitud);
