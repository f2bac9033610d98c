-- link a document of the citizen's file to one of the citizen's applications, as the type
-- the call asks for; the date comes with it (and the call's limit is checked by the trigger)
CREATE OR REPLACE FUNCTION sipros_documento_reutilizar(p_documento bigint, p_solicitud bigint,
                                            p_tipo text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    d documento;
    s record;
    nuevo bigint;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_ventanilla', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo la ventanilla adjunta documentos a una solicitud.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO d FROM documento WHERE id = p_documento;
    -- an application of a call of the caller's alcance (scope by row: the document goes to
    -- an application the caller may file, not to any of the citizen's)
    SELECT so.id, so.ciudadano_id, so.estado, so.folio INTO s FROM solicitud so
    WHERE so.id = p_solicitud AND (alcance IS NULL OR so.convocatoria_id = ANY (alcance));
    -- (the same answer for a document or an application that does not exist and for one
    -- of a citizen the caller is not serving or of a call outside its alcance)
    IF d.id IS NULL OR s.id IS NULL OR d.ciudadano_id <> s.ciudadano_id
       OR NOT sipros_atiende(d.ciudadano_id) THEN
        RAISE EXCEPTION 'El documento no está en el expediente del solicitante o no lo está '
            'atendiendo. Abra su expediente por CURP.' USING ERRCODE = 'no_data_found';
    END IF;
    IF s.estado NOT IN ('En proceso', 'Corrección') THEN
        RAISE EXCEPTION 'La solicitud % está en «%»: ya no se le adjuntan documentos.',
            s.folio, s.estado USING ERRCODE = 'check_violation';
    END IF;
    IF p_tipo IS NULL OR btrim(p_tipo) = '' THEN
        RAISE EXCEPTION 'Diga qué documento requerido cubre.' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, sha256)
    VALUES (d.ciudadano_id, s.id, p_tipo, d.nombre_archivo, d.sha256)
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_documento_reutilizar(bigint, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_documento_reutilizar(bigint, bigint, text) TO sipros_ventanilla;
