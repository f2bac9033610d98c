-- the messages of p_ids the caller may handle
CREATE OR REPLACE FUNCTION sipros_mensajes_en_alcance(p_ids bigint[]) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    convocatorias integer[];
    programas integer[];
BEGIN
    IF sipros_ve_todo_personal() THEN
        RETURN p_ids;
    END IF;
    convocatorias := sipros_convocatorias_visibles();
    programas := sipros_programas_visibles();
    RETURN coalesce((SELECT array_agg(m.id) FROM mensaje m
                     WHERE m.id = ANY (p_ids)
                       AND sipros_mensaje_en(m.solicitud_id, m.ciudadano_id, convocatorias,
                                             programas)), '{}');
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_mensajes_en_alcance(bigint[]) FROM PUBLIC;
