-- SIPROS Escritorio: the dictamen of applications as a state machine held by the database.
--
-- Every change of solicitud.estado must be one of the transitions below, made by a user of the
-- profile that may make it, with its history row (and its comment when the transition needs one)
-- written in the same transaction; approvals respect the call's cupo and budget even when
-- several officials approve at once; each change bumps solicitud.version, so a client that
-- updates "WHERE version = the one I read" never overwrites someone else's change.

CREATE TABLE solicitud_transicion (
    desde                text NOT NULL,
    hacia                text NOT NULL,
    perfil               text NOT NULL CHECK (perfil IN ('funcionario', 'ventanilla', 'entrega')),
    comentario_requerido boolean NOT NULL DEFAULT false,
    descripcion          text NOT NULL,
    PRIMARY KEY (desde, hacia, perfil)  -- a change may be open to more than one profile
);
INSERT INTO solicitud_transicion VALUES
    ('En proceso', 'Corrección', 'funcionario', true,  'Pedir corrección al ciudadano'),
    ('Corrección', 'En proceso', 'ventanilla',  false, 'Corrección atendida en ventanilla'),
    ('Corrección', 'En proceso', 'funcionario', false, 'Corrección atendida'),
    ('En proceso', 'Aprobada',   'funcionario', false, 'Aprobar'),
    ('En proceso', 'Rechazada',  'funcionario', true,  'Rechazar'),
    ('Aprobada',   'Entregado',  'entrega',     false, 'Entrega verificada'),
    ('Aprobada',   'Baja',       'funcionario', true,  'Dar de baja'),
    ('Entregado',  'Baja',       'funcionario', true,  'Dar de baja');
GRANT SELECT ON solicitud_transicion TO sipros_personal;

-- May the current user make this change? Returns the transition, or raises in Spanish.
CREATE FUNCTION sipros_transicion_permitida(p_desde text, p_hacia text)
    RETURNS solicitud_transicion
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    t solicitud_transicion;
    es_propietario boolean := pg_has_role(session_user, 'pg_database_owner', 'MEMBER');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM solicitud_transicion WHERE desde = p_desde AND hacia = p_hacia)
    THEN
        RAISE EXCEPTION 'Una solicitud en estado «%» no puede pasar a «%».', p_desde, p_hacia
            USING HINT = coalesce(
                (SELECT 'Desde «' || p_desde || '» solo puede pasar a: '
                        || string_agg(DISTINCT hacia, ', ')
                 FROM solicitud_transicion WHERE desde = p_desde),
                '«' || p_desde || '» es un estado final.');
    END IF;
    SELECT * INTO t FROM solicitud_transicion
    WHERE desde = p_desde AND hacia = p_hacia
      AND (es_propietario OR pg_has_role(session_user, 'sipros_' || perfil, 'MEMBER'))
    ORDER BY perfil
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Su perfil no permite pasar una solicitud de «%» a «%».', p_desde, p_hacia;
    END IF;
    RETURN t;
END
$$;

-- Cupo and budget of a call, for an approval. Locks the call's row so that concurrent approvals
-- of the same call are counted one after the other. SECURITY DEFINER: it counts the approvals
-- the user cannot see too.
CREATE FUNCTION sipros_verificar_cupo(p_convocatoria integer, p_solicitud bigint,
                                      p_tipo_apoyo integer)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c record;
    aprobadas integer;
    comprometido numeric;
    monto numeric;
BEGIN
    SELECT id, nombre, cupo, presupuesto INTO c FROM convocatoria
    WHERE id = p_convocatoria FOR UPDATE;
    IF c.cupo IS NULL AND c.presupuesto IS NULL THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(t.monto), 0) INTO aprobadas, comprometido
    FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
    WHERE s.convocatoria_id = p_convocatoria AND s.estado IN ('Aprobada', 'Entregado')
      AND s.id <> p_solicitud;
    IF c.cupo IS NOT NULL AND aprobadas >= c.cupo THEN
        RAISE EXCEPTION 'Cupo agotado: la convocatoria «%» ya tiene % solicitudes aprobadas de un '
            'cupo de %.', c.nombre, aprobadas, c.cupo;
    END IF;
    SELECT t.monto INTO monto FROM tipo_apoyo t WHERE t.id = p_tipo_apoyo;
    IF c.presupuesto IS NOT NULL AND comprometido + monto > c.presupuesto THEN
        RAISE EXCEPTION 'Presupuesto insuficiente: la convocatoria «%» tiene comprometidos % de '
            '% y este apoyo es de %.', c.nombre, to_char(comprometido, 'FM$999,999,999,990.00'),
            to_char(c.presupuesto, 'FM$999,999,999,990.00'), to_char(monto, 'FM$999,999,990.00');
    END IF;
