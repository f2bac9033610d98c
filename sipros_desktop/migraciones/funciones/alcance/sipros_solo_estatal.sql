-- Spanish for the settings and the geography (the staff's own writes; the owner bypasses)
CREATE OR REPLACE FUNCTION sipros_solo_estatal() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT sipros_admin_estatal() THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
