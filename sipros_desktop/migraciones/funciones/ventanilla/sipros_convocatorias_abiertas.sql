-- ---------------------------------------------------------------------------
-- The calls open today (business date), with what eligibility needs: rules, cupo and how much
-- of it is taken, support types, documents required. Internal: sipros_consulta includes it.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sipros_convocatorias_abiertas() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', cv.id, 'clave', cv.clave, 'nombre', cv.nombre, 'programa', p.nombre,
        'programa_clave', p.clave, 'proceso', cv.proceso, 'fecha_cierre', cv.fecha_cierre,
        'reglas', coalesce(cv.reglas, '{}'::jsonb), 'cupo', cv.cupo,
        'otorgadas', CASE WHEN cv.cupo IS NOT NULL THEN (
            SELECT count(*) FROM solicitud s
            WHERE s.convocatoria_id = cv.id AND s.estado IN ('Aprobada', 'Entregado')) END,
        'documentos_requeridos', coalesce(cv.documentos_requeridos, '[]'::jsonb),
        'formulario_id', cv.formulario_id,
        'tipos', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'id', t.id, 'nombre', t.nombre, 'monto', t.monto,
                      'modalidad', t.modalidad) ORDER BY t.nombre), '[]'::jsonb)
                  FROM tipo_apoyo t WHERE t.programa_id = p.id))
        ORDER BY p.nombre, cv.proceso), '[]'::jsonb)
    FROM convocatoria cv JOIN programa p ON p.id = cv.programa_id
    WHERE cv.abierta AND p.activo
      AND cv.fecha_apertura <= sipros_hoy() AND cv.fecha_cierre >= sipros_hoy()
$$;

REVOKE EXECUTE ON FUNCTION sipros_convocatorias_abiertas() FROM PUBLIC;
