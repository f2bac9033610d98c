-- After a change: at least one active administrator must remain.
CREATE OR REPLACE FUNCTION sipros_verificar_administradores() RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.activo AND 'administrador' = ANY (sipros_perfiles_de(f.usuario))) THEN
        RAISE EXCEPTION 'No se puede: debe quedar al menos un administrador activo.';
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_verificar_administradores() FROM PUBLIC;
