-- A field brigade's kit: who downloads it, for which municipalities and calls, valid for how
-- many days. Only front-desk staff (or the owner); the calls must be open today and of the
-- caller's programmes. The client keeps the id: the sync names it and the database checks it.
-- A kit's hashes tell whether a CURP is registered in its municipalities, so kits are few:
-- a new one ends the caller's previous ones (captures already made with them still sync: their
-- time is before the end), and at most KITS_POR_DIA in 24 hours.
CREATE OR REPLACE FUNCTION sipros_brigada_kit(p_municipios integer[], p_convocatorias integer[],
                                              p_dias integer)
    RETURNS brigada_kit
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    dueno boolean := pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
    visibles integer[] := sipros_convocatorias_visibles();
    ajena text;
    kit brigada_kit;
    nuevo uuid;
    recientes integer;
    kits_por_dia constant integer := 3;
BEGIN
    IF NOT (sipros_es_ventanilla() OR dueno) THEN
        RAISE EXCEPTION 'Solo el personal de ventanilla descarga paquetes de brigada.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_dias IS NULL OR p_dias NOT BETWEEN 1 AND 30 THEN
        RAISE EXCEPTION 'Un paquete de brigada vale de 1 a 30 días (pidió %).', p_dias
            USING ERRCODE = 'SB004';
    END IF;
    IF coalesce(cardinality(p_municipios), 0) NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION 'Elija de 1 a 20 municipios para el paquete de brigada.'
            USING ERRCODE = 'SB004';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_municipios) m(id)
               WHERE m.id IS NULL OR NOT EXISTS (SELECT 1 FROM municipio x WHERE x.id = m.id))
    THEN
        RAISE EXCEPTION 'Un municipio del paquete no existe.' USING ERRCODE = 'SB004';
    END IF;
    SELECT string_agg(coalesce(c.clave, '#' || x.id), ', ') INTO ajena
    FROM unnest(coalesce(p_convocatorias, '{}')) x(id)
    LEFT JOIN convocatoria c ON c.id = x.id
    LEFT JOIN programa p ON p.id = c.programa_id
    WHERE x.id IS NULL OR c.id IS NULL OR NOT (c.abierta AND p.activo AND c.fecha_apertura <= sipros_hoy()
                               AND c.fecha_cierre >= sipros_hoy())
       OR NOT (dueno OR c.id = ANY (visibles));
    IF ajena IS NOT NULL THEN
        RAISE EXCEPTION 'La convocatoria % no está abierta hoy o no es de los programas de su '
            'alcance: quítela del paquete.', ajena USING ERRCODE = 'SB004';
    END IF;
    SELECT count(*) INTO recientes FROM brigada_kit k
    WHERE k.usuario = session_user AND k.creado > now() - interval '24 hours';
    IF recientes >= kits_por_dia AND NOT dueno THEN
        RAISE EXCEPTION 'Ya descargó % paquetes de brigada en las últimas 24 horas (el máximo): '
            'use el que tiene o pida otro mañana.', recientes USING ERRCODE = 'SB005';
    END IF;
    -- the previous kits of the caller end now
    UPDATE brigada_kit k SET vence = now()
    WHERE k.usuario = session_user AND k.vence > now() AND k.creado < now();
    LOOP  -- a provisional folio's prefix names one kit
        nuevo := gen_random_uuid();
        EXIT WHEN NOT EXISTS (SELECT 1 FROM brigada_kit k
                              WHERE k.corto = upper(left(replace(nuevo::text, '-', ''), 6)));
    END LOOP;
    INSERT INTO brigada_kit (id, corto, vence, municipios, convocatorias)
    VALUES (nuevo, upper(left(replace(nuevo::text, '-', ''), 6)),
            now() + make_interval(days => p_dias),
            (SELECT array_agg(DISTINCT m ORDER BY m) FROM unnest(p_municipios) m),
            coalesce((SELECT array_agg(DISTINCT c ORDER BY c) FROM unnest(p_convocatorias) c),
                     '{}'))
    RETURNING * INTO kit;
    INSERT INTO bitacora (usuario, tabla, operacion, clave, despues)
    VALUES (session_user, 'brigada_kit', 'INSERT', kit.id::text,
            jsonb_build_object('municipios', kit.municipios, 'convocatorias', kit.convocatorias,
                               'vence', kit.vence));
    RETURN kit;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_brigada_kit(integer[], integer[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_brigada_kit(integer[], integer[], integer) TO sipros_ventanilla;
