-- The voucher notice («Su apoyo se entrega el … en …») waits until the event has a place:
-- an event created by «comprobantes imprimir» is «Lugar por confirmar», and a citizen told to
-- go to «Lugar por confirmar» cannot go anywhere. When an administrator sets the place, the
-- notices of the event's live vouchers go out, in that transaction.
CREATE OR REPLACE FUNCTION sipros_lugar_confirmado(p_domicilio text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT nullif(btrim(coalesce(p_domicilio, '')), '') IS NOT NULL
       AND lower(btrim(p_domicilio)) NOT IN ('lugar por confirmar', 'por confirmar')
$$;
