-- The calls whose applications and vouchers the caller works with (those of its programmes);
-- NULL for the owner (maintenance, the command line): all of them. Each function below reads
-- it once, not once per row.
CREATE OR REPLACE FUNCTION sipros_convocatorias_de_trabajo() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN pg_has_role(session_user, 'pg_database_owner', 'MEMBER') THEN NULL
                ELSE sipros_convocatorias_visibles() END
$$;

REVOKE EXECUTE ON FUNCTION sipros_convocatorias_de_trabajo() FROM PUBLIC;
