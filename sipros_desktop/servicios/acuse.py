"""Acuse de recibo of an application: a one-page PDF (reportlab) with a QR of the folio."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select, text

from sipros_desktop import bd
from sipros_desktop.modelos import (
    Documento,
)
from sipros_desktop.servicios import horario
from sipros_desktop.servicios.qr import CodigoQR
from sipros_desktop.servicios.solicitudes import con_contexto


@dataclass(frozen=True)
class DatosAcuse:
    folio: str
    fecha_solicitud: date
    registrado: datetime
    curp: str
    nombre_completo: str
    programa: str
    convocatoria: str
    proceso: int
    tipo_apoyo: str
    estado: str
    documentos: tuple[tuple[str, str], ...]  # (tipo, nombre de archivo)
    aviso_privacidad: str
    usuario: str
    dependencia: str = "Secretaría de Desarrollo Social"  # of the programme
    area: str = ""
    logo: bytes | None = None  # the agency's, when Catálogo has one
    # a field brigade's offline application: its key (the QR), the folio is provisional
    provisional_clave: str | None = None


def datos(solicitud_id: int) -> DatosAcuse:
    with bd.sesion() as s:
        sol, c, programa, convocatoria, proceso, tipo = con_contexto(s, solicitud_id)
        docs = s.execute(
            select(Documento.tipo, Documento.nombre_archivo)
            .where(Documento.solicitud_id == solicitud_id)
            .order_by(Documento.id)
        ).all()
        # the programme's agency's own notice, else the state's general one
        aviso = s.scalar(
            text(
                "SELECT coalesce(d.aviso_privacidad, (SELECT valor #>> '{}' FROM ajuste "
                "WHERE clave = 'aviso_privacidad')) FROM solicitud s "
                "JOIN convocatoria c ON c.id = s.convocatoria_id "
                "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
                "JOIN dependencia d ON d.id = a.dependencia_id WHERE s.id = :i"
            ),
            {"i": solicitud_id},
        )
        # the agency and área of the programme, not always Desarrollo Social
        dependencia, area, logo = s.execute(
            text(
                "SELECT d.nombre, a.nombre, d.logo FROM solicitud s "
                "JOIN convocatoria c ON c.id = s.convocatoria_id "
                "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
                "JOIN dependencia d ON d.id = a.dependencia_id WHERE s.id = :i"
            ),
            {"i": solicitud_id},
        ).one()
        usuario = s.scalar(
            text(
                "SELECT sipros_nombre_funcionario(usuario) FROM solicitud_historial "
                "WHERE solicitud_id = :i ORDER BY fecha, id LIMIT 1"
            ),
            {"i": solicitud_id},
        )
    return DatosAcuse(
        folio=sol.folio,
        fecha_solicitud=sol.fecha_solicitud,
        registrado=sol.creado,
        curp=c.curp,
        nombre_completo=c.nombre_completo,
        programa=programa,
        convocatoria=convocatoria,
        proceso=proceso,
        tipo_apoyo=tipo,
        estado=sol.estado,
        documentos=tuple((d.tipo, d.nombre_archivo) for d in docs),
        aviso_privacidad=aviso or "",
        usuario=usuario or "",
        dependencia=dependencia,
        area=area,
        logo=bytes(logo) if logo else None,
    )


def logo_de_dependencia(contenido: bytes | None, alto: float = 1.6 * cm) -> list:
    """The agency's logo as flowables for the top of a printed document: ``alto`` high,
    left-aligned (nothing when it has none). The delivery lists use it too. A logo the app
    would refuse (written from psql: the database checks its type and size, not its pixels)
    is left out, and the document is printed without it."""
    if not contenido:
        return []
    from PIL import Image as Pil

    from sipros_desktop.errores import ErrorDatos
    from sipros_desktop.servicios.catalogo import revisar_logo

    try:
        revisar_logo("logo", contenido)
    except ErrorDatos:
        return []

    with Pil.open(io.BytesIO(contenido)) as im:
        ancho, alto_px = im.size
    imagen = Image(io.BytesIO(contenido), width=alto * ancho / alto_px, height=alto)
    imagen.hAlign = "LEFT"
    return [imagen, Spacer(1, 0.15 * cm)]


def generar_pdf(d: DatosAcuse) -> bytes:
    """The receipt as PDF bytes (letter size, one page)."""
    salida = io.BytesIO()
    doc = SimpleDocTemplate(
        salida,
        pagesize=LETTER,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=f"Acuse {d.folio}",
        author="SIPROS Escritorio",
    )
    estilos = getSampleStyleSheet()
    normal = estilos["BodyText"]
    pequeno = ParagraphStyle("pequeno", parent=normal, fontSize=8, leading=10)
    titulo = ParagraphStyle("titulo", parent=estilos["Title"], fontSize=16, spaceAfter=4)
    e = escape
    cabecera = Table(
        [
            [
                [
                    *logo_de_dependencia(d.logo),
                    Paragraph("Gobierno del Estado de Querétaro", estilos["Heading4"]),
                    Paragraph(f"{e(d.dependencia)} — SIPROS", normal),
                    Paragraph(e(d.area), pequeno),
                    Spacer(1, 0.3 * cm),
                    Paragraph(
                        "ACUSE PROVISIONAL DE SOLICITUD (BRIGADA)"
                        if d.provisional_clave
                        else "ACUSE DE RECIBO DE SOLICITUD",
                        titulo,
                    ),
                    Paragraph(
                        f"<b>Folio{' provisional' if d.provisional_clave else ''}:</b> "
                        f"{e(d.folio)}",
                        estilos["Heading3"],
                    ),
                ],
                CodigoQR(
                    f"SIPROS-BRIGADA:{d.provisional_clave}" if d.provisional_clave else d.folio,
                    3.6 * cm,
                ),
            ]
        ],
        colWidths=[13 * cm, 4 * cm],
    )
    cabecera.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    filas = [
        ["Fecha de solicitud", d.fecha_solicitud.strftime("%d/%m/%Y")],
        ["Registrada", horario.fecha_hora(d.registrado)],
        ["CURP", d.curp],
        ["Solicitante", d.nombre_completo],
        ["Programa", d.programa],
        ["Convocatoria", f"{d.convocatoria} (proceso {d.proceso})"],
        ["Tipo de apoyo", d.tipo_apoyo],
        ["Estado", d.estado],
        ["Atendió", d.usuario],
    ]
    datos_t = Table(
        [[Paragraph(f"<b>{e(a)}</b>", normal), Paragraph(e(b), normal)] for a, b in filas],
        colWidths=[4.5 * cm, 12.5 * cm],
    )
    datos_t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1e9ee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    docs = [[Paragraph("<b>Documento</b>", normal), Paragraph("<b>Archivo</b>", normal)]]
    docs += [[Paragraph(e(t), normal), Paragraph(e(n), normal)] for t, n in d.documentos]
    if not d.documentos:
        docs.append([Paragraph("Sin documentos", normal), ""])
    docs_t = Table(docs, colWidths=[7 * cm, 10 * cm])
    docs_t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0e0e0")),
            ]
        )
    )
    historia = [
        cabecera,
        Spacer(1, 0.4 * cm),
        datos_t,
        Spacer(1, 0.5 * cm),
        Paragraph("Documentos recibidos", estilos["Heading4"]),
        docs_t,
        Spacer(1, 0.5 * cm),
        *(
            [
                Paragraph(
                    "<b>Solicitud capturada sin conexión por una brigada.</b> Este folio es "
                    "provisional: al volver la brigada a la oficina, la solicitud se envía al "
                    "sistema y recibe su folio definitivo, que se le avisa por SMS si aceptó "
                    "los avisos. Con este acuse y su CURP puede preguntar por ella en "
                    "cualquier oficina.",
                    normal,
                ),
                Spacer(1, 0.2 * cm),
            ]
            if d.provisional_clave
            else []
        ),
        Paragraph(
            "Conserve este acuse. Con el folio puede consultar el estado de su solicitud. "
            "La recepción de la solicitud no garantiza el otorgamiento del apoyo, que depende "
            "del dictamen conforme a las reglas de operación del programa.",
            normal,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("<b>Aviso de privacidad</b>", pequeno),
        Paragraph(e(d.aviso_privacidad).replace("\n", "<br/>"), pequeno),  # its paragraphs
        Spacer(1, 1.4 * cm),
        Table(
            [["_" * 34, "_" * 34], ["Firma del solicitante", "Nombre y firma de quien recibe"]],
            colWidths=[8.5 * cm, 8.5 * cm],
            style=TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]),
        ),
    ]
    doc.build(historia)
    return salida.getvalue()


def pdf_de_solicitud(solicitud_id: int) -> bytes:
    return generar_pdf(datos(solicitud_id))
