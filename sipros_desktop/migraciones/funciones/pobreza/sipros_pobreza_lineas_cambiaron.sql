-- ---------------------------------------------------------------------------
-- New poverty lines (or corrected ones): every measure against the newest month, in the same
-- transaction. Set-based: the income per person and the deprivations do not change, only
-- which side of the lines the income is on and so the classification; the households whose
-- older adults' social security hinges on the lines (pam_depende) are measured again from
-- their answers. One trigger per event, each with its transition table (migration 0023): an
-- INSERT … ON CONFLICT DO UPDATE fires both the INSERT and the UPDATE statement triggers, and
-- only the one whose rows changed classifies (once, not twice).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_pobreza_lineas_cambiaron() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    l linea_pobreza;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM viejas) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM nuevas) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO l FROM linea_pobreza ORDER BY mes DESC LIMIT 1;
    PERFORM sipros_pobreza_medir_de(ARRAY(SELECT p.ciudadano_id FROM pobreza_medicion p
                                          WHERE p.pam_depende));
    UPDATE pobreza_medicion p SET
        linea_id = l.id,
        bajo_lpei = sipros_pobreza_bajo_linea(p.ingreso_pc_min, p.ingreso_pc_max, p.ambito,
                                              l.extrema_urbana, l.extrema_rural),
        bajo_lpi = sipros_pobreza_bajo_linea(p.ingreso_pc_min, p.ingreso_pc_max, p.ambito,
                                             l.pobreza_urbana, l.pobreza_rural),
        clasificacion = sipros_pobreza_clasificar(
            sipros_pobreza_bajo_linea(p.ingreso_pc_min, p.ingreso_pc_max, p.ambito,
                                      l.extrema_urbana, l.extrema_rural),
            sipros_pobreza_bajo_linea(p.ingreso_pc_min, p.ingreso_pc_max, p.ambito,
                                      l.pobreza_urbana, l.pobreza_rural),
            p.carencias, p.carencias_sin_datos),
        calculado = now()
    WHERE NOT p.pam_depende;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION sipros_pobreza_lineas_cambiaron() FROM PUBLIC;
