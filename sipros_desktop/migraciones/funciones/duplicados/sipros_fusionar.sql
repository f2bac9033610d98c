CREATE OR REPLACE FUNCTION sipros_fusionar(p_conserva bigint, p_absorbe bigint, p_revision bigint)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c1 ciudadano;
    c2 ciudadano;
    choque text;
    n_sol integer;
    n_ben integer;
    n_rep integer;
    n_doc integer;
    n_cue integer;
    resultado jsonb;
    restaurar jsonb;
    movido jsonb;
BEGIN
    PERFORM sipros_es_revisor();
    IF p_revision IS NULL THEN
        RAISE EXCEPTION 'Solo se fusiona un par de la revisión de duplicados.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_conserva = p_absorbe THEN
        RAISE EXCEPTION 'Elija dos expedientes distintos.' USING ERRCODE = 'SC001';
    END IF;
    -- both files locked, in id order (two merges of the same pair never deadlock)
    PERFORM 1 FROM ciudadano WHERE id IN (p_conserva, p_absorbe) ORDER BY id FOR UPDATE;
    SELECT * INTO c1 FROM ciudadano WHERE id = p_conserva;
    SELECT * INTO c2 FROM ciudadano WHERE id = p_absorbe;
    IF c1.id IS NULL OR c2.id IS NULL THEN
        RAISE EXCEPTION 'Uno de los expedientes ya no existe (¿se fusionó antes?).'
            USING ERRCODE = 'SC001';
    END IF;
    SELECT string_agg(format('%s y %s (%s)', s1.folio, s2.folio, cv.nombre), '; ')
    INTO choque
    FROM solicitud s1
    JOIN solicitud s2 ON s2.convocatoria_id = s1.convocatoria_id
    JOIN convocatoria cv ON cv.id = s1.convocatoria_id
    WHERE s1.ciudadano_id = p_conserva AND s2.ciudadano_id = p_absorbe
      AND s1.estado NOT IN ('Rechazada', 'Baja') AND s2.estado NOT IN ('Rechazada', 'Baja');
    IF choque IS NOT NULL THEN
        RAISE EXCEPTION 'Los dos expedientes tienen solicitudes vivas en la misma convocatoria: %. '
            'Dé de baja una de cada par antes de fusionar.', choque USING ERRCODE = 'SC006';
    END IF;

    -- what goes away with the absorbed file, and what will move, as it is now
    restaurar := jsonb_build_object(
        'domicilio', (SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]') FROM domicilio d
                      WHERE d.ciudadano_id = p_absorbe),
        'atencion', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]') FROM atencion a
                     WHERE a.ciudadano_id = p_absorbe),
        'decisiones', (SELECT coalesce(jsonb_agg(to_jsonb(d)), '[]') FROM duplicado_decision d
                       WHERE d.ciudadano_id = p_absorbe OR d.candidato_id = p_absorbe),
        'revisiones', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'id', r.id, 'ciudadano_id', r.ciudadano_id,
                            'candidato_id', r.candidato_id, 'estado', r.estado,
                            'decidido', r.decidido, 'decidido_por', r.decidido_por,
                            'conservado_id', r.conservado_id, 'comentario', r.comentario)), '[]')
                       FROM duplicado_revision r
                       WHERE r.ciudadano_id = p_absorbe OR r.candidato_id = p_absorbe),
        'mensajes', (SELECT coalesce(jsonb_agg(m.id), '[]') FROM mensaje m
                     WHERE m.ciudadano_id = p_absorbe),
        'alias', (SELECT coalesce(jsonb_agg(a.id), '[]') FROM ciudadano_alias a
                  WHERE a.ciudadano_id = p_absorbe),
        'contacto', jsonb_build_object('telefono', c1.telefono, 'correo', c1.correo),
        'beneficios', (SELECT coalesce(jsonb_agg(to_jsonb(b)), '[]') FROM beneficio b
                       WHERE b.ciudadano_id = p_absorbe AND b.origen = 'Carga masiva'
                         AND EXISTS (SELECT 1 FROM beneficio o
                                     WHERE o.ciudadano_id = p_conserva
                                       AND o.origen = 'Carga masiva'
                                       AND o.programa_id = b.programa_id
                                       AND o.tipo_apoyo_id IS NOT DISTINCT FROM b.tipo_apoyo_id
                                       AND o.fecha_entrega = b.fecha_entrega)));
    movido := jsonb_build_object(
        'solicitud', (SELECT coalesce(jsonb_agg(s.id), '[]') FROM solicitud s
                      WHERE s.ciudadano_id = p_absorbe),
        'documento', (SELECT coalesce(jsonb_agg(d.id), '[]') FROM documento d
                      WHERE d.ciudadano_id = p_absorbe),
        'cuestionario', (SELECT coalesce(jsonb_agg(q.id), '[]') FROM cuestionario q
                         WHERE q.ciudadano_id = p_absorbe),
        'atencion_copiada', '[]'::jsonb);

    UPDATE solicitud SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_sol = ROW_COUNT;
    -- the same loaded benefit under both CURPs was reported twice: the surviving file keeps one
    DELETE FROM beneficio b
    WHERE b.id IN (SELECT (x ->> 'id')::bigint
                   FROM jsonb_array_elements(restaurar -> 'beneficios') x);
    GET DIAGNOSTICS n_rep = ROW_COUNT;
    movido := movido || jsonb_build_object(
        'beneficio', (SELECT coalesce(jsonb_agg(b.id), '[]') FROM beneficio b
                      WHERE b.ciudadano_id = p_absorbe));
    UPDATE beneficio SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_ben = ROW_COUNT;
    UPDATE documento SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_doc = ROW_COUNT;
    UPDATE cuestionario SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    GET DIAGNOSTICS n_cue = ROW_COUNT;
    -- the surviving file keeps its own address; it takes the other's when it has none
    WITH m AS (
        UPDATE domicilio SET ciudadano_id = p_conserva
        WHERE ciudadano_id = p_absorbe
          AND NOT EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = p_conserva)
        RETURNING id)
    SELECT movido || jsonb_build_object('domicilio', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    WITH n AS (
        INSERT INTO atencion (usuario, fecha, ciudadano_id, desde)
        SELECT usuario, fecha, p_conserva, desde FROM atencion WHERE ciudadano_id = p_absorbe
        ON CONFLICT DO NOTHING
        RETURNING usuario, fecha)
    SELECT movido || jsonb_build_object('atencion_copiada',
                                        coalesce(jsonb_agg(jsonb_build_object(
                                            'usuario', n.usuario, 'fecha', n.fecha)), '[]'))
    INTO movido FROM n;
    -- decisions about the absorbed file now speak of the surviving one
    WITH m AS (
        UPDATE duplicado_decision d SET ciudadano_id = p_conserva
        WHERE d.ciudadano_id = p_absorbe AND d.candidato_id <> p_conserva
          AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                          WHERE o.ciudadano_id = p_conserva AND o.candidato_id = d.candidato_id)
        RETURNING d.id)
    SELECT movido || jsonb_build_object('decision_ciudadano', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    WITH m AS (
        UPDATE duplicado_decision d SET candidato_id = p_conserva
        WHERE d.candidato_id = p_absorbe AND d.ciudadano_id <> p_conserva
          AND NOT EXISTS (SELECT 1 FROM duplicado_decision o
                          WHERE o.candidato_id = p_conserva AND o.ciudadano_id = d.ciudadano_id)
        RETURNING d.id)
    SELECT movido || jsonb_build_object('decision_candidato', coalesce(jsonb_agg(m.id), '[]'))
    INTO movido FROM m;
    UPDATE duplicado_revision r SET ciudadano_id = p_conserva
    WHERE r.ciudadano_id = p_absorbe AND r.candidato_id IS NULL;
    UPDATE ciudadano_alias SET ciudadano_id = p_conserva WHERE ciudadano_id = p_absorbe;
    -- what the surviving file lacks, the other may give (phone, e-mail)
    UPDATE ciudadano SET telefono = coalesce(c1.telefono, c2.telefono),
                         correo = coalesce(c1.correo, c2.correo), actualizado = now()
    WHERE id = p_conserva AND (c1.telefono IS NULL OR c1.correo IS NULL);
    -- the other pairs of the absorbed file leave the review (their other file stays)
    UPDATE duplicado_revision SET estado = 'Descartada', decidido = now(),
        decidido_por = session_user, conservado_id = p_conserva,
        comentario = 'El expediente se fusionó en otro'
    WHERE estado = 'Pendiente' AND candidato_id IS NOT NULL
      AND (ciudadano_id = p_absorbe OR candidato_id = p_absorbe)
      AND id IS DISTINCT FROM p_revision;
    resultado := jsonb_build_object('solicitudes', n_sol, 'beneficios', n_ben,
                                    'beneficios_repetidos', n_rep, 'documentos', n_doc,
                                    'cuestionarios', n_cue, 'curp_alias', c2.curp,
                                    'conservado', c1.curp);
    UPDATE duplicado_revision SET estado = 'Misma persona', decidido = now(),
        decidido_por = session_user, conservado_id = p_conserva, detalle = resultado
    WHERE id = p_revision;
    INSERT INTO fusion (revision_id, conservado_id, absorbido_id, absorbido, restaurar, movido)
    VALUES (p_revision, p_conserva, p_absorbe, to_jsonb(c2), restaurar, movido);
    DELETE FROM ciudadano WHERE id = p_absorbe;
    INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
    VALUES (c2.curp, p_conserva, 'Fusión',
            concat_ws(' ', c2.nombre, c2.apellido_paterno, c2.apellido_materno));
    RETURN resultado;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_fusionar(bigint, bigint, bigint) FROM PUBLIC;
