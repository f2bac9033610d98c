-- Filing: the call's rules (age at the business date, sex, municipalities), besides the dates,
-- the open flag and the support type checked before.
CREATE OR REPLACE FUNCTION sipros_solicitud_alta() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    conv record;
    persona record;
    numero text;
    edad integer;
    medida pobreza_medicion;
    carencia text;
    tiene boolean;
BEGIN
    SELECT c.id, c.nombre, c.abierta, c.fecha_apertura, c.fecha_cierre, c.programa_id,
           c.formulario_id, c.reglas, p.clave AS programa_clave
    INTO conv
    FROM convocatoria c JOIN programa p ON p.id = c.programa_id
    WHERE c.id = NEW.convocatoria_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'La convocatoria % no existe.', NEW.convocatoria_id;
    END IF;
    IF NOT conv.abierta OR sipros_hoy() NOT BETWEEN conv.fecha_apertura AND conv.fecha_cierre THEN
        RAISE EXCEPTION 'La convocatoria «%» no está abierta hoy (recibe solicitudes del % al %).',
            conv.nombre, to_char(conv.fecha_apertura, 'DD/MM/YYYY'),
            to_char(conv.fecha_cierre, 'DD/MM/YYYY');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM tipo_apoyo t
                   WHERE t.id = NEW.tipo_apoyo_id AND t.programa_id = conv.programa_id) THEN
        RAISE EXCEPTION 'El tipo de apoyo elegido no pertenece al programa de la convocatoria.';
    END IF;
    IF NEW.estado <> 'En proceso' THEN
        RAISE EXCEPTION 'Una solicitud nueva empieza en estado «En proceso».';
    END IF;
    SELECT c.fecha_nacimiento, c.sexo, m.clave AS municipio
    INTO persona
    FROM ciudadano c
    LEFT JOIN domicilio d ON d.ciudadano_id = c.id
    LEFT JOIN municipio m ON m.id = d.municipio_id
    WHERE c.id = NEW.ciudadano_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'El ciudadano % no existe.', NEW.ciudadano_id;
    END IF;
    edad := extract(year FROM age(sipros_hoy(), persona.fecha_nacimiento))::integer;
    IF conv.reglas ? 'edad_min' AND edad < (conv.reglas ->> 'edad_min')::integer THEN
        RAISE EXCEPTION 'La convocatoria «%» pide edad mínima de % años (tiene %).',
            conv.nombre, conv.reglas ->> 'edad_min', edad USING ERRCODE = 'check_violation';
    END IF;
    IF conv.reglas ? 'edad_max' AND edad > (conv.reglas ->> 'edad_max')::integer THEN
        RAISE EXCEPTION 'La convocatoria «%» pide edad máxima de % años (tiene %).',
            conv.nombre, conv.reglas ->> 'edad_max', edad USING ERRCODE = 'check_violation';
    END IF;
    IF nullif(conv.reglas ->> 'sexo', '') IS NOT NULL AND persona.sexo <> conv.reglas ->> 'sexo' THEN
        RAISE EXCEPTION 'La convocatoria «%» es solo para sexo %.', conv.nombre,
            conv.reglas ->> 'sexo' USING ERRCODE = 'check_violation';
    END IF;
    IF jsonb_typeof(conv.reglas -> 'municipios') = 'array'
       AND jsonb_array_length(conv.reglas -> 'municipios') > 0
       AND NOT coalesce(conv.reglas -> 'municipios' ? persona.municipio, false) THEN
        RAISE EXCEPTION 'El municipio del ciudadano no está en la cobertura de la convocatoria «%».',
            conv.nombre USING ERRCODE = 'check_violation';
    END IF;
    -- the household's poverty (CONEVAL's measure, kept by the database): the classifications
    -- the call takes and the social deprivations it requires; a measure that cannot decide
    -- («sin datos suficientes») does not meet a rule
    IF coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(conv.reglas -> 'pobreza') = 'array'
                                        THEN conv.reglas -> 'pobreza' END), 0) > 0
       OR coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(conv.reglas -> 'carencias') = 'array'
                                           THEN conv.reglas -> 'carencias' END), 0) > 0 THEN
        SELECT * INTO medida FROM pobreza_medicion p WHERE p.ciudadano_id = NEW.ciudadano_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'La convocatoria «%» pide la medición de pobreza del hogar: capture el '
                            'cuestionario socioeconómico con los integrantes del hogar.',
                conv.nombre USING ERRCODE = 'check_violation';
        END IF;
        IF jsonb_typeof(conv.reglas -> 'pobreza') = 'array'
           AND jsonb_array_length(conv.reglas -> 'pobreza') > 0
           AND NOT conv.reglas -> 'pobreza' ? medida.clasificacion THEN
            RAISE EXCEPTION 'La convocatoria «%» es para hogares en %; el hogar del ciudadano está '
                            'en %.', conv.nombre,
                (SELECT string_agg(sipros_pobreza_etiqueta(c), ' o ')
                 FROM jsonb_array_elements_text(conv.reglas -> 'pobreza') c),
                sipros_pobreza_etiqueta(medida.clasificacion)
                USING ERRCODE = 'check_violation';
        END IF;
        FOR carencia IN SELECT jsonb_array_elements_text(CASE
                WHEN jsonb_typeof(conv.reglas -> 'carencias') = 'array'
                THEN conv.reglas -> 'carencias' ELSE '[]' END) LOOP
            tiene := CASE carencia
                WHEN 'rezago_educativo' THEN medida.rezago_educativo
                WHEN 'salud' THEN medida.salud
                WHEN 'seguridad_social' THEN medida.seguridad_social
                WHEN 'vivienda' THEN medida.vivienda
                WHEN 'servicios' THEN medida.servicios
                WHEN 'alimentacion' THEN medida.alimentacion END;
            IF tiene IS NOT TRUE THEN
                RAISE EXCEPTION 'La convocatoria «%» pide carencia por %; el ciudadano %.',
                    conv.nombre, sipros_pobreza_etiqueta(carencia),
                    CASE WHEN tiene IS NULL THEN 'no tiene datos suficientes para saberlo'
                         ELSE 'no la tiene' END
                    USING ERRCODE = 'check_violation';
            END IF;
        END LOOP;
    END IF;
    NEW.fecha_solicitud := sipros_hoy();
    NEW.formulario_id := conv.formulario_id;
    numero := nextval(format('public.%I', 'sipros_folio_' || conv.programa_id)::regclass)::text;
    -- at least five digits; never cut (lpad would truncate 123456 to 12345)
    NEW.folio := to_char(sipros_hoy(), 'DD/MM/YYYY') || '-' || conv.programa_clave || '-'
        || lpad(numero, greatest(5, length(numero)), '0');
    RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_solicitud_alta() FROM PUBLIC;
