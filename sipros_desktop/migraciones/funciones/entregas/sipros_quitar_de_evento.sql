CREATE OR REPLACE FUNCTION sipros_quitar_de_evento(p_evento integer, p_solicitudes bigint[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    e evento_entrega;
    problema text;
    n integer;
BEGIN
    PERFORM sipros_solo_administrador('planean los eventos de entrega y les quitan solicitudes');
    e := sipros_evento_visible(p_evento);
    SELECT string_agg(s.folio, ', ' ORDER BY s.folio) INTO problema
    FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id
    WHERE k.solicitud_id = ANY (p_solicitudes) AND k.evento_id = e.id AND k.estado <> 'Cancelado';
    IF problema IS NOT NULL THEN
        RAISE EXCEPTION 'Estas solicitudes tienen comprobante del evento (cancélelo antes, o ya se '
            'entregaron): %.', problema USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM evento_solicitud WHERE evento_id = e.id AND solicitud_id = ANY (p_solicitudes);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_quitar_de_evento(integer, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_quitar_de_evento(integer, bigint[]) TO sipros_administrador;
