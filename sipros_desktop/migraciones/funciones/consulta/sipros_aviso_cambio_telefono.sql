-- Queued with no citizen: the dispatcher follows a citizen's current phone and consent, and this
-- message must reach the previous number whatever they are now (and a later withdrawal of
-- consent must not cancel it).
CREATE OR REPLACE FUNCTION sipros_aviso_cambio_telefono(p_anterior text, p_nuevo text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    p plantilla_mensaje;
    oficina text;
    nuevo bigint;
BEGIN
    SELECT * INTO p FROM plantilla_mensaje WHERE evento = 'cambio_telefono';
    SELECT d.clave INTO oficina
    FROM funcionario f JOIN dependencia d ON d.id = f.dependencia_id
    WHERE f.usuario = session_user::text;
    INSERT INTO mensaje (evento, ciudadano_id, telefono, texto)
    VALUES ('cambio_telefono', NULL, sipros_e164(p_anterior),
            left(sipros_plantilla_aplicar(p.texto, jsonb_build_object(
                     'cuando', to_char(now() AT TIME ZONE 'America/Mexico_City',
                                       'DD/MM/YYYY HH24:MI'),
                     'oficina', coalesce(oficina, 'Atencion ciudadana'),
                     'nuevo', CASE WHEN p_nuevo IS NULL THEN 'sin celular'
                                   ELSE 'termina en ' || right(p_nuevo, 2) END),
                 p.sin_acentos), 918))
    RETURNING id INTO nuevo;
    RETURN nuevo;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_aviso_cambio_telefono(text, text) FROM PUBLIC;
