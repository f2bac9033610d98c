-- The validation of a load's rows as migration 0011 wrote it (sipros_carga_validar until
-- migration 0017 renamed it): every column but the colonia. sipros_carga_validar runs it and
-- then reads the colonia, set-based. Nobody on the staff may call it.
CREATE OR REPLACE FUNCTION sipros_carga_validar_filas(p_carga integer) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
    SET jit = off
    SET work_mem = '64MB'
AS $$
DECLARE
    k carga_masiva := sipros_carga_propia(p_carga);
    hoy date := sipros_hoy();
    prog_clave text;
BEGIN
    SELECT clave INTO prog_clave FROM programa WHERE id = k.programa_id;
    -- loads of one programme one at a time: the duplicate checks below see each other's rows
    PERFORM pg_advisory_xact_lock(hashtext('sipros_carga'), k.programa_id);
    DELETE FROM carga_valor WHERE carga_masiva_id = p_carga;
    -- the planner must know how many rows just arrived (else it joins them row by row)
    ANALYZE carga_fila;

    INSERT INTO carga_valor (carga_masiva_id, fila, curp, nombre, paterno, materno, nacimiento,
                             sexo, municipio_id, localidad_id, tipo_apoyo_id, monto, cantidad,
                             entrega, telefono, errores, ciudadano_id)
    WITH f AS MATERIALIZED (
        SELECT r.fila,
               r.curp AS t_curp, r.nombre AS t_nombre, r.apellido_paterno AS t_paterno,
               r.apellido_materno AS t_materno, r.fecha_nacimiento AS t_nac, r.sexo AS t_sexo,
               r.municipio AS t_mun, r.localidad AS t_loc, r.tipo_apoyo AS t_tipo,
               r.monto AS t_monto, r.cantidad AS t_cant, r.fecha_entrega AS t_ent,
               r.telefono AS t_tel,
               upper(regexp_replace(coalesce(r.curp, ''), '\s', '', 'g')) AS c,
               nullif(upper(regexp_replace(btrim(r.nombre), '\s+', ' ', 'g')), '') AS nom,
               nullif(upper(regexp_replace(btrim(r.apellido_paterno), '\s+', ' ', 'g')), '') AS pat,
               nullif(upper(regexp_replace(btrim(r.apellido_materno), '\s+', ' ', 'g')), '') AS mat,
               nullif(btrim(r.fecha_nacimiento), '') AS nac_t,
               nullif(btrim(r.fecha_entrega), '') AS ent_t,
               nullif(btrim(r.sexo), '') AS sexo_t,
               nullif(btrim(r.municipio), '') AS mun_t,
               nullif(btrim(r.localidad), '') AS loc_t,
               nullif(btrim(r.tipo_apoyo), '') AS tipo_t,
               nullif(btrim(r.monto), '') AS monto_t,
               nullif(btrim(r.cantidad), '') AS cant_t,
               nullif(regexp_replace(coalesce(r.telefono, ''), '[\s().-]', '', 'g'), '') AS tel_t
        FROM carga_fila r WHERE r.carga_masiva_id = p_carga),
    -- each distinct value is read once (a roll repeats dates, places and support types)
    fechas AS (SELECT t, sipros_carga_fecha(t) AS v
               FROM (SELECT nac_t AS t FROM f UNION SELECT ent_t FROM f) x WHERE t IS NOT NULL),
    montos AS (SELECT t, sipros_carga_monto(t) AS v
               FROM (SELECT DISTINCT monto_t AS t FROM f WHERE monto_t IS NOT NULL) x),
    sexos AS (SELECT t, CASE sipros_normaliza(t)
                            WHEN 'H' THEN 'H' WHEN 'HOMBRE' THEN 'H' WHEN 'MASCULINO' THEN 'H'
                            WHEN 'MASC' THEN 'H' WHEN 'M' THEN 'M' WHEN 'MUJER' THEN 'M'
                            WHEN 'FEMENINO' THEN 'M' WHEN 'FEM' THEN 'M' WHEN 'F' THEN 'M'
                            WHEN 'X' THEN 'X' WHEN 'NO BINARIO' THEN 'X' END AS v
              FROM (SELECT DISTINCT sexo_t AS t FROM f WHERE sexo_t IS NOT NULL) x),
    municipios AS (
        SELECT t, (SELECT CASE WHEN count(*) = 1 THEN min(m.id) END FROM municipio m
                   WHERE CASE WHEN t ~ '^\d{5}$' THEN m.clave = t
                              WHEN t ~ '^\d{1,3}$' THEN right(m.clave, 3) = lpad(t, 3, '0')
                              ELSE translate(sipros_normaliza(m.nombre), 'Ñ', 'N')
                                   = translate(sipros_normaliza(t), 'Ñ', 'N') END) AS v
        FROM (SELECT DISTINCT mun_t AS t FROM f WHERE mun_t IS NOT NULL) x),
    localidades AS (
        SELECT x.mun, x.t,
               (SELECT min(l.id) FROM localidad l JOIN municipio m ON m.id = l.municipio_id
                WHERE l.municipio_id = x.mun
                  AND CASE WHEN x.t ~ '^\d{9}$' THEN l.clave = x.t
                           WHEN x.t ~ '^\d{1,4}$' THEN l.clave = m.clave || lpad(x.t, 4, '0')
                           ELSE translate(sipros_normaliza(l.nombre), 'Ñ', 'N')
                                = translate(sipros_normaliza(x.t), 'Ñ', 'N') END) AS v
        FROM (SELECT DISTINCT mu.v AS mun, f.loc_t AS t FROM f
              JOIN municipios mu ON mu.t = f.mun_t
              WHERE f.loc_t IS NOT NULL AND mu.v IS NOT NULL) x),
    tipos AS (
        SELECT t, (SELECT min(ta.id) FROM tipo_apoyo ta
                   WHERE ta.programa_id = k.programa_id
                     AND (ta.clave = upper(t)
                          OR sipros_normaliza(ta.nombre) = sipros_normaliza(t))) AS v
        FROM (SELECT DISTINCT tipo_t AS t FROM f WHERE tipo_t IS NOT NULL) x),
    v AS (
        SELECT f.*, fn.v AS nac, fe.v AS ent, sx.v AS sx, mu.v AS mun, lo.v AS loc, ti.v AS tipo,
               mo.v AS monto, ci.id AS cid,
               length(f.c) = 18 AND f.c ~ ('^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])'
                   '(0[1-9]|[12][0-9]|3[01])[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN'
                   '|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z][0-9]$')
                   AS forma,
               coalesce(ci.id, al.ciudadano_id) AS ciudadano,
               CASE WHEN f.cant_t IS NULL THEN 1
                    WHEN f.cant_t ~ '^\d{1,9}(\.0+)?$' THEN floor(f.cant_t::numeric)::integer END
                   AS cant
        FROM f
        LEFT JOIN fechas fn ON fn.t = f.nac_t
        LEFT JOIN fechas fe ON fe.t = f.ent_t
        LEFT JOIN sexos sx ON sx.t = f.sexo_t
        LEFT JOIN municipios mu ON mu.t = f.mun_t
        LEFT JOIN localidades lo ON lo.mun = mu.v AND lo.t = f.loc_t
        LEFT JOIN tipos ti ON ti.t = f.tipo_t
        LEFT JOIN montos mo ON mo.t = f.monto_t
        LEFT JOIN ciudadano ci ON ci.curp = f.c
        LEFT JOIN ciudadano_alias al ON al.curp = f.c AND ci.id IS NULL),
    w AS (
        -- (OFFSET 0: computed once per row, not at each place that reads it)
        SELECT v.*, v.forma AND substr(v.c, 18, 1)::integer = sipros_curp_digito(v.c) AS valida
        FROM v OFFSET 0)
    SELECT p_carga, v.fila,
           CASE WHEN length(v.c) = 18 THEN v.c END, v.nom, v.pat, v.mat, v.nac,
           v.sx, v.mun, v.loc, v.tipo, v.monto, v.cant, v.ent,
           CASE WHEN v.tel_t ~ '^(\+?52)?\d{10}$' THEN right(v.tel_t, 10) END,
           to_jsonb(array_remove(ARRAY[
               -- required values
               CASE WHEN v.c = '' THEN sipros_carga_error('CURP', v.t_curp, 'Falta la CURP.') END,
               CASE WHEN v.nom IS NULL THEN sipros_carga_error('NOMBRE', v.t_nombre, 'Falta el nombre.') END,
               CASE WHEN v.pat IS NULL THEN sipros_carga_error('APELLIDO_PATERNO', v.t_paterno,
                   'Falta el apellido paterno (si la persona tiene uno solo, va aquí).') END,
               CASE WHEN v.nac_t IS NULL THEN sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'Falta la fecha de nacimiento.') END,
               CASE WHEN v.sexo_t IS NULL THEN sipros_carga_error('SEXO', v.t_sexo, 'Falta el sexo (H, M o X).') END,
               CASE WHEN v.mun_t IS NULL THEN sipros_carga_error('MUNICIPIO', v.t_mun, 'Falta el municipio.') END,
               CASE WHEN v.tipo_t IS NULL THEN sipros_carga_error('TIPO_APOYO', v.t_tipo, 'Falta el tipo de apoyo.') END,
               CASE WHEN v.monto_t IS NULL THEN sipros_carga_error('MONTO', v.t_monto, 'Falta el monto (0 si el apoyo es en especie).') END,
               CASE WHEN v.ent_t IS NULL THEN sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'Falta la fecha de entrega.') END,
               -- names
               CASE WHEN length(v.nom) > 120 OR length(v.pat) > 120 OR length(v.mat) > 120 THEN
                   sipros_carga_error('NOMBRE', left(concat_ws(' ', v.nom, v.pat, v.mat), 60) || '…',
                                      'Un nombre o apellido pasa de 120 caracteres.') END,
               CASE WHEN concat(v.nom, v.pat, v.mat) ~ '[[:cntrl:]]' THEN
                   sipros_carga_error('NOMBRE', concat_ws(' ', v.nom, v.pat, v.mat),
                                      'El nombre tiene caracteres de control (saltos de línea o tabuladores).') END,
               -- CURP and what it says
               CASE WHEN v.c <> '' AND length(v.c) <> 18 THEN
                   sipros_carga_error('CURP', v.t_curp, format('La CURP tiene %s caracteres; debe tener 18.', length(v.c)))
                    WHEN length(v.c) = 18 AND NOT v.forma THEN
                   sipros_carga_error('CURP', v.t_curp, 'No tiene la forma de una CURP: 4 letras, 6 dígitos de la fecha, H/M/X, '
                                      '2 letras de la entidad, 3 consonantes, 1 carácter y 1 dígito.')
                    WHEN length(v.c) = 18 AND NOT v.valida THEN
                   sipros_carga_error('CURP', v.t_curp, 'El dígito verificador (el último) no corresponde: revise la CURP.') END,
               CASE WHEN v.nac_t IS NOT NULL AND v.nac IS NULL THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'No es una fecha válida (use dd/mm/aaaa y revise día y mes).')
                    WHEN v.nac > hoy THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'La fecha de nacimiento es futura.')
                    WHEN v.nac < DATE '1900-01-01' THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac, 'La fecha de nacimiento es anterior a 1900.')
                    WHEN v.valida AND (substr(v.c, 5, 6) <> to_char(v.nac, 'YYMMDD')
                         OR (v.nac < DATE '2000-01-01') <> (substr(v.c, 17, 1) ~ '^[0-9]$')) THEN
                   sipros_carga_error('FECHA_NACIMIENTO', v.t_nac,
                       format('No coincide con la CURP, que dice nacimiento el %s/%s/%s.',
                              substr(v.c, 9, 2), substr(v.c, 7, 2), substr(v.c, 5, 2))) END,
               CASE WHEN v.sexo_t IS NOT NULL AND v.sx IS NULL THEN
                   sipros_carga_error('SEXO', v.t_sexo, 'El sexo debe ser H (hombre), M (mujer) o X.')
                    WHEN v.valida AND substr(v.c, 11, 1) <> v.sx THEN
                   sipros_carga_error('SEXO', v.t_sexo,
                       format('No coincide con la CURP, que dice %s.', substr(v.c, 11, 1))) END,
               -- place, support, amount, date
               CASE WHEN v.mun_t IS NOT NULL AND v.mun IS NULL THEN
                   sipros_carga_error('MUNICIPIO', v.t_mun,
                       'Municipio desconocido: use la clave INEGI (014 o 22014) o el nombre del municipio.') END,
               CASE WHEN v.loc_t IS NOT NULL AND v.mun IS NOT NULL AND v.loc IS NULL THEN
                   sipros_carga_error('LOCALIDAD', v.t_loc, 'Localidad desconocida en ese municipio: use su clave INEGI o su nombre.') END,
               CASE WHEN v.tipo_t IS NOT NULL AND v.tipo IS NULL THEN
                   sipros_carga_error('TIPO_APOYO', v.t_tipo,
                       format('No es un tipo de apoyo del programa %s: use su clave o su nombre.', prog_clave)) END,
               CASE WHEN v.monto_t IS NOT NULL AND v.monto IS NULL THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto no es un número (ejemplos: 1500, 1500.50, $1,500.00).')
                    WHEN v.monto < 0 THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto no puede ser negativo.')
                    WHEN v.monto >= 1e12 THEN
                   sipros_carga_error('MONTO', v.t_monto, 'El monto es demasiado grande.') END,
               CASE WHEN v.cant IS NULL OR v.cant < 1 THEN
                   sipros_carga_error('CANTIDAD', v.t_cant, 'La cantidad debe ser un número entero mayor que cero.') END,
               CASE WHEN v.ent_t IS NOT NULL AND v.ent IS NULL THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'No es una fecha válida (use dd/mm/aaaa y revise día y mes).')
                    WHEN v.ent > hoy THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent,
                       format('La fecha de entrega es futura (hoy es %s): el Padrón registra apoyos ya entregados.',
                              to_char(hoy, 'DD/MM/YYYY')))
                    WHEN v.ent < DATE '1990-01-01' THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'La fecha de entrega es anterior a 1990.')
                    WHEN v.ent < v.nac THEN
                   sipros_carga_error('FECHA_ENTREGA', v.t_ent, 'La fecha de entrega es anterior al nacimiento.') END,
               CASE WHEN v.tel_t IS NOT NULL AND v.tel_t !~ '^(\+?52)?\d{10}$' THEN
                   sipros_carga_error('TELEFONO', v.t_tel, 'El teléfono debe tener 10 dígitos.') END
           ], NULL)),
           v.ciudadano
    FROM w AS v;

    ANALYZE carga_valor;

    -- checks across rows, on the rows still valid
    WITH ok AS (
        SELECT cv.* FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]'),
    repetidas AS (
        SELECT fila, first_value(fila) OVER w AS primera, row_number() OVER w AS n
        FROM ok WINDOW w AS (PARTITION BY curp, tipo_apoyo_id, entrega ORDER BY fila)),
    otra_persona AS (
        -- one CURP, two people in the file (names compared only where a CURP repeats)
        SELECT fila, first_value(fila) OVER w AS primera,
               first_value(orden) OVER w IS DISTINCT FROM orden AS distinta
        FROM (SELECT r.fila, r.curp,
                     sipros_normaliza(r.paterno || ' ' || coalesce(r.materno, '') || ' ' || r.nombre) AS orden
              FROM ok r
              WHERE r.curp IN (SELECT curp FROM ok GROUP BY curp HAVING count(*) > 1)) x
        WINDOW w AS (PARTITION BY curp ORDER BY fila)),
    en_padron AS (
        SELECT ok.fila, b.origen, b.carga_masiva_id, s.folio
        FROM ok
        JOIN LATERAL (SELECT b.origen, b.carga_masiva_id, b.solicitud_id FROM beneficio b
                      WHERE b.ciudadano_id = ok.ciudadano_id AND b.programa_id = k.programa_id
                        AND b.tipo_apoyo_id = ok.tipo_apoyo_id AND b.fecha_entrega = ok.entrega
                      LIMIT 1) b ON true
        LEFT JOIN solicitud s ON s.id = b.solicitud_id
        WHERE ok.ciudadano_id IS NOT NULL),
    nuevos_errores AS (
        SELECT fila, jsonb_agg(e) AS e FROM (
            SELECT r.fila, sipros_carga_error('CURP', ok.curp, format(
                       'Repite la fila %s: la misma CURP, tipo de apoyo y fecha de entrega.', r.primera)) AS e
            FROM repetidas r JOIN ok USING (fila) WHERE r.n > 1
            UNION ALL
            SELECT o.fila, sipros_carga_error('CURP', ok.curp, format(
                       'La misma CURP está en la fila %s con otro nombre: corrija una de las dos.', o.primera))
            FROM otra_persona o JOIN ok USING (fila) WHERE o.distinta
            UNION ALL
            SELECT p.fila, sipros_carga_error('FECHA_ENTREGA', to_char(ok.entrega, 'DD/MM/YYYY'),
                       CASE WHEN p.origen = 'Carga masiva' THEN format(
                                'Este apoyo ya está en el Padrón (misma persona, programa, tipo y '
                                'fecha), cargado en la carga %s.', p.carga_masiva_id)
                            ELSE format('Este apoyo ya está en el Padrón: se entregó por la '
                                        'solicitud %s.', p.folio) END)
            FROM en_padron p JOIN ok USING (fila)) x
        GROUP BY fila)
    UPDATE carga_valor cv SET errores = cv.errores || n.e
    FROM nuevos_errores n
    WHERE cv.carga_masiva_id = p_carga AND cv.fila = n.fila;

    -- a new CURP whose person is already registered under another one: to the review
    -- (same birth date and sex, and the same name up to accents, case and spaces, with the
    -- surnames swapped, or with one of the two missing the second surname)
    WITH partes AS (
        SELECT cv.fila, cv.curp, cv.nacimiento, cv.sexo, sipros_normaliza(cv.nombre) AS nom,
               sipros_normaliza(cv.paterno) AS pat, nullif(sipros_normaliza(cv.materno), '') AS mat
        FROM carga_valor cv
        WHERE cv.carga_masiva_id = p_carga AND cv.errores = '[]' AND cv.ciudadano_id IS NULL),
    nuevas AS MATERIALIZED (  -- (the names normalized once, not in every probe)
        SELECT fila, curp, nacimiento, sexo, pat, nom, mat IS NULL AS falta_materno,
               concat_ws(' ', pat, mat, nom) AS orden, concat_ws(' ', mat, pat, nom) AS cruzado,
               pat || ' ' || nom AS sin_materno
        FROM partes),
    candidatos AS (
        -- one probe of the birth date and sex per row (concat(): not the name index, which
        -- would read every citizen with a common name; id + 0: not a walk of the primary key)
        SELECT n.fila, (
            SELECT min(c.id + 0) FROM ciudadano c
            WHERE c.fecha_nacimiento = n.nacimiento AND c.sexo = n.sexo AND c.curp <> n.curp
              AND (concat(c.nombre_orden) IN (n.orden, n.cruzado, n.sin_materno)
                   OR (n.falta_materno AND c.nombre_orden LIKE n.pat || ' % ' || n.nom))) AS id
        FROM nuevas n)
    UPDATE carga_valor cv SET candidato_id = x.id
    FROM candidatos x
    WHERE x.id IS NOT NULL AND cv.carga_masiva_id = p_carga AND cv.fila = x.fila;

    UPDATE carga_masiva SET
        filas_total = (SELECT count(*) FROM carga_valor WHERE carga_masiva_id = p_carga),
        filas_error = (SELECT count(*) FROM carga_valor
                       WHERE carga_masiva_id = p_carga AND errores <> '[]')
    WHERE id = p_carga;
    UPDATE carga_masiva SET filas_validas = filas_total - filas_error WHERE id = p_carga;
END
$$;

REVOKE EXECUTE ON FUNCTION sipros_carga_validar_filas(integer) FROM PUBLIC;
