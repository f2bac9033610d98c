-- Cupo and budget of a call, for an approval. Locks the call's row so that concurrent approvals
-- of the same call are counted one after the other. SECURITY DEFINER: it counts the approvals
-- the user cannot see too.
CREATE OR REPLACE FUNCTION sipros_verificar_cupo(p_convocatoria integer, p_solicitud bigint,
                                      p_tipo_apoyo integer)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c record;
    aprobadas integer;
    comprometido numeric;
    monto numeric;
BEGIN
    SELECT id, nombre, cupo, presupuesto INTO c FROM convocatoria
    WHERE id = p_convocatoria FOR UPDATE;
    IF c.cupo IS NULL AND c.presupuesto IS NULL THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(t.monto), 0) INTO aprobadas, comprometido
    FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE s.convocatoria_id = p_convocatoria AND s.estado IN ('Aprobada', 'Entregado')
      AND s.id <> p_solicitud;
    IF c.cupo IS NOT NULL AND aprobadas >= c.cupo THEN
        RAISE EXCEPTION 'Cupo agotado: la convocatoria «%» ya tiene % solicitudes aprobadas de un '
            'cupo de %.', c.nombre, aprobadas, c.cupo;
    END IF;
    SELECT t.monto INTO monto FROM tipo_apoyo t WHERE t.id = p_tipo_apoyo;
    IF c.presupuesto IS NOT NULL AND comprometido + monto > c.presupuesto THEN
        RAISE EXCEPTION 'Presupuesto insuficiente: la convocatoria «%» tiene comprometidos % de '
            '% y este apoyo es de %.', c.nombre, to_char(comprometido, 'FM$999,999,999,990.00'),
            to_char(c.presupuesto, 'FM$999,999,999,990.00'), to_char(monto, 'FM$999,999,990.00');
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_verificar_cupo(integer, bigint, integer) FROM PUBLIC;