END
$$;

CREATE FUNCTION sipros_solicitud_cambio_estado() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM sipros_transicion_permitida(OLD.estado, NEW.estado);
    IF NEW.estado = 'Aprobada' THEN
        PERFORM sipros_verificar_cupo(NEW.convocatoria_id, NEW.id, NEW.tipo_apoyo_id);
    END IF;
    NEW.version := OLD.version + 1;
    NEW.actualizado := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER solicitud_cambio_estado BEFORE UPDATE OF estado ON solicitud
    FOR EACH ROW WHEN (OLD.estado IS DISTINCT FROM NEW.estado)
    EXECUTE FUNCTION sipros_solicitud_cambio_estado();

-- Other changes of a filed application (answers corrected at the front desk) bump the version
-- too, so that an official's decision is never taken on data they have not seen.
CREATE FUNCTION sipros_solicitud_version() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.actualizado := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER solicitud_version BEFORE UPDATE OF respuestas, tipo_apoyo_id ON solicitud
    FOR EACH ROW WHEN (OLD.estado IS NOT DISTINCT FROM NEW.estado
                       AND (OLD.respuestas IS DISTINCT FROM NEW.respuestas
                            OR OLD.tipo_apoyo_id IS DISTINCT FROM NEW.tipo_apoyo_id))
    EXECUTE FUNCTION sipros_solicitud_version();

-- At commit: the new state has its history row, written in this transaction, with a comment
-- when the transition needs one.
CREATE FUNCTION sipros_solicitud_historial_presente() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    requerido boolean;
BEGIN
    SELECT bool_and(comentario_requerido) INTO requerido FROM solicitud_transicion
    WHERE desde = OLD.estado AND hacia = NEW.estado;
    IF NOT EXISTS (
        SELECT 1 FROM solicitud_historial h
        WHERE h.solicitud_id = NEW.id AND h.estado = NEW.estado AND h.fecha = now()
          AND (NOT coalesce(requerido, false) OR nullif(btrim(h.comentario), '') IS NOT NULL))
    THEN
        IF coalesce(requerido, false) THEN
            RAISE EXCEPTION 'Pasar la solicitud % a «%» requiere un comentario en su historial.',
                NEW.folio, NEW.estado;
        END IF;
        RAISE EXCEPTION 'El cambio de la solicitud % a «%» no tiene su renglón de historial.',
            NEW.folio, NEW.estado;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER solicitud_historial_presente AFTER UPDATE OF estado ON solicitud
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.estado IS DISTINCT FROM NEW.estado)
    EXECUTE FUNCTION sipros_solicitud_historial_presente();

-- the front desk returns a corrected application to review (its only transition)
GRANT UPDATE (estado) ON solicitud TO sipros_ventanilla;

REVOKE EXECUTE ON FUNCTION sipros_transicion_permitida(text, text),
    sipros_verificar_cupo(integer, bigint, integer), sipros_solicitud_cambio_estado(),
    sipros_solicitud_historial_presente() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_transicion_permitida(text, text) TO sipros_personal;

-- The officials' queue: filter by call and state and sort by date without reading 2 M rows
CREATE INDEX solicitud_conv_fecha_idx ON solicitud (convocatoria_id, fecha_solicitud DESC, id DESC);

