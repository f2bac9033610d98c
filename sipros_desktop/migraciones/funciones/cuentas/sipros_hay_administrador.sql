-- The last state-wide administrator stays. Only a state-wide administrator
-- grants «estatal» (0008) and reviews duplicates, backs up, edits the catalogue's áreas and the
-- settings (0015): deactivating or demoting the last one would leave the state without anybody
-- who can do that from the app. A database managed from the command line with no state-wide
-- administrator yet can still edit and deactivate anyone else.
CREATE OR REPLACE FUNCTION sipros_hay_administrador() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, public
AS $$
    SELECT EXISTS (SELECT 1 FROM funcionario f
                   WHERE f.activo AND f.alcance = 'estatal'
                     AND 'administrador' = ANY (sipros_perfiles_de(f.usuario)))
$$;

REVOKE EXECUTE ON FUNCTION sipros_hay_administrador() FROM PUBLIC;
