CREATE OR REPLACE FUNCTION sipros_duplicado_decidir(p_revision bigint, p_decision text,
                                                    p_conserva bigint DEFAULT NULL,
                                                    p_comentario text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    r duplicado_revision;
    f jsonb;
    destino bigint;
    prog integer;
    dep integer;
    resultado jsonb := '{}';
BEGIN
    PERFORM sipros_es_revisor();
    SELECT * INTO r FROM duplicado_revision WHERE id = p_revision FOR UPDATE;
    IF r.id IS NULL THEN
        RAISE EXCEPTION 'No existe el par % en la revisión.', p_revision USING ERRCODE = 'SC001';
    END IF;
    IF r.estado <> 'Pendiente' THEN
        RAISE EXCEPTION 'Ese par ya se decidió: «%».', r.estado USING ERRCODE = 'SC007';
    END IF;
    IF p_decision NOT IN ('Personas distintas', 'Misma persona') THEN
        RAISE EXCEPTION 'Decisión desconocida: «%».', p_decision USING ERRCODE = 'SC001';
    END IF;
    IF r.fila IS NULL THEN
        IF p_decision = 'Personas distintas' THEN
            UPDATE duplicado_revision SET estado = p_decision, decidido = now(),
                decidido_por = session_user, comentario = nullif(btrim(p_comentario), '')
            WHERE id = p_revision;
            RETURN resultado;
        END IF;
        IF r.ciudadano_id IS NULL OR r.candidato_id IS NULL THEN
            RAISE EXCEPTION 'Uno de los expedientes del par ya no existe.' USING ERRCODE = 'SC001';
        END IF;
        IF p_conserva IS NULL OR p_conserva NOT IN (r.ciudadano_id, r.candidato_id) THEN
            RAISE EXCEPTION 'Elija cuál de los dos expedientes se conserva.' USING ERRCODE = 'SC001';
        END IF;
        UPDATE duplicado_revision SET comentario = nullif(btrim(p_comentario), '')
        WHERE id = p_revision;
        RETURN sipros_fusionar(p_conserva,
                               CASE WHEN p_conserva = r.ciudadano_id THEN r.candidato_id
                                    ELSE r.ciudadano_id END,
                               p_revision);
    END IF;
    -- a held roll row
    f := r.fila;
    SELECT k.programa_id, k.dependencia_id INTO prog, dep FROM carga_masiva k
    WHERE k.id = r.carga_masiva_id AND k.estado = 'Aplicada';
    IF prog IS NULL THEN
        RAISE EXCEPTION 'La carga de esa fila ya no está aplicada.' USING ERRCODE = 'SC005';
    END IF;
    -- (as a load: one writer of a programme's loaded benefits at a time)
    PERFORM pg_advisory_xact_lock(hashtext('sipros_carga'), prog);
    IF p_decision = 'Personas distintas' THEN
        SELECT id INTO destino FROM ciudadano WHERE curp = f ->> 'curp';
        IF destino IS NULL THEN
            INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno,
                                   fecha_nacimiento, sexo, entidad_nacimiento, telefono,
                                   carga_masiva_id)
            VALUES (f ->> 'curp', f ->> 'nombre', f ->> 'apellido_paterno',
                    f ->> 'apellido_materno', (f ->> 'fecha_nacimiento')::date, f ->> 'sexo',
                    substr(f ->> 'curp', 12, 2), f ->> 'telefono', r.carga_masiva_id)
            RETURNING id INTO destino;
        END IF;
    ELSE
        IF r.ciudadano_id IS NULL THEN
            RAISE EXCEPTION 'El expediente registrado ya no existe.' USING ERRCODE = 'SC001';
        END IF;
        destino := r.ciudadano_id;
        INSERT INTO ciudadano_alias (curp, ciudadano_id, origen, nombre)
        SELECT f ->> 'curp', destino, 'Misma persona en carga',
               concat_ws(' ', f ->> 'nombre', f ->> 'apellido_paterno', f ->> 'apellido_materno')
        WHERE NOT EXISTS (SELECT 1 FROM ciudadano c WHERE c.curp = f ->> 'curp')
        ON CONFLICT (curp) DO NOTHING;
    END IF;
    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           carga_masiva_id, origen, fecha_entrega, monto, cantidad,
                           municipio_id, localidad_id, colonia_id)
    VALUES (destino, prog, (f ->> 'tipo_apoyo_id')::integer, dep, r.carga_masiva_id,
            'Carga masiva', (f ->> 'fecha_entrega')::date, (f ->> 'monto')::numeric,
            (f ->> 'cantidad')::integer, (f ->> 'municipio_id')::integer,
            (f ->> 'localidad_id')::integer, (f ->> 'colonia_id')::integer)
    ON CONFLICT DO NOTHING;
    UPDATE carga_masiva SET beneficios = beneficios + 1, a_revision = a_revision - 1,
        monto_total = monto_total + (f ->> 'monto')::numeric
    WHERE id = r.carga_masiva_id;
    UPDATE duplicado_revision SET estado = p_decision, decidido = now(),
        decidido_por = session_user, conservado_id = destino,
        candidato_id = CASE WHEN p_decision = 'Personas distintas' THEN destino END,
        comentario = nullif(btrim(p_comentario), '')
    WHERE id = p_revision;
    RETURN jsonb_build_object('ciudadano_id', destino);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_duplicado_decidir(bigint, text, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_duplicado_decidir(bigint, text, bigint, text) TO sipros_administrador;
