-- Revert an applied load: its benefits go (one transaction, each one in the bitácora), its rows
-- waiting for review are dropped, and the files it opened that have nothing else are removed.
CREATE OR REPLACE FUNCTION sipros_carga_revertir(p_carga integer, p_motivo text)
    RETURNS TABLE (beneficios integer, ciudadanos integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    k carga_masiva;
    n_beneficios integer;
    n_ciudadanos integer;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_administrador', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo un administrador revierte cargas.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO k FROM carga_masiva WHERE id = p_carga FOR UPDATE;
    IF k.id IS NULL OR NOT (pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
                            OR k.programa_id = ANY (sipros_programas_visibles())) THEN
        RAISE EXCEPTION 'No existe la carga % en su alcance.', p_carga USING ERRCODE = 'SC001';
    END IF;
    IF k.estado <> 'Aplicada' THEN
        RAISE EXCEPTION 'La carga % está «%»: solo se revierte una carga aplicada.', p_carga, k.estado
            USING ERRCODE = 'SC005';
    END IF;
    IF btrim(coalesce(p_motivo, '')) = '' THEN
        RAISE EXCEPTION 'Escriba el motivo de la reversión.' USING ERRCODE = 'SC001';
    END IF;
    DELETE FROM beneficio WHERE carga_masiva_id = p_carga;
    GET DIAGNOSTICS n_beneficios = ROW_COUNT;
    UPDATE duplicado_revision SET estado = 'Descartada', decidido = now(),
        decidido_por = session_user, comentario = 'Carga revertida'
    WHERE carga_masiva_id = p_carga AND estado = 'Pendiente';
    DELETE FROM ciudadano c
    WHERE c.carga_masiva_id = p_carga
      AND NOT EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM documento d WHERE d.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM domicilio d WHERE d.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM ciudadano_alias a WHERE a.ciudadano_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM duplicado_revision r
                      WHERE (r.ciudadano_id = c.id OR r.candidato_id = c.id)
                        AND r.estado NOT IN ('Pendiente', 'Descartada'));
    GET DIAGNOSTICS n_ciudadanos = ROW_COUNT;
    UPDATE carga_masiva SET estado = 'Revertida', revertida = now(), revertida_por = session_user,
        motivo_reversion = left(btrim(p_motivo), 500)
    WHERE id = p_carga;
    RETURN QUERY SELECT n_beneficios, n_ciudadanos;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_revertir(integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_carga_revertir(integer, text) TO sipros_administrador;
