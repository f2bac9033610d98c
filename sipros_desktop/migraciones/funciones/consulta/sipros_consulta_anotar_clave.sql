-- ---------------------------------------------------------------------------
-- One look-up, under key p_clave (the CURP typed, or the citizen's CURP found by a folio):
-- the body of 0015's sipros_consulta_anotar, with extra fields for the bitácora row
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_consulta_anotar_clave(p_clave text, p_vigente text, p_extra jsonb)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    yo text := session_user;  -- (as text: a name would keep the index from being used)
    buscada text := p_clave;
    lim record;
    momento timestamptz;
    hechas integer;
    libre timestamptz;
    espera integer;
    cuanto text;
    mensaje text;
    vigente text := p_vigente;
BEGIN
    -- one look-up at a time per person: a second session waits here for the first to commit
    INSERT INTO consulta_cuota AS q (usuario, ultima) VALUES (session_user, clock_timestamp())
    ON CONFLICT (usuario) DO UPDATE SET ultima = excluded.ultima;
    SELECT * INTO lim FROM sipros_consulta_limite();
    -- the clock, not the transaction's start: an old open transaction gains nothing
    momento := clock_timestamp();
    SELECT count(*) INTO hechas FROM bitacora b
    WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
      AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
      AND b.fecha > momento - make_interval(mins => lim.minutos);
    IF hechas >= lim.limite THEN
        -- free again when the limit-th newest look-up leaves the window
        SELECT b.fecha INTO libre FROM bitacora b
        WHERE b.usuario = yo AND b.operacion = 'CONSULTA'
          AND b.despues ->> 'modulo' = 'consulta' AND b.tabla = 'ciudadano'
          AND b.fecha > momento - make_interval(mins => lim.minutos)
        ORDER BY b.fecha DESC OFFSET lim.limite - 1 LIMIT 1;
        libre := libre + make_interval(mins => lim.minutos);
        espera := greatest(1, ceil(extract(epoch FROM libre - momento))::integer);
        cuanto := CASE WHEN espera < 60 THEN espera || ' s'
                       WHEN espera % 60 = 0 THEN espera / 60 || ' min'
                       ELSE espera / 60 || ' min ' || espera % 60 || ' s' END;
        mensaje := format('Su usuario llegó al límite de Consulta ciudadana: %s consultas (por '
                          'CURP o por folio) cada %s minutos. Podrá consultar de nuevo en %s '
                          '(a las %s).',
                          lim.limite, lim.minutos, cuanto,
                          to_char(date_trunc('minute', libre + interval '59.999 seconds')
                                  AT TIME ZONE 'America/Mexico_City', 'HH24:MI'));
        INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
        VALUES (momento, session_user, 'consulta_limite', 'CONSULTA', buscada,
                jsonb_build_object('modulo', 'consulta', 'rechazo', mensaje,
                                   'consultas', hechas, 'limite', lim.limite,
                                   'minutos', lim.minutos, 'espera_segundos', espera,
                                   'transaccion', pg_current_xact_id()::text));
        RETURN jsonb_build_object('rechazo', mensaje, 'espera_segundos', espera);
    END IF;
    INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues)
    VALUES (momento, session_user, 'ciudadano', 'CONSULTA', buscada,
            jsonb_build_object('modulo', 'consulta', 'encontrado', vigente IS NOT NULL,
                               'curp', vigente,
                               'transaccion', pg_current_xact_id()::text) || p_extra);
    RETURN jsonb_build_object('restantes', lim.limite - hechas - 1, 'limite', lim.limite,
                              'minutos', lim.minutos);
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_consulta_anotar_clave(text, text, jsonb) FROM PUBLIC;
