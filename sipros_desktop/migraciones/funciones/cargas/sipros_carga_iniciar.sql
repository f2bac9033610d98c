-- Start a load of a programme's roll: only administrators, only for programmes of their scope.
CREATE OR REPLACE FUNCTION sipros_carga_iniciar(p_programa text, p_archivo text, p_sha256 text,
                                     p_hoja text DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    prog record;
    nueva integer;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo un administrador carga padrones.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT p.id, p.clave, a.dependencia_id INTO prog
    FROM programa p JOIN area a ON a.id = p.area_id
    WHERE p.clave = upper(btrim(coalesce(p_programa, '')));
    IF prog.id IS NULL THEN
        RAISE EXCEPTION 'No existe el programa «%».', p_programa USING ERRCODE = 'SC001';
    END IF;
    IF NOT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
       AND NOT prog.id = ANY (sipros_programas_visibles()) THEN
        RAISE EXCEPTION 'El programa % no es de su alcance: solo carga padrones de sus programas.',
            prog.clave USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_sha256 !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'La huella SHA-256 del archivo no es válida.' USING ERRCODE = 'SC001';
    END IF;
    -- loads started and never finished (a client that committed half-way) go away
    DELETE FROM carga_masiva
    WHERE estado = 'Validando' AND usuario = session_user AND creado < now() - interval '1 day';
    INSERT INTO carga_masiva (dependencia_id, programa_id, archivo_nombre, sha256, hoja, estado,
                              usuario, creado)
    VALUES (prog.dependencia_id, prog.id, left(btrim(p_archivo), 255), p_sha256,
            left(p_hoja, 100), 'Validando', session_user, now())
    RETURNING id INTO nueva;
    RETURN nueva;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_iniciar(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_iniciar(text, text, text, text) TO sipros_administrador;
