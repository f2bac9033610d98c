-- What a kit carries to tell the clerk «this CURP is already registered» or «someone with this
-- name and birth date is»: keyed hashes (SHA-256 of the kit's own 32-byte key and the text,
-- first 10 bytes) of the CURPs and merged CURPs of the people whose home is in the kit's
-- municipalities, and of birth date + sex + each pair of distinct words of their name. No
-- name, CURP or address leaves the database; another kit's key gives other hashes. Only the
-- kit's owner, still active front-desk staff, while the kit is valid, and once per kit; the
-- download is written to the bitácora.
--   tipo 'C': sha256(llave || 'C|' || curp)
--   tipo 'N': sha256(llave || 'N|' || AAAA-MM-DD || '|' || sexo || '|' || w1 || '|' || w2),
--             w1 < w2 (byte order) words of sipros_normaliza(paterno materno nombre)
CREATE OR REPLACE FUNCTION sipros_brigada_huellas(p_kit uuid, p_llave bytea)
    RETURNS TABLE (tipo "char", huella bytea)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
    kit brigada_kit;
    n integer;
BEGIN
    SELECT * INTO kit FROM brigada_kit k WHERE k.id = p_kit FOR UPDATE;
    IF kit.id IS NULL OR kit.usuario <> session_user
       OR NOT (sipros_es_ventanilla() OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER'))
    THEN
        RAISE EXCEPTION 'El paquete de brigada no existe o es de otro usuario.'
            USING ERRCODE = 'SB001';
    END IF;
    IF kit.vence <= now() THEN
        RAISE EXCEPTION 'El paquete de brigada venció el %: descargue otro.',
            to_char(kit.vence AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI')
            USING ERRCODE = 'SB002';
    END IF;
    IF kit.huellas_en IS NOT NULL THEN
        RAISE EXCEPTION 'Las huellas de este paquete ya se descargaron (el %): descargue otro '
            'paquete si lo perdió.',
            to_char(kit.huellas_en AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI')
            USING ERRCODE = 'SB005';
    END IF;
    IF p_llave IS NULL OR length(p_llave) <> 32 THEN
        RAISE EXCEPTION 'La llave del paquete debe tener 32 bytes.' USING ERRCODE = 'SB004';
    END IF;
    RETURN QUERY WITH gente AS (
        SELECT c.id, c.curp, c.fecha_nacimiento, c.sexo, c.nombre_orden
        FROM domicilio d JOIN ciudadano c ON c.id = d.ciudadano_id
        WHERE d.municipio_id = ANY (kit.municipios)
    ), palabras AS (
        SELECT g.id, g.fecha_nacimiento, g.sexo, w
        FROM gente g, sipros_palabras_de(g.nombre_orden) AS w
    )
    SELECT 'C'::"char", substring(sha256(p_llave || convert_to('C|' || g.curp, 'UTF8')) FROM 1 FOR 10)
    FROM gente g
    UNION ALL
    SELECT 'C'::"char", substring(sha256(p_llave || convert_to('C|' || a.curp, 'UTF8')) FROM 1 FOR 10)
    FROM gente g JOIN ciudadano_alias a ON a.ciudadano_id = g.id
    UNION
    SELECT 'N'::"char", substring(sha256(p_llave || convert_to(
               'N|' || to_char(a.fecha_nacimiento, 'YYYY-MM-DD') || '|' || a.sexo || '|'
               || a.w || '|' || b.w, 'UTF8')) FROM 1 FOR 10)
    FROM palabras a JOIN palabras b ON b.id = a.id AND a.w COLLATE "C" < b.w COLLATE "C";
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE brigada_kit SET huellas = n, huellas_en = now() WHERE id = kit.id;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'brigada_kit', 'CONSULTA', kit.id::text,
            jsonb_build_object('motivo', 'Huellas del paquete de brigada', 'huellas', n,
                               'municipios', kit.municipios));
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_brigada_huellas(uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_brigada_huellas(uuid, bytea) TO sipros_ventanilla;
