-- Pairs found by the registry-wide search (the client compares the names); pairs already in
-- the review, in any state, and pairs the front desk decided were different people are not
-- added again. The database checks what the search promises, so that no reviewer can queue
-- (and then merge) two people who cannot be the same: born the same day, the same sex, and
-- sharing the given name or a surname (in either place, accents aside). Returns how many were
-- added.
CREATE OR REPLACE FUNCTION sipros_duplicados_registrar(p_a bigint[], p_b bigint[], p_similitud numeric[])
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM sipros_es_revisor();
    INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen, similitud)
    SELECT least(x.a, x.b), greatest(x.a, x.b), 'Búsqueda', round(x.s, 3)
    FROM unnest(p_a, p_b, p_similitud) AS x(a, b, s)
    JOIN ciudadano c1 ON c1.id = x.a
    JOIN ciudadano c2 ON c2.id = x.b
    WHERE x.a <> x.b
      AND c1.fecha_nacimiento = c2.fecha_nacimiento AND c1.sexo = c2.sexo
      AND (sipros_nombre_comparable(c1.nombre) = sipros_nombre_comparable(c2.nombre)
           OR sipros_nombre_comparable(c1.apellido_paterno)
              IN (sipros_nombre_comparable(c2.apellido_paterno),
                  sipros_nombre_comparable(c2.apellido_materno))
           OR nullif(sipros_nombre_comparable(c1.apellido_materno), '')
              IN (sipros_nombre_comparable(c2.apellido_paterno),
                  sipros_nombre_comparable(c2.apellido_materno)))
      AND NOT EXISTS (SELECT 1 FROM duplicado_decision d
                      WHERE d.decision = 'Personas distintas'
                        AND ((d.ciudadano_id = x.a AND d.candidato_id = x.b)
                             OR (d.ciudadano_id = x.b AND d.candidato_id = x.a)))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_duplicados_registrar(bigint[], bigint[], numeric[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_duplicados_registrar(bigint[], bigint[], numeric[]) TO sipros_administrador;
