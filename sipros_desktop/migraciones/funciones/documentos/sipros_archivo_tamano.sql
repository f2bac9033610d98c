CREATE OR REPLACE FUNCTION sipros_archivo_tamano() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    maximo numeric := coalesce((SELECT (valor #>> '{}')::numeric FROM ajuste
                                WHERE clave = 'documento_max_mb'), 5);
BEGIN
    IF NEW.tamano > maximo * 1024 * 1024 THEN
        RAISE EXCEPTION 'El documento pesa % MB; el máximo permitido es % MB.',
            round(NEW.tamano / 1048576.0, 1), maximo;
    END IF;
    RETURN NEW;
END
$$;
