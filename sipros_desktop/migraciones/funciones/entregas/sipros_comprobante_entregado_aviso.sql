CREATE OR REPLACE FUNCTION sipros_comprobante_entregado_aviso() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    -- only what the dispatcher has not taken: a message being sent («Enviando») is left to it
    UPDATE mensaje SET estado = 'Cancelado', cancelado_por = session_user,
        respuesta = format('No se envió: el apoyo se entregó el %s, antes que el aviso.',
                           to_char(NEW.entregado AT TIME ZONE 'America/Mexico_City',
                                   'DD/MM/YYYY "a las" HH24:MI'))
    WHERE solicitud_id = NEW.solicitud_id AND evento = 'comprobante' AND estado = 'Pendiente';
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_comprobante_entregado_aviso() FROM PUBLIC;
