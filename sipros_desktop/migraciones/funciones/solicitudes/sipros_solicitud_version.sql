-- Other changes of a filed application (answers corrected at the front desk) bump the version
-- too, so that an official's decision is never taken on data they have not seen.
CREATE OR REPLACE FUNCTION sipros_solicitud_version() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.actualizado := now();
    RETURN NEW;
END
$$;
