CREATE OR REPLACE FUNCTION sipros_sms_resumen()
    RETURNS TABLE (estado text, mensajes bigint, mas_antiguo timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    convocatorias integer[];
    programas integer[];
BEGIN
    IF sipros_ve_todo_personal() OR pg_has_role(session_user, 'sipros_despacho', 'MEMBER') THEN
        RETURN QUERY SELECT m.estado, count(*), min(m.creado) FROM mensaje m GROUP BY m.estado;
        RETURN;
    END IF;
    IF NOT pg_has_role(session_user, 'sipros_administrador', 'MEMBER') THEN
        RAISE EXCEPTION 'Solo los administradores y el despachador ven la bandeja de mensajes.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    convocatorias := sipros_convocatorias_visibles();
    programas := sipros_programas_visibles();
    RETURN QUERY
    SELECT m.estado, count(*), min(m.creado) FROM mensaje m
    WHERE sipros_mensaje_en(m.solicitud_id, m.ciudadano_id, convocatorias, programas)
    GROUP BY m.estado;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_resumen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_sms_resumen() TO sipros_administrador, sipros_despacho;
