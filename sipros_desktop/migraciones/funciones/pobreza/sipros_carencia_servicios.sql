-- ---------------------------------------------------------------------------
-- Carencia por acceso a los servicios básicos en la vivienda (CONEVAL): the household's home
-- has at least one of: water from a well, river, lake, stream or water truck, or piped water
-- carried from another home or a public tap; no drainage, or drainage into a river, lake, sea,
-- gully or crack; no electricity; wood or charcoal for cooking without a chimney.
-- ``p_drenaje``: the yes/no answer of the first CUIS (no drainage decides; «yes» does not say
-- where it goes), used only when ``p_desague`` is missing.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_servicios(
    p_agua text, p_desague text, p_drenaje boolean, p_electricidad boolean, p_combustible text,
    p_chimenea boolean, OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    agua boolean := p_agua NOT IN ('Entubada dentro de la vivienda',
                                   'Entubada fuera de la vivienda, en el terreno');
    drenaje boolean := CASE
        WHEN p_desague IS NOT NULL THEN p_desague IN (
            'A una tubería que va a dar a una barranca o grieta',
            'A una tubería que va a dar a un río, lago o mar', 'No tiene drenaje')
        WHEN p_drenaje = false THEN true END;
    luz boolean := NOT p_electricidad;
    lena boolean := CASE WHEN p_combustible = 'Leña o carbón' THEN NOT p_chimenea
                         WHEN p_combustible IS NOT NULL THEN false END;
    hay text[] := '{}';
    faltan text[] := '{}';
BEGIN
    IF agua THEN
        hay := hay || ('el agua no llega entubada a la vivienda ni al terreno ('
                       || lower(p_agua) || ')');
    ELSIF agua IS NULL THEN
        faltan := faltan || 'cómo llega el agua'::text;
    END IF;
    IF drenaje THEN
        hay := hay || CASE WHEN p_desague IS NULL OR p_desague = 'No tiene drenaje'
                           THEN 'no tiene drenaje'
                           ELSE 'el drenaje ' || regexp_replace(lower(p_desague),
                                                                '^a una tubería que ', '') END;
    ELSIF drenaje IS NULL THEN
        faltan := faltan || 'a dónde va el drenaje'::text;
    END IF;
    IF luz THEN
        hay := hay || 'no tiene luz eléctrica'::text;
    ELSIF luz IS NULL THEN
        faltan := faltan || 'si tiene luz eléctrica'::text;
    END IF;
    IF lena THEN
        hay := hay || 'cocina con leña o carbón sin chimenea'::text;
    ELSIF lena IS NULL THEN
        faltan := faltan || CASE WHEN p_combustible IS NULL THEN 'con qué se cocina'
                                 ELSE 'si la cocina de leña o carbón tiene chimenea' END;
    END IF;
    carencia := agua OR drenaje OR luz OR lena;
    motivo := CASE
        WHEN carencia THEN upper(left(array_to_string(hay, '; '), 1))
                           || substr(array_to_string(hay, '; '), 2) || '.'
        WHEN carencia IS NULL THEN 'Sin datos suficientes: falta ' || array_to_string(faltan, ', ')
                                   || '.'
        ELSE 'Agua entubada, drenaje, luz eléctrica y combustible adecuado para cocinar.' END;
END
$$;
