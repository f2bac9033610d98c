CREATE OR REPLACE FUNCTION sipros_ciudadano_para_sms(p_curp text) RETURNS ciudadano
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    c ciudadano;
BEGIN
    SELECT * INTO c FROM ciudadano WHERE curp = sipros_curp_vigente(p_curp);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%».',
            upper(btrim(coalesce(p_curp, ''))) USING ERRCODE = 'no_data_found';
    END IF;
    IF c.telefono IS NULL THEN
        RAISE EXCEPTION 'El ciudadano no tiene teléfono registrado: anótelo primero.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT c.acepta_sms THEN
        RAISE EXCEPTION 'El ciudadano no aceptó recibir mensajes SMS: no se le envía ninguno. '
            'Si ahora lo acepta, márquelo en sus datos de contacto.'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN c;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_ciudadano_para_sms(text) FROM PUBLIC;
