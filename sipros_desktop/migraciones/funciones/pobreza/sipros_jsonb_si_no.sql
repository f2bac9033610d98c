-- ---------------------------------------------------------------------------
-- A yes/no answer of a form as stored (JSON true or false), NULL for anything else (not
-- answered). Inlined where the household is measured.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_jsonb_si_no(p jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN jsonb_typeof(p) = 'boolean' THEN p::boolean END $$;
