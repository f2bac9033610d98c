-- Possible duplicates of a capture: same birth date and sex, a similar name, another CURP. Only
-- what the clerk needs to decide; each call logged.
CREATE OR REPLACE FUNCTION sipros_candidatos_duplicado(p_curp text, p_nombre text, p_paterno text,
                                            p_materno text, p_nacimiento date, p_sexo text)
    RETURNS TABLE (id bigint, curp text, nombre text, apellido_paterno text,
                   apellido_materno text, fecha_nacimiento date, municipio text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
AS $$
DECLARE
    qn text := sipros_nombre_comparable(p_nombre);
    qs text := sipros_nombre_comparable(p_paterno) || ' ' || sipros_nombre_comparable(p_materno);
    n integer;
BEGIN
    -- (the owner too: maintenance and the command line)
    IF NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla busca posibles duplicados.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF qn = '' OR btrim(qs) = '' OR p_nacimiento IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT c.id, c.curp::text, c.nombre, c.apellido_paterno, c.apellido_materno,
           c.fecha_nacimiento,
           (SELECT m.nombre FROM domicilio d JOIN municipio m ON m.id = d.municipio_id
            WHERE d.ciudadano_id = c.id)
    FROM ciudadano c
    CROSS JOIN LATERAL (SELECT sipros_nombre_comparable(c.nombre) AS cn,
                               sipros_nombre_comparable(c.apellido_paterno) || ' '
                               || sipros_nombre_comparable(c.apellido_materno) AS cs) k
    WHERE c.fecha_nacimiento = p_nacimiento AND c.sexo = p_sexo
      AND c.curp <> upper(btrim(coalesce(p_curp, '')))
      -- the client's threshold is 0.8; 0.75 leaves room for rare letters normalized apart
      AND 0.4 * 2 * sipros_letras_comunes(qn, k.cn) / greatest(length(qn) + length(k.cn), 1)
          + 0.6 * 2 * sipros_letras_comunes(qs, k.cs) / greatest(length(qs) + length(k.cs), 1)
          >= 0.75;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'ciudadano', 'CONSULTA', left(upper(btrim(coalesce(p_curp, ''))), 18),
            jsonb_build_object('motivo', 'Posibles duplicados', 'candidatos', n));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_candidatos_duplicado(text, text, text, text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_candidatos_duplicado(text, text, text, text, date, text) TO sipros_ventanilla;
