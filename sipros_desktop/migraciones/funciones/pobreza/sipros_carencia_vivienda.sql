-- ---------------------------------------------------------------------------
-- Carencia por calidad y espacios de la vivienda (CONEVAL): the household's home has at
-- least one of: floor of earth; roof of cardboard sheet or waste material; walls of mud or
-- bajareque, reed, bamboo or palm, cardboard, metal or asbestos sheet, or waste material; more
-- than 2.5 people per room (overcrowding: members over the rooms, kitchen included, bathrooms
-- and hallways not). The options are the CUIS's.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_vivienda(
    p_piso text, p_techo text, p_muros text, p_personas integer, p_cuartos integer,
    OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    piso boolean := p_piso = 'Tierra';
    techo boolean := p_techo = 'Lámina de cartón o desecho';
    muros boolean := p_muros IN ('Material de desecho o lámina de cartón',
                                 'Lámina metálica o de asbesto', 'Carrizo, bambú o palma',
                                 'Embarro o bajareque');
    razon numeric := CASE WHEN p_cuartos > 0 THEN round(p_personas::numeric / p_cuartos, 2) END;
    hacinamiento boolean := p_personas::numeric / nullif(p_cuartos, 0) > 2.5;
    hay text[] := '{}';
    faltan text[] := '{}';
BEGIN
    IF piso THEN
        hay := hay || 'piso de tierra'::text;
    ELSIF piso IS NULL THEN
        faltan := faltan || 'el material del piso'::text;
    END IF;
    IF techo THEN
        hay := hay || 'techo de lámina de cartón o desecho'::text;
    ELSIF techo IS NULL THEN
        faltan := faltan || 'el material del techo'::text;
    END IF;
    IF muros THEN
        hay := hay || ('muros de ' || lower(p_muros));
    ELSIF muros IS NULL THEN
        faltan := faltan || 'el material de los muros'::text;
    END IF;
    IF hacinamiento THEN
        hay := hay || format('hacinamiento: %s personas en %s cuartos (%s por cuarto, más de 2.5)',
                             p_personas, p_cuartos, razon);
    ELSIF hacinamiento IS NULL THEN
        faltan := faltan || 'cuántos cuartos tiene la vivienda'::text;
    END IF;
    carencia := piso OR techo OR muros OR hacinamiento;
    motivo := CASE
        WHEN carencia THEN upper(left(array_to_string(hay, '; '), 1))
                           || substr(array_to_string(hay, '; '), 2) || '.'
        WHEN carencia IS NULL THEN 'Sin datos suficientes: falta ' || array_to_string(faltan, ', ')
                                   || '.'
        ELSE format('Piso, techo y muros de materiales adecuados; %s personas por cuarto (2.5 o '
                    'menos).', razon) END;
END
$$;
