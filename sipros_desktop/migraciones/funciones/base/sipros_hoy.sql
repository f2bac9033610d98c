-- ---------------------------------------------------------------------------
-- The business date. Every rule that asks "is it today?" (a call open for filing, the date
-- and folio of a new application, ages for eligibility) reads sipros_hoy(), not current_date.
-- In production it is the server's date. Only the owner can replace the function: a training
-- database (or the test suite) freezes it on a fixed date so its data never goes stale.
-- Staff cannot change it: they own nothing and every function runs with a fixed search_path.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_hoy() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT current_date $$;
COMMENT ON FUNCTION sipros_hoy() IS
    'Fecha de operación: la fecha del servidor (una base de capacitación puede fijarla).';
