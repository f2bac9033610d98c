-- Vouchers of other events a beneficiary may bring to this one by mistake — those of the same
-- call, and those of events of the caller's programmes on the same day —, each with only its
-- hash and its event: the point says «es de otro evento: … en Corregidora» without
-- connection, and the kit carries nothing more about their people.
CREATE OR REPLACE FUNCTION sipros_kit_otros_eventos(p_evento integer)
    RETURNS TABLE (codigo_hash bytea, evento_id integer, evento text, fecha date,
                   municipio text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
BEGIN
    IF NOT sipros_puede_emitir() THEN
        RAISE EXCEPTION 'Solo el personal de entregas descarga el paquete de un evento.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    e := sipros_evento_visible(p_evento);
    RETURN QUERY
    SELECT k.codigo_hash, ev.id, ev.nombre, ev.fecha, m.nombre::text
    FROM evento_entrega ev
    JOIN municipio m ON m.id = ev.municipio_id
    JOIN comprobante k ON k.evento_id = ev.id AND k.estado <> 'Cancelado'
    WHERE ev.id <> e.id
      AND (ev.convocatoria_id = e.convocatoria_id OR ev.fecha = e.fecha)
      AND (alcance IS NULL OR ev.convocatoria_id = ANY (alcance));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_kit_otros_eventos(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_kit_otros_eventos(integer) TO sipros_administrador, sipros_entrega;
