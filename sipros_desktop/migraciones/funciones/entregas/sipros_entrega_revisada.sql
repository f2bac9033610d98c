-- An offline delivery the sync could not apply (the voucher delivered online
-- meanwhile, cancelled, a time outside the event…) is reviewed at the desk with a note; the
-- review goes to the log (bitacora) so the office sees who reviewed what, when, and why —
-- written only by this function, as the caller (session_user), never by a client's INSERT.
--
-- Scoped like sipros_entregar: only delivery staff; the voucher is looked up by its code among
-- the vouchers of the caller's alcance, and linked (its id) only when found there — a voucher
-- outside it reads as one that does not exist (the review is still written, without the link:
-- a code reprinted or unknown must not leave a conflict that can never be reviewed).
CREATE OR REPLACE FUNCTION sipros_entrega_revisada(p_codigo text, p_clave uuid, p_nota text,
                                        p_motivo text, p_entregado timestamptz,
                                        p_equipo text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    alcance integer[] := sipros_convocatorias_de_trabajo();
    nota text := btrim(coalesce(p_nota, ''));
    k record;
    fila bigint;
BEGIN
    IF NOT (pg_has_role(session_user, 'sipros_entrega', 'MEMBER')
            OR pg_has_role(session_user, 'pg_database_owner', 'MEMBER')) THEN
        RAISE EXCEPTION 'Solo el personal de entregas revisa conflictos de entregas.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF nota = '' THEN
        RAISE EXCEPTION 'Escriba una nota de la revisión.' USING ERRCODE = 'SE008';
    END IF;
    IF length(nota) > 500 THEN
        RAISE EXCEPTION 'La nota tiene % caracteres; el máximo es 500.', length(nota)
            USING ERRCODE = 'SE008';
    END IF;
    SELECT c.id, s.folio::text AS folio, c.estado, c.entregado, c.entregado_por
    INTO k
    FROM comprobante c
    JOIN solicitud s ON s.id = c.solicitud_id
    WHERE c.codigo_hash = sipros_codigo_hash(p_codigo)
      AND (alcance IS NULL OR s.convocatoria_id = ANY (alcance));
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'revision_entrega_sin_conexion', 'INSERT', k.id::text,
            jsonb_build_object(
                'clave_diario', p_clave,
                'folio', k.folio,
                'estado_comprobante', k.estado,
                'entregado', k.entregado,
                'entregado_por', k.entregado_por,
                'entregado_sin_conexion', p_entregado,
                'motivo', left(coalesce(p_motivo, ''), 1000),
                'nota', nota,
                'equipo', left(coalesce(p_equipo, ''), 100)))
    RETURNING id INTO fila;
    RETURN fila;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_entrega_revisada(text, uuid, text, text, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_entrega_revisada(text, uuid, text, text, timestamptz, text) TO sipros_entrega;
