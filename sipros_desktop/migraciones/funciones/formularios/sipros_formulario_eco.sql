-- Text a user wrote, quoted in a message: at most 60 characters (a long title repeated in each
-- problem of its section made a message of megabytes)
CREATE OR REPLACE FUNCTION sipros_formulario_eco(p text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
    SELECT CASE WHEN length(p) > 60 THEN left(p, 59) || '…' ELSE p END
$$;

REVOKE EXECUTE ON FUNCTION sipros_formulario_eco(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sipros_formulario_eco(text) TO sipros_personal;
