-- One sequence per programme: consecutive numbers that concurrent clerks never share, and
-- that a cancelled capture may skip (gap-tolerant, no lock held while documents upload).
CREATE OR REPLACE FUNCTION sipros_crear_secuencia_folio(p_programa integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    ultimo bigint;
BEGIN
    SELECT max(split_part(s.folio, '-', 3)::bigint) INTO ultimo
    FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id
    WHERE c.programa_id = p_programa;
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS public.%I AS bigint MINVALUE 1 START 1',
                   'sipros_folio_' || p_programa);
    IF ultimo IS NOT NULL THEN
        PERFORM setval(format('public.%I', 'sipros_folio_' || p_programa)::regclass, ultimo);
    END IF;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_crear_secuencia_folio(integer) FROM PUBLIC;
