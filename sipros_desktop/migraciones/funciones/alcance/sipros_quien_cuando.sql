-- who and when, set by the database; a merge being undone puts back the recorded ones
CREATE OR REPLACE FUNCTION sipros_quien_cuando() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'INSERT' AND coalesce(current_setting('sipros.restaurando', true), '') = 'on'
       AND pg_has_role(current_user, 'pg_database_owner', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user,
                                                         TG_ARGV[1], now()));
    RETURN NEW;
END
$$;
