CREATE OR REPLACE FUNCTION sipros_ciudadano_a_beneficios() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    UPDATE beneficio b SET sexo = n.sexo, nacimiento = n.fecha_nacimiento
    FROM nuevos n JOIN viejos v ON v.id = n.id
    WHERE b.ciudadano_id = n.id
      AND (n.sexo IS DISTINCT FROM v.sexo OR n.fecha_nacimiento IS DISTINCT FROM v.fecha_nacimiento);
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadano_a_beneficios() FROM PUBLIC;
