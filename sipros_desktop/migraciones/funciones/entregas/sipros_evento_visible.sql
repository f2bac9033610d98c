-- The event, if the caller may work with it (its programme is in the caller's scope).
CREATE OR REPLACE FUNCTION sipros_evento_visible(p_evento integer) RETURNS evento_entrega
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    e evento_entrega;
BEGIN
    SELECT ev.* INTO e FROM evento_entrega ev
    WHERE ev.id = p_evento
      AND (alcance IS NULL OR ev.convocatoria_id = ANY (alcance));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El evento de entrega % no existe o no está en su alcance.', p_evento
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN e;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_evento_visible(integer) FROM PUBLIC;
