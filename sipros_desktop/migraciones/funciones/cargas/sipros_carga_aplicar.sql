-- Applying a load and deciding a held row: as in 0011 and 0015, with the colonia.
CREATE OR REPLACE FUNCTION sipros_carga_aplicar(p_carga integer, p_estricta boolean DEFAULT false)
    RETURNS TABLE (carga_id integer, ciudadanos_nuevos integer, beneficios integer,
                   a_revision integer, monto numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    k carga_masiva := sipros_carga_propia(p_carga);
    dep integer;
    n_ciudadanos integer;
    n_beneficios integer;
    n_revision integer;
    total numeric;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM carga_valor WHERE carga_masiva_id = p_carga) THEN
        RAISE EXCEPTION 'Valide la carga antes de aplicarla.' USING ERRCODE = 'SC002';
    END IF;
    IF p_estricta AND k.filas_error > 0 THEN
        RAISE EXCEPTION 'La carga tiene % filas con problemas y se pidió aplicarla completa o '
            'nada: no se aplicó ninguna.', k.filas_error USING ERRCODE = 'SC003';
    END IF;
    IF k.filas_validas = 0 THEN
        RAISE EXCEPTION 'No hay filas válidas que aplicar.' USING ERRCODE = 'SC004';
    END IF;
    SELECT a.dependencia_id INTO dep FROM programa p JOIN area a ON a.id = p.area_id
    WHERE p.id = k.programa_id;

    -- new files (one per new CURP: the file's first row gives the data); a CURP registered
    -- meanwhile by someone else is not opened twice: its benefits go to that file
    WITH nuevos AS (
        INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno,
                               fecha_nacimiento, sexo, entidad_nacimiento, telefono,
                               carga_masiva_id)
        SELECT DISTINCT ON (cv.curp) cv.curp, cv.nombre, cv.paterno, cv.materno, cv.nacimiento,
               cv.sexo, substr(cv.curp, 12, 2), cv.telefono, p_carga
        FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.ciudadano_id IS NULL
          AND cv.candidato_id IS NULL
        ORDER BY cv.curp, cv.fila
        ON CONFLICT (curp) DO NOTHING
        RETURNING 1)
    SELECT count(*) INTO n_ciudadanos FROM nuevos;

    INSERT INTO beneficio (ciudadano_id, programa_id, tipo_apoyo_id, dependencia_id,
                           carga_masiva_id, origen, fecha_entrega, monto, cantidad,
                           municipio_id, localidad_id, colonia_id, sexo, nacimiento)
    SELECT coalesce(cv.ciudadano_id, c.id), k.programa_id, cv.tipo_apoyo_id, dep, p_carga,
           'Carga masiva', cv.entrega, cv.monto, cv.cantidad, cv.municipio_id, cv.localidad_id,
           cv.colonia_id,
           -- (what the CURP says: the same as the registered file's, which its CURP ties too)
           cv.sexo, cv.nacimiento
    FROM carga_valor cv
    LEFT JOIN ciudadano c ON cv.ciudadano_id IS NULL AND c.curp = cv.curp
    WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.candidato_id IS NULL
    -- (in the order of the citizen indexes: fewer pages touched; no ON CONFLICT: the loads of
    -- a programme wait for each other and validation left out what the Padrón has)
    ORDER BY 1;
    GET DIAGNOSTICS n_beneficios = ROW_COUNT;
    SELECT coalesce(sum(b.monto), 0) INTO total FROM beneficio b WHERE b.carga_masiva_id = p_carga;

    INSERT INTO duplicado_revision (ciudadano_id, carga_masiva_id, origen, fila)
    SELECT cv.candidato_id, p_carga, 'Carga masiva',
           jsonb_build_object('fila', cv.fila, 'curp', cv.curp, 'nombre', cv.nombre,
                              'apellido_paterno', cv.paterno, 'apellido_materno', cv.materno,
                              'fecha_nacimiento', cv.nacimiento, 'sexo', cv.sexo,
                              'telefono', cv.telefono, 'municipio_id', cv.municipio_id,
                              'localidad_id', cv.localidad_id, 'colonia_id', cv.colonia_id,
                              'tipo_apoyo_id', cv.tipo_apoyo_id,
                              'monto', cv.monto, 'cantidad', cv.cantidad,
                              'fecha_entrega', cv.entrega)
    FROM carga_valor cv
    WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.candidato_id IS NOT NULL;
    GET DIAGNOSTICS n_revision = ROW_COUNT;

    UPDATE carga_masiva SET estado = 'Aplicada', aplicada = now(),
        ciudadanos_nuevos = n_ciudadanos, beneficios = n_beneficios, a_revision = n_revision,
        monto_total = total
    WHERE id = p_carga;
    DELETE FROM carga_valor WHERE carga_masiva_id = p_carga;
    DELETE FROM carga_fila WHERE carga_masiva_id = p_carga;
    RETURN QUERY SELECT p_carga, n_ciudadanos, n_beneficios, n_revision, total;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_aplicar(integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_aplicar(integer, boolean) TO sipros_administrador;
