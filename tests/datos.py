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


def miembro(parentesco="Jefa o jefe del hogar", sexo="Mujer", edad=40, **extra) -> dict:
    """One member of a CUIS household with what the measure needs answered: no deprivation of
    their own (a salaried job with social security, secundaria and preparatoria finished)."""
    m = {
        "parentesco": parentesco, "sexo": sexo, "edad": edad, "asiste_escuela": False,
        "nivel": "Preparatoria o bachillerato", "grado": 3, "salud": ["IMSS"],
        "trabajo": "Trabaja para un patrón, empresa o gobierno", "servicio_medico_trabajo": True,
        "afore": True, "servicio_medico_otro": False, "pension_adultos": 0,
        "discapacidad": False, "lengua_indigena": False, "ingreso": 9000,
    }  # fmt: skip
    m.update(extra)
    return m


def hogar_cuis(*miembros: dict, **cambios) -> dict:
    """The answers of the CUIS with its household (the first member, the applicant): by
    default a household without any deprivation; ``cambios`` replaces answers."""
    integrantes = list(miembros) or [miembro()]
    r = {
        "hogar": integrantes,
        "menores_18": sum(1 for m in integrantes if m.get("edad", 99) < 18),
        "tenencia": "Propia", "piso": "Cemento o firme", "techo": "Losa de concreto",
        "muros": "Tabique, ladrillo, block, piedra, cantera, cemento o concreto",
        "cuartos_total": 4, "agua": "Entubada dentro de la vivienda",
        "desague": "A la red pública", "electricidad": True, "combustible": "Gas",
        "otros_ingresos": 0, "programas": False,
        "sin_comida": False, "alimentacion_poca": False, "dejo_comida": False,
        "comio_menos": False, "hambre": False, "sin_comer": False,
        "dias_cereales": 7, "dias_tuberculos": 3, "dias_verduras": 5, "dias_frutas": 4,
        "dias_carne": 4, "dias_huevo": 3, "dias_pescado": 1, "dias_leguminosas": 5,
        "dias_lacteos": 5, "dias_aceites": 7, "dias_azucar": 7, "dias_condimentos": 7,
    }  # fmt: skip
    if r["menores_18"]:
        for clave in (
            "menores_poca",
            "menores_sin_comer",
            "menores_menos_servida",
            "menores_hambre",
            "menores_acosto_hambre",
            "menores_una_vez",
        ):
            r[clave] = False
    r.update(cambios)
    return r
