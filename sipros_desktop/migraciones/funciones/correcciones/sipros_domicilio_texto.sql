-- the address as the offices read it: names, not ids
CREATE OR REPLACE FUNCTION sipros_domicilio_texto(d domicilio) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT jsonb_build_object(
        'municipio', (SELECT m.nombre FROM municipio m WHERE m.id = d.municipio_id),
        'localidad', (SELECT l.nombre FROM localidad l WHERE l.id = d.localidad_id),
        'colonia', (SELECT c.nombre FROM colonia c WHERE c.id = d.colonia_id),
        'calle', d.calle, 'numero_exterior', d.numero_exterior,
        'numero_interior', d.numero_interior, 'codigo_postal', d.codigo_postal,
        'latitud', d.latitud, 'longitud', d.longitud)
$$;

REVOKE EXECUTE ON FUNCTION sipros_domicilio_texto(domicilio) FROM PUBLIC;
