-- ---------------------------------------------------------------------------
-- Carencia por acceso a la seguridad social of one person (Lineamientos 2018 of CONEVAL;
-- calculation program 2022). The person has access, and so no deprivation, when:
--   1. has direct access (sipros_seguridad_social_directa: work benefits, or retired);
--   2. by kinship with a member of the household with direct access: the head through the
--      spouse, or through a child when not economically active; the spouse through the head,
--      or through a child when not economically active; a child under 16 through the head or
--      the spouse, or aged 16 to 25 attending school; the head's parent (not economically
--      active) through the head; the head's parent-in-law (not economically active) through
--      the spouse;
--   3. receives medical services of a social-security institution through a relative outside
--      the household, as a widow(er) or orphan, or by own contract;
--   4. is 65 or older and receives an older-adults pension of at least the average of the
--      urban and rural extreme-poverty lines (``p_umbral_pam``).
-- ``p_hijo_directo``: some child of the head has direct access (not counting a pension of a
-- child aged 25 or less). Three-valued throughout: NULL when the answers cannot decide.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_carencia_seguridad_social(
    p_parentesco text, p_edad integer, p_asiste boolean, p_trabajo text, p_directo boolean,
    p_jefe_directo boolean, p_conyuge_directo boolean, p_hijo_directo boolean,
    p_otro_medio boolean, p_pension_adultos numeric, p_umbral_pam numeric,
    OUT carencia boolean, OUT motivo text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, public
AS $$
DECLARE
    -- not economically active: not working and not looking for work (16 or older)
    inactiva boolean := p_edad >= 16 AND p_trabajo IN (
        'Jubilada(o) o pensionada(o)', 'Estudia y no trabaja',
        'Se dedica a los quehaceres del hogar', 'Otra situación (no trabaja)');
    familia boolean;
    pam boolean := p_edad >= 65 AND p_pension_adultos >= p_umbral_pam;
    acceso boolean;
BEGIN
    familia := CASE
        WHEN p_parentesco IS NULL THEN NULL
        WHEN p_parentesco = 'Jefa o jefe del hogar'
            THEN p_conyuge_directo OR (inactiva AND p_hijo_directo)
        WHEN p_parentesco = 'Esposa(o) o pareja'
            THEN p_jefe_directo OR (inactiva AND p_hijo_directo)
        WHEN p_parentesco = 'Hija(o)'
            THEN (p_edad < 16 OR (p_edad BETWEEN 16 AND 25 AND p_asiste))
                 AND (p_jefe_directo OR p_conyuge_directo)
        WHEN p_parentesco = 'Madre o padre' THEN inactiva AND p_jefe_directo
        WHEN p_parentesco = 'Suegra(o)' THEN inactiva AND p_conyuge_directo
        ELSE false END;
    acceso := p_directo OR familia OR p_otro_medio OR pam;
    carencia := NOT acceso;
    motivo := CASE
        WHEN p_directo AND p_trabajo = 'Jubilada(o) o pensionada(o)'
            THEN 'Es jubilada(o) o pensionada(o).'
        WHEN p_directo THEN 'Tiene seguridad social por su trabajo.'
        WHEN familia THEN 'Tiene seguridad social por un familiar del hogar ('
            || CASE p_parentesco WHEN 'Hija(o)' THEN 'su madre o su padre'
                                 WHEN 'Madre o padre' THEN 'su hija o su hijo, jefe del hogar'
                                 WHEN 'Suegra(o)' THEN 'la pareja de su hija o su hijo'
                                 ELSE CASE WHEN p_conyuge_directo OR p_jefe_directo
                                           THEN 'su pareja' ELSE 'una hija o un hijo' END
                                 END || ').'
        WHEN p_otro_medio
            THEN 'Tiene servicio médico de una institución de seguridad social por un familiar '
                 'de otro hogar, por viudez u orfandad o contratado por su cuenta.'
        WHEN pam
            THEN format('Tiene %s años y recibe una pensión para adultos mayores de $%s, igual o '
                        'mayor que el promedio de las líneas de pobreza extrema urbana y rural '
                        '($%s).', p_edad, to_char(p_pension_adultos, 'FM999,999,990.00'),
                        to_char(p_umbral_pam, 'FM999,999,990.00'))
        WHEN acceso IS NULL THEN 'Sin datos suficientes: ' || CASE
            WHEN p_directo IS NULL THEN 'falta su situación de trabajo, su servicio médico por el '
                                        'trabajo o su Afore.'
            WHEN familia IS NULL THEN 'faltan el parentesco o datos de trabajo y servicio médico '
                                      'de su familia.'
            WHEN p_otro_medio IS NULL THEN 'falta si tiene servicio médico por otro medio '
                                           '(un familiar de otro hogar, viudez, orfandad o su '
                                           'cuenta).'
            WHEN p_umbral_pam IS NULL THEN 'no hay líneas de pobreza para comparar su pensión '
                                           'para adultos mayores.'
            ELSE 'falta el monto de su pensión para adultos mayores.' END
        ELSE 'No tiene seguridad social por su trabajo ni como jubilada(o), ni por un familiar '
             'del hogar, ni por otro medio'
            || CASE WHEN p_edad >= 65 THEN format(', y no recibe una pensión para adultos '
                                                  'mayores de al menos $%s',
                                                  to_char(p_umbral_pam, 'FM999,999,990.00'))
                    ELSE '' END || '.'
        END;
END
$$;