-- What is left of the cupo and budget of some calls (for a bulk approval's preview and apply);
-- with p_bloquear the calls' rows stay locked until the end of the transaction, as a single
-- approval does. SECURITY DEFINER: approvals the user cannot see use the cupo too.
CREATE FUNCTION sipros_cupo_restante(p_convocatorias integer[], p_bloquear boolean)
    RETURNS TABLE (convocatoria_id integer, cupo_restante integer, presupuesto_restante numeric)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF p_bloquear THEN
        PERFORM 1 FROM convocatoria c WHERE c.id = ANY (p_convocatorias) ORDER BY c.id FOR UPDATE;
    END IF;
    RETURN QUERY
    SELECT c.id,
           c.cupo - coalesce(a.n, 0)::integer,
           c.presupuesto - coalesce(a.monto, 0)
    FROM convocatoria c
    LEFT JOIN LATERAL (
        SELECT count(*) AS n, sum(t.monto) AS monto
        FROM solicitud s JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
        WHERE s.convocatoria_id = c.id AND s.estado IN ('Aprobada', 'Entregado')) a ON true
    WHERE c.id = ANY (p_convocatorias);
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_cupo_restante(integer[], boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_cupo_restante(integer[], boolean) TO sipros_funcionario;

-- Row-level security at the scale of 2 M applications: a state-wide user is decided once per
-- query (an InitPlan), not by comparing every row with the array of every call.
CREATE FUNCTION sipros_alcance_estatal() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.usuario = session_user AND f.activo AND f.alcance = 'estatal')
$$;
REVOKE EXECUTE ON FUNCTION sipros_alcance_estatal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_alcance_estatal() TO sipros_personal;
ALTER POLICY solicitud_alcance ON solicitud
    USING ((SELECT sipros_alcance_estatal())
           OR convocatoria_id = ANY ((SELECT sipros_convocatorias_visibles())::integer[]));
ALTER POLICY beneficio_alcance ON beneficio
    USING ((SELECT sipros_alcance_estatal())
           OR programa_id = ANY ((SELECT sipros_programas_visibles())::integer[]));

-- ---------------------------------------------------------------------------
-- Catálogo: a call or a support type that already has applications keeps what those
-- applications were filed under (no silent changes); its dates, cupo, budget, rules, documents
-- and form (a new version) may still change for the applications to come.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sipros_convocatoria_con_solicitudes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    aprobadas bigint;
BEGIN
    IF (NEW.programa_id <> OLD.programa_id OR NEW.proceso <> OLD.proceso
        OR NEW.clave <> OLD.clave)
       AND EXISTS (SELECT 1 FROM solicitud WHERE convocatoria_id = OLD.id) THEN
        RAISE EXCEPTION 'La convocatoria «%» ya tiene solicitudes: su programa, proceso y clave no '
            'cambian. Cree una convocatoria nueva.', OLD.nombre;
    END IF;
    IF NEW.cupo IS NOT NULL AND NEW.cupo IS DISTINCT FROM OLD.cupo THEN
        SELECT count(*) INTO aprobadas FROM solicitud
        WHERE convocatoria_id = OLD.id AND estado IN ('Aprobada', 'Entregado');
        IF NEW.cupo < aprobadas THEN
            RAISE EXCEPTION 'El cupo de «%» no puede ser menor que las solicitudes ya aprobadas '
                '(%).', OLD.nombre, aprobadas;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER convocatoria_con_solicitudes BEFORE UPDATE ON convocatoria
    FOR EACH ROW EXECUTE FUNCTION sipros_convocatoria_con_solicitudes();

CREATE FUNCTION sipros_tipo_apoyo_en_uso() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF (NEW.programa_id <> OLD.programa_id OR NEW.monto <> OLD.monto
        OR NEW.modalidad <> OLD.modalidad)
       AND EXISTS (SELECT 1 FROM solicitud WHERE tipo_apoyo_id = OLD.id
                   AND estado IN ('Aprobada', 'Entregado')) THEN
        RAISE EXCEPTION 'El tipo de apoyo «%» ya tiene solicitudes aprobadas: su monto y modalidad '
            'no cambian. Cree un tipo de apoyo nuevo para las siguientes.', OLD.nombre;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER tipo_apoyo_en_uso BEFORE UPDATE ON tipo_apoyo
    FOR EACH ROW EXECUTE FUNCTION sipros_tipo_apoyo_en_uso();
