-- the administrator's citizen by CURP, if it is in its scope; else it reads like «no such CURP»
CREATE OR REPLACE FUNCTION sipros_sms_ciudadano_de_admin(p_curp text) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    cid bigint;
BEGIN
    PERFORM sipros_solo_administrador(
        'envían mensajes desde aquí (Consulta ciudadana tiene los suyos)');
    SELECT c.id INTO cid FROM ciudadano c WHERE c.curp = sipros_curp_vigente(p_curp);
    IF cid IS NULL OR NOT sipros_ciudadano_en_alcance(cid) THEN
        RAISE EXCEPTION 'No hay ningún ciudadano registrado con la CURP «%» en su alcance.',
            upper(btrim(coalesce(p_curp, ''))) USING ERRCODE = 'no_data_found';
    END IF;
    RETURN cid;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_sms_ciudadano_de_admin(text) FROM PUBLIC;
