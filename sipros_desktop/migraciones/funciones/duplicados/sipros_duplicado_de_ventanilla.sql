CREATE OR REPLACE FUNCTION sipros_duplicado_de_ventanilla() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO duplicado_revision (ciudadano_id, candidato_id, origen)
    SELECT n.candidato_id, n.ciudadano_id, 'Ventanilla'
    FROM nuevos n WHERE n.decision = 'Posible duplicado'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_duplicado_de_ventanilla() FROM PUBLIC;
