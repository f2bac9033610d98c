-- ---------------------------------------------------------------------------
-- A number answer of a form as stored, as a whole number (its integer part); NULL for
-- anything else (not answered). Inlined where the household is measured.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_jsonb_entero(p jsonb) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN jsonb_typeof(p) = 'number' THEN floor(p::numeric)::integer END $$;
