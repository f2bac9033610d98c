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


PDF_MINIMO = b"%PDF-1.4 documento de prueba"


def presentar(conexion, ciudadano: int, convocatoria: int, tipo: int, clave=None) -> str:
    """File an application by raw SQL as the database requires it: the application and its
    required documents in one transaction. Returns the folio the database gave."""
    import hashlib

    sha = hashlib.sha256(PDF_MINIMO).hexdigest()
    with conexion.transaction():
        conexion.execute(
            "SELECT sipros_archivo_guardar(%s, 'application/pdf', %s, %s)",
            (sha, len(PDF_MINIMO), PDF_MINIMO),
        )
        sid, folio = conexion.execute(
            "INSERT INTO solicitud (folio, ciudadano_id, convocatoria_id, tipo_apoyo_id, "
            "clave_captura) VALUES ('x', %s, %s, %s, %s) RETURNING id, folio",
            (ciudadano, convocatoria, tipo, clave),
        ).fetchone()
        conexion.execute(
            "INSERT INTO documento (ciudadano_id, solicitud_id, tipo, nombre_archivo, sha256) "
            "SELECT %s, %s, t, t || '.pdf', %s FROM convocatoria c, "
            "jsonb_array_elements_text(c.documentos_requeridos) t WHERE c.id = %s",
            (ciudadano, sid, sha, convocatoria),
        )
    return folio


def evento_con_aprobadas(
    sql, n: int = 4, municipio: str | None = None, area: str | None = None
) -> tuple[int, list[int]]:
    """A delivery event of a call (of ``area``, if given) with ``n`` approved applications
    assigned (as the owner). It is today in Mexico City and lasts all day, so a delivery written
    offline at whatever hour the tests run falls on its day and inside its hours."""
    conv = sql.execute(
        "SELECT s.convocatoria_id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
        "WHERE s.estado = 'Aprobada' AND (%s::text IS NULL OR a.clave = %s) AND NOT EXISTS "
        "(SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) "
        "GROUP BY 1 HAVING count(*) >= %s ORDER BY count(*) DESC, 1 LIMIT 1",
        (area, area, n),
    ).fetchone()[0]
    ids = [r[0] for r in sql.execute(
        "SELECT id FROM solicitud WHERE convocatoria_id = %s AND estado = 'Aprobada' "
        "AND NOT EXISTS (SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = solicitud.id) "
        "ORDER BY id LIMIT %s", (conv, n))]  # fmt: skip
    evento = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT %s, 'Entrega de prueba', m.id, "
        "'Jardín principal', (now() AT TIME ZONE 'America/Mexico_City')::date, '00:00', "
        "'23:59:59', 'Responsable de prueba' "
        "FROM municipio m WHERE m.clave = coalesce(%s, '22014') RETURNING id",
        (conv, municipio),
    ).fetchone()[0]
    assert sql.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, ids)).fetchone()[0] == n
    return evento, ids


def codigos_del_pdf(pdf: bytes) -> list[str]:
    """Render every page as a printer would (200 ppp) and read every QR on it."""
    import pypdfium2 as pdfium

    from sipros_desktop.servicios import qr

    leidos = []
    documento = pdfium.PdfDocument(pdf)
    for pagina in documento:
        imagen = pagina.render(scale=200 / 72).to_pil().convert("L")
        leidos += qr.leer(imagen)
    return leidos
