"""SQL fragments the tests share to pick demo rows that the database's rules accept."""

# citizen ``x`` meets the rules of call ``c`` on the business date (what the filing trigger
# checks: age, sex, municipalities)
ELEGIBLE = (
    "extract(year FROM age(sipros_hoy(), x.fecha_nacimiento)) "
    "BETWEEN coalesce((c.reglas->>'edad_min')::int, 0) "
    "AND coalesce((c.reglas->>'edad_max')::int, 200) "
    "AND (nullif(c.reglas->>'sexo', '') IS NULL OR c.reglas->>'sexo' = x.sexo) "
    "AND (coalesce(jsonb_array_length(c.reglas->'municipios'), 0) = 0 "
    "OR c.reglas->'municipios' ? (SELECT m.clave FROM domicilio d "
    "JOIN municipio m ON m.id = d.municipio_id WHERE d.ciudadano_id = x.id))"
)
