-- Undo the merge of a pair: the absorbed file comes back with its id, CURP, who registered it
-- and when; its applications, benefits, documents, questionnaires, address, aliases, messages
-- and decisions go back to it; the benefits the merge dropped as repeated come back; the
-- surviving file loses what it took (alias, phone and e-mail if unchanged since); the pair
-- returns to the review as pending. Rows written after the merge stay where they are.
CREATE OR REPLACE FUNCTION sipros_separar(p_revision bigint, p_motivo text) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    f fusion;
    c1 ciudadano;
    columnas text;
    rev jsonb;
    n_sol integer;
    n_ben integer;
    n_doc integer;
BEGIN
    PERFORM sipros_es_revisor();
    IF btrim(coalesce(p_motivo, '')) = '' THEN
        RAISE EXCEPTION 'Escriba por qué se deshace la fusión.' USING ERRCODE = 'SC001';
    END IF;
    SELECT * INTO f FROM fusion
    WHERE revision_id = p_revision AND separado IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El par % no tiene una fusión que deshacer.', p_revision
            USING ERRCODE = 'SC001';
    END IF;
    SELECT * INTO c1 FROM ciudadano WHERE id = f.conservado_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El expediente que se conservó ya no existe (se fusionó después con otro): '
            'deshaga primero esa fusión.' USING ERRCODE = 'SC005';
    END IF;
    IF EXISTS (SELECT 1 FROM ciudadano WHERE id = f.absorbido_id
                                          OR curp = f.absorbido ->> 'curp') THEN
        RAISE EXCEPTION 'El expediente de la CURP % ya existe otra vez.', f.absorbido ->> 'curp'
            USING ERRCODE = 'SC005';
    END IF;
    PERFORM set_config('sipros.restaurando', 'on', true);

    DELETE FROM ciudadano_alias
    WHERE curp = f.absorbido ->> 'curp' AND ciudadano_id = f.conservado_id;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columnas
    FROM pg_attribute
    WHERE attrelid = 'ciudadano'::regclass AND attnum > 0 AND NOT attisdropped
      AND attgenerated = '';
    EXECUTE format('INSERT INTO ciudadano (%1$s) SELECT %1$s FROM '
                   'jsonb_populate_record(NULL::ciudadano, $1)', columnas)
        USING f.absorbido;

    UPDATE solicitud SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'solicitud')::bigint);
    GET DIAGNOSTICS n_sol = ROW_COUNT;
    UPDATE beneficio SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'beneficio')::bigint);
    GET DIAGNOSTICS n_ben = ROW_COUNT;
    INSERT INTO beneficio
    SELECT (jsonb_populate_record(NULL::beneficio, b)).*
    FROM jsonb_array_elements(f.restaurar -> 'beneficios') b
    ON CONFLICT DO NOTHING;
    UPDATE documento SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'documento')::bigint);
    GET DIAGNOSTICS n_doc = ROW_COUNT;
    UPDATE cuestionario SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'cuestionario')::bigint);
    -- the address: moved back, or put back when the surviving file kept its own
    UPDATE domicilio SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'domicilio')::bigint);
    IF NOT EXISTS (SELECT 1 FROM domicilio WHERE ciudadano_id = f.absorbido_id) THEN
        INSERT INTO domicilio
        SELECT (jsonb_populate_record(NULL::domicilio, d)).*
        FROM jsonb_array_elements(f.restaurar -> 'domicilio') d
        ON CONFLICT DO NOTHING;
    END IF;
    DELETE FROM atencion a
    USING jsonb_array_elements(f.movido -> 'atencion_copiada') x
    WHERE a.ciudadano_id = f.conservado_id AND a.usuario = x ->> 'usuario'
      AND a.fecha = (x ->> 'fecha')::date;
    INSERT INTO atencion
    SELECT (jsonb_populate_record(NULL::atencion, a)).*
    FROM jsonb_array_elements(f.restaurar -> 'atencion') a
    ON CONFLICT DO NOTHING;
    UPDATE duplicado_decision SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'decision_ciudadano')::bigint);
    UPDATE duplicado_decision SET candidato_id = f.absorbido_id
    WHERE candidato_id = f.conservado_id
      AND id IN (SELECT jsonb_array_elements_text(f.movido -> 'decision_candidato')::bigint);
    INSERT INTO duplicado_decision
    SELECT (jsonb_populate_record(NULL::duplicado_decision, d)).*
    FROM jsonb_array_elements(f.restaurar -> 'decisiones') d
    WHERE EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = (d ->> 'ciudadano_id')::bigint)
      AND EXISTS (SELECT 1 FROM ciudadano c WHERE c.id = (d ->> 'candidato_id')::bigint)
    ON CONFLICT DO NOTHING;
    UPDATE ciudadano_alias SET ciudadano_id = f.absorbido_id
    WHERE id IN (SELECT jsonb_array_elements_text(f.restaurar -> 'alias')::bigint);
    UPDATE mensaje SET ciudadano_id = f.absorbido_id
    WHERE ciudadano_id IS NULL
      AND id IN (SELECT jsonb_array_elements_text(f.restaurar -> 'mensajes')::bigint);
    -- the pairs of the absorbed file: as they were before the merge (this one pending again)
    FOR rev IN SELECT * FROM jsonb_array_elements(f.restaurar -> 'revisiones') LOOP
        UPDATE duplicado_revision r SET
            ciudadano_id = (rev ->> 'ciudadano_id')::bigint,
            candidato_id = (rev ->> 'candidato_id')::bigint,
            estado = rev ->> 'estado', decidido = (rev ->> 'decidido')::timestamptz,
            decidido_por = rev ->> 'decidido_por',
            conservado_id = (rev ->> 'conservado_id')::bigint,
            comentario = rev ->> 'comentario',
            detalle = CASE WHEN r.id = p_revision THEN NULL ELSE r.detalle END
        WHERE r.id = (rev ->> 'id')::bigint
          AND (r.id = p_revision OR r.comentario = 'El expediente se fusionó en otro'
               OR r.ciudadano_id IS NULL OR r.candidato_id IS NULL
               OR r.ciudadano_id = f.conservado_id);
    END LOOP;
    -- the phone and e-mail the surviving file took, if nobody changed them since
    UPDATE ciudadano SET
        telefono = CASE WHEN (f.restaurar #>> '{contacto,telefono}') IS NULL
                             AND telefono IS NOT DISTINCT FROM f.absorbido ->> 'telefono'
                        THEN NULL ELSE telefono END,
        correo = CASE WHEN (f.restaurar #>> '{contacto,correo}') IS NULL
                           AND correo IS NOT DISTINCT FROM f.absorbido ->> 'correo'
                      THEN NULL ELSE correo END,
        actualizado = now()
    WHERE id = f.conservado_id
      AND ((f.restaurar #>> '{contacto,telefono}') IS NULL
           OR (f.restaurar #>> '{contacto,correo}') IS NULL);
    UPDATE fusion SET separado = now(), separado_por = session_user,
        motivo = left(btrim(p_motivo), 500)
    WHERE id = f.id;
    PERFORM set_config('sipros.restaurando', 'off', true);
    RETURN jsonb_build_object('curp', f.absorbido ->> 'curp', 'ciudadano_id', f.absorbido_id,
                              'solicitudes', n_sol, 'beneficios', n_ben, 'documentos', n_doc);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_separar(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_separar(bigint, text) TO sipros_administrador;
