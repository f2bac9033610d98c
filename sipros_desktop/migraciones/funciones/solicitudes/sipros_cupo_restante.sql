-- ---------------------------------------------------------------------------
-- Locks and timeouts: one official's open transaction never stalls another área
-- ---------------------------------------------------------------------------
-- cupo of a bulk approval: only the calls the caller may decide are locked (or counted)
CREATE OR REPLACE FUNCTION sipros_cupo_restante(p_convocatorias integer[], p_bloquear boolean)
    RETURNS TABLE (convocatoria_id integer, cupo_restante integer, presupuesto_restante numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    propias integer[];
BEGIN
    SELECT coalesce(array_agg(x), '{}') INTO propias FROM unnest(p_convocatorias) x
    WHERE sipros_alcance_estatal() OR x = ANY (sipros_convocatorias_visibles());
    IF p_bloquear THEN
        PERFORM 1 FROM convocatoria c WHERE c.id = ANY (propias) ORDER BY c.id FOR UPDATE;
    END IF;
    RETURN QUERY
    SELECT c.id,
           c.cupo - coalesce(a.n, 0)::integer,
           c.presupuesto - coalesce(a.monto, 0)
    FROM convocatoria c
    LEFT JOIN LATERAL (
        SELECT count(*) AS n, sum(t.monto) AS monto
        FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
        WHERE s.convocatoria_id = c.id AND s.estado IN ('Aprobada', 'Entregado')) a ON true
    WHERE c.id = ANY (propias);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_cupo_restante(integer[], boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_cupo_restante(integer[], boolean) TO sipros_funcionario;
