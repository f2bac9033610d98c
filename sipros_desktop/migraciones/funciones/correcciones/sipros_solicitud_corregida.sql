CREATE OR REPLACE FUNCTION sipros_solicitud_corregida() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NEW.id, 'respuestas',
        coalesce(OLD.respuestas, '{}'), coalesce(NEW.respuestas, '{}'));
    PERFORM sipros_correccion_anotar(NEW.ciudadano_id, NEW.id, 'tipo de apoyo',
        jsonb_build_object('tipo_apoyo',
                           (SELECT t.nombre FROM tipo_apoyo t WHERE t.id = OLD.tipo_apoyo_id)),
        jsonb_build_object('tipo_apoyo',
                           (SELECT t.nombre FROM tipo_apoyo t WHERE t.id = NEW.tipo_apoyo_id)));
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_corregida() FROM PUBLIC;
