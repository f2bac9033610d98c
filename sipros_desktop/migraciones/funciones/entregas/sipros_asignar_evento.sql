-- As in 0010, for administrators only (who also holds the delivery profile keeps it).
CREATE OR REPLACE FUNCTION sipros_asignar_evento(p_evento integer, p_solicitudes bigint[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
    problema text;
    n integer;
BEGIN
    PERFORM sipros_solo_administrador('planean los eventos de entrega y les asignan solicitudes');
    e := sipros_evento_visible(p_evento);
    SELECT string_agg(x.motivo, '; ' ORDER BY x.motivo) INTO problema FROM (
        SELECT coalesce(s.folio, 'solicitud ' || q.id) || ': ' || CASE
                   WHEN s.id IS NULL THEN 'no existe o no está en su alcance'
                   WHEN s.convocatoria_id <> e.convocatoria_id THEN 'es de otra convocatoria'
                   WHEN s.estado <> 'Aprobada' THEN 'está en «' || s.estado || '»'
                   ELSE 'tiene un comprobante vigente de otro evento; cancélelo antes' END AS motivo
        FROM unnest(p_solicitudes) AS q(id)
        LEFT JOIN solicitud s ON s.id = q.id
            AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance))
        WHERE s.id IS NULL OR s.convocatoria_id <> e.convocatoria_id OR s.estado <> 'Aprobada'
           OR EXISTS (SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id
                      AND k.estado = 'Vigente' AND k.evento_id IS DISTINCT FROM e.id)
        LIMIT 5) x;
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'No se asignó ninguna solicitud al evento «%»: %.', e.nombre, problema
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO evento_solicitud (solicitud_id, evento_id)
    SELECT DISTINCT q.id, e.id FROM unnest(p_solicitudes) AS q(id)
    ON CONFLICT (solicitud_id) DO UPDATE SET evento_id = EXCLUDED.evento_id,
        asignado = now(), asignado_por = session_user
        WHERE evento_solicitud.evento_id <> EXCLUDED.evento_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_asignar_evento(integer, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_asignar_evento(integer, bigint[]) TO sipros_administrador;
