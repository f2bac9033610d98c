-- ---------------------------------------------------------------------------
-- Reading values as people type them
-- ---------------------------------------------------------------------------
-- A date: 2025-03-15 (also with a time), 15/03/2025, 15-03-2025, 15.03.2025, or an Excel serial
-- number (a date cell read as a number). NULL when it is none of those or does not exist.
CREATE OR REPLACE FUNCTION sipros_carga_fecha(t text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
DECLARE
    p text[];
    y integer;
    m integer;
    d integer;
BEGIN
    t := btrim(t);
    IF t ~ '^\d{4}-\d{1,2}-\d{1,2}([ T].*)?$' THEN
        p := regexp_match(t, '^(\d{4})-(\d{1,2})-(\d{1,2})');
        y := p[1]; m := p[2]; d := p[3];
    ELSIF t ~ '^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$' THEN
        p := regexp_match(t, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$');
        d := p[1]; m := p[2]; y := p[3];
    ELSIF t ~ '^\d{1,7}(\.\d+)?$' THEN
        IF t::numeric < 1 OR t::numeric >= 2958466 THEN
            RETURN NULL;
        END IF;
        RETURN DATE '1899-12-30' + floor(t::numeric)::integer;
    ELSE
        RETURN NULL;
    END IF;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, m, d);
END
$$;
