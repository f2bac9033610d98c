-- Kept by statement-level triggers (one INSERT…SELECT per statement, so bulk loads stay cheap).
CREATE OR REPLACE FUNCTION sipros_ciudadano_palabras() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ciudadano_palabra (palabra, nombre_orden, ciudadano_id)
        SELECT w, n.nombre_orden, n.id FROM nuevos n, sipros_palabras_de(n.nombre_orden) AS w;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM ciudadano_palabra p
        USING viejos v CROSS JOIN LATERAL sipros_palabras_de(v.nombre_orden) AS w
        WHERE p.palabra = w AND p.nombre_orden = v.nombre_orden AND p.ciudadano_id = v.id;
    ELSE
        DELETE FROM ciudadano_palabra p
        USING viejos v JOIN nuevos n ON n.id = v.id
              CROSS JOIN LATERAL sipros_palabras_de(v.nombre_orden) AS w
        WHERE n.nombre_orden IS DISTINCT FROM v.nombre_orden
          AND p.palabra = w AND p.nombre_orden = v.nombre_orden AND p.ciudadano_id = v.id;
        INSERT INTO ciudadano_palabra (palabra, nombre_orden, ciudadano_id)
        SELECT w, n.nombre_orden, n.id
        FROM viejos v JOIN nuevos n ON n.id = v.id, sipros_palabras_de(n.nombre_orden) AS w
        WHERE n.nombre_orden IS DISTINCT FROM v.nombre_orden;
    END IF;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadano_palabras() FROM PUBLIC;
