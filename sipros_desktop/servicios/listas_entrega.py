"""Printed lists of a delivery event: the relación de entrega (beneficiaries with a column to
sign, printed before the event) and the acta (delivered or not, when, by whom, printed after),
as PDF and as Excel. Each carries the programme's agency and área, and its logo."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import entregas, excel, horario
from sipros_desktop.servicios.acuse import logo_de_dependencia


def _agencia(evento_id: int) -> tuple[str, str, bytes | None]:
    with bd.sesion() as s:
        d, a, logo = s.execute(
            text(
                "SELECT d.nombre, a.nombre, d.logo FROM evento_entrega e "
                "JOIN convocatoria c ON c.id = e.convocatoria_id "
                "JOIN programa p ON p.id = c.programa_id JOIN area a ON a.id = p.area_id "
                "JOIN dependencia d ON d.id = a.dependencia_id WHERE e.id = :e"
            ),
            {"e": evento_id},
        ).one()
    return d, a, bytes(logo) if logo else None


def _pdf(evento_id: int, titulo: str, encabezados: list[str], filas: list[list[str]],
         anchos: list[float], pie: str) -> bytes:  # fmt: skip
    ev = entregas.evento(evento_id)
    dependencia, area, logo = _agencia(evento_id)
    salida = io.BytesIO()
    doc = SimpleDocTemplate(
        salida, pagesize=landscape(LETTER), leftMargin=1.2 * cm, rightMargin=1.2 * cm,
        topMargin=1.2 * cm, bottomMargin=1.2 * cm, title=f"{titulo} — {ev.nombre}",
        author="SIPROS Escritorio",
    )  # fmt: skip
    est = getSampleStyleSheet()
    celda = ParagraphStyle("celda", parent=est["BodyText"], fontSize=8, leading=10)
    e = escape
    historia: list = logo_de_dependencia(logo, 1.4 * cm)
    historia += [
        Paragraph(f"{e(dependencia)} — {e(area)}", est["Heading4"]),
        Paragraph(f"{e(titulo)}: {e(ev.nombre)}", est["Heading2"]),
        Paragraph(
            f"{e(ev.programa)} · {e(ev.convocatoria)}<br/>{e(ev.domicilio)}, {e(ev.municipio)} · "
            f"{ev.fecha:%d/%m/%Y}, de {ev.hora_inicio:%H:%M} a {ev.hora_fin:%H:%M} h · "
            f"Responsable: {e(ev.responsable)}",
            est["BodyText"],
        ),
        Spacer(1, 0.3 * cm),
    ]
    datos = [[Paragraph(f"<b>{e(t)}</b>", celda) for t in encabezados]]
    datos += [[Paragraph(e(str(v)), celda) for v in fila] for fila in filas]
    tabla = Table(datos, colWidths=[a * cm for a in anchos], repeatRows=1)
    tabla.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9dde3")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f7")]),
            ]
        )
    )
    historia += [tabla, Spacer(1, 0.4 * cm), Paragraph(e(pie), celda)]

    def numerar(lienzo, documento) -> None:
        lienzo.saveState()
        lienzo.setFont("Helvetica", 7)
        lienzo.drawRightString(
            documento.pagesize[0] - 1.2 * cm, 0.7 * cm,
            f"{titulo} · {ev.nombre} · página {documento.page} · impreso "
            f"{horario.fecha_hora(horario.ahora())}",
        )  # fmt: skip
        lienzo.restoreState()

    doc.build(historia, onFirstPage=numerar, onLaterPages=numerar)
    return salida.getvalue()


def relacion_pdf(evento_id: int) -> bytes:
    """Before the event: every beneficiary with a column to sign on receiving."""
    filas = [
        [str(i), b.folio, b.nombre, b.curp, b.tipo_apoyo, f"${b.monto:,.2f}", ""]
        for i, b in enumerate(entregas.beneficiarios(evento_id), 1)
    ]
    return _pdf(
        evento_id, "Relación de entrega",
        ["#", "Folio", "Beneficiario", "CURP", "Apoyo", "Monto", "Firma o huella"],
        filas, [1.0, 4.2, 6.5, 3.6, 3.6, 2.2, 4.3],
        f"{len(filas):,} beneficiarios. Quien recibe firma o pone su huella al recibir el apoyo.",
    )  # fmt: skip


def acta_pdf(evento_id: int) -> bytes:
    """After the event: delivered or not, when, by whom, with which identification."""
    lista = entregas.beneficiarios(evento_id)
    filas = [
        [
            str(i),
            b.folio,
            b.nombre,
            b.tipo_apoyo,
            "Sí" if b.estado == "Entregado" else "No",
            horario.fecha_hora(b.entregado),
            b.entregado_por or "",
            b.identificacion or "",
        ]
        for i, b in enumerate(lista, 1)
    ]
    entregados = sum(1 for b in lista if b.estado == "Entregado")
    faltan = len(lista) - entregados
    return _pdf(
        evento_id, "Acta de entrega",
        ["#", "Folio", "Beneficiario", "Apoyo", "Entregado", "Fecha y hora", "Entregó",
         "Identificación"],
        filas, [1.0, 4.0, 6.0, 3.6, 2.1, 2.8, 3.0, 2.6],
        f"Entregados: {entregados:,} de {len(lista):,}. No entregados: {faltan:,}.",
    )  # fmt: skip


def excel_evento(evento_id: int, ruta: str | Path) -> int:
    """The event's beneficiaries and what happened with each, to Excel."""
    columnas = [
        excel.Columna("Folio", 24), excel.Columna("Beneficiario", 36),
        excel.Columna("CURP", 20), excel.Columna("Apoyo", 24),
        excel.Columna("Monto", 12, "numero"), excel.Columna("Comprobante", 16),
        excel.Columna("Impresiones", 11, "numero"),
        excel.Columna("Entregado", 18, "fecha_hora"), excel.Columna("Entregó", 18),
        excel.Columna("Identificación", 16),
    ]  # fmt: skip
    filas = (
        [
            b.folio,
            b.nombre,
            b.curp,
            b.tipo_apoyo,
            float(b.monto),
            b.estado,
            b.impresiones,
            b.entregado,
            b.entregado_por,
            b.identificacion,
        ]
        for b in entregas.beneficiarios(evento_id)
    )
    return excel.escribir(ruta, "Entrega", columnas, filas)
