"""Printed lists of a delivery event: the relación de entrega (beneficiaries with a cell to sign
or put a thumbprint on, printed before the event) and the acta (delivered or not, when, by
whom, the amounts, and the signatures of the responsible person and two witnesses, printed
after), as PDF and as Excel. Each carries the programme's agency and área, and its logo. An
acta printed before the event has ended, or with nothing delivered, says so on every page
(«ACTA PRELIMINAR»). Every time printed is on the offices' clock."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm, mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import entregas, excel, horario
from sipros_desktop.servicios.acuse import logo_de_dependencia

MARGEN = 1.2 * cm
# A signature and a thumbprint each need at least 15 mm: the cell where the beneficiary signs
# or puts a thumbprint is that high and wider than both side by side
ALTO_FIRMA = 16 * mm
ANCHO_FIRMA = 5.6 * cm
MARCA_PRELIMINAR = "ACTA PRELIMINAR"


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


def _hoy() -> date:
    """The business date (``sipros_hoy()``, which a training database may freeze)."""
    with bd.sesion() as s:
        return s.execute(text("SELECT sipros_hoy()")).scalar_one()


def _pesos(v: Decimal | float) -> str:
    return f"${v:,.2f}"


def motivo_preliminar(fecha: date, hora_fin: time, entregados: int, hoy: date,
                      ahora: time) -> str | None:  # fmt: skip
    """Why an acta printed now would not be the event's final acta (None when it would be):
    the event has not been held yet, is still going on, or has no delivery recorded."""
    if fecha > hoy:
        return f"el evento es el {fecha:%d/%m/%Y} y todavía no se realiza"
    if fecha == hoy and ahora < hora_fin:
        return f"el evento sigue en curso (termina a las {hora_fin:%H:%M} h)"
    if entregados == 0:
        return "el evento no tiene ninguna entrega registrada"
    return None


def aviso_preliminar(motivo: str) -> str:
    """What the screen says before an acta marked preliminary is shown to be printed."""
    return (
        f"El acta saldrá marcada «{MARCA_PRELIMINAR}»: {motivo}. Imprímala así solo como "
        "avance; el acta del evento se imprime cuando el evento termina y las entregas están "
        "registradas."
    )


def _encabezado(ev: entregas.FilaEvento, titulo: str, dependencia: str, area: str,
                logo: bytes | None) -> list:  # fmt: skip
    est = getSampleStyleSheet()
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
    return historia


def _tabla(encabezados: list[str], filas: Sequence[Sequence[str]], anchos: list[float],
           alto_minimo: float | None = None, derecha: Sequence[int] = (),
           total: Sequence[str] | None = None) -> Table:  # fmt: skip
    est = getSampleStyleSheet()
    celda = ParagraphStyle("celda", parent=est["BodyText"], fontSize=8, leading=10)
    numero = ParagraphStyle("numero", parent=celda, alignment=2)  # right-aligned
    e = escape
    datos = [[Paragraph(f"<b>{e(t)}</b>", celda) for t in encabezados]]
    datos += [
        [Paragraph(e(str(v)), numero if j in derecha else celda) for j, v in enumerate(fila)]
        for fila in filas
    ]
    if total is not None:
        datos.append(
            [Paragraph(f"<b>{e(v)}</b>", numero if j in derecha else celda)
             for j, v in enumerate(total)]
        )  # fmt: skip
    minimos = None
    if alto_minimo is not None:  # every beneficiary's row, not the header (nor the total)
        minimos = [0.0] + [alto_minimo] * len(filas) + ([0.0] if total is not None else [])
    tabla = Table(datos, colWidths=anchos, repeatRows=1, minRowHeights=minimos)
    estilo = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9dde3")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f7")]),
    ]
    if total is not None:
        estilo.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#e9dde3")))
    tabla.setStyle(TableStyle(estilo))
    return tabla


def _pdf(evento_id: int, titulo: str, cuerpo: list, marca: str | None = None) -> bytes:
    """The event's document: heading, ``cuerpo``, and on every page the footer (title, page,
    when it was printed on the offices' clock) and, when given, ``marca`` across the page."""
    ev = entregas.evento(evento_id)
    dependencia, area, logo = _agencia(evento_id)
    impreso = horario.fecha_hora(horario.ahora())
    salida = io.BytesIO()
    doc = BaseDocTemplate(
        salida, pagesize=landscape(LETTER), leftMargin=MARGEN, rightMargin=MARGEN,
        topMargin=MARGEN, bottomMargin=MARGEN, title=f"{titulo} — {ev.nombre}",
        author="SIPROS Escritorio",
    )  # fmt: skip
    historia = _encabezado(ev, titulo, dependencia, area, logo) + cuerpo

    def pie(lienzo, documento) -> None:
        lienzo.saveState()
        if marca:
            lienzo.setFillColor(colors.HexColor("#a01818"))
            lienzo.setFont("Helvetica-Bold", 9)
            lienzo.drawString(MARGEN, 0.7 * cm, marca)
        lienzo.setFillColor(colors.black)
        lienzo.setFont("Helvetica", 7)
        lienzo.drawRightString(
            documento.pagesize[0] - MARGEN, 0.7 * cm,
            f"{titulo} · {ev.nombre} · página {documento.page} · impreso {impreso}",
        )  # fmt: skip
        lienzo.restoreState()

    def encima(lienzo, documento) -> None:  # over what the page holds (tables fill their cells)
        if not marca:
            return
        ancho, alto = documento.pagesize
        lienzo.saveState()
        lienzo.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.13))
        lienzo.setFont("Helvetica-Bold", 60)
        lienzo.translate(ancho / 2, alto / 2)
        lienzo.rotate(25)
        lienzo.drawCentredString(0, -20, marca)
        lienzo.restoreState()

    marco = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="normal")
    doc.addPageTemplates([PageTemplate(id="pagina", frames=marco, onPage=pie, onPageEnd=encima)])
    doc.build(historia)
    return salida.getvalue()


def _parrafo(texto_xml: str, tamano: float = 8, **kw) -> Paragraph:
    est = getSampleStyleSheet()
    return Paragraph(texto_xml, ParagraphStyle("p", parent=est["BodyText"], fontSize=tamano,
                                               leading=tamano + 2, **kw))  # fmt: skip


def relacion_pdf(evento_id: int) -> bytes:
    """Before the event: every beneficiary with a cell to sign or put a thumbprint on when
    receiving the support (at least 15 mm each way), and the total amount."""
    lista = entregas.beneficiarios(evento_id)
    filas = [
        [str(i), b.folio, b.nombre, b.curp, b.tipo_apoyo, _pesos(b.monto), ""]
        for i, b in enumerate(lista, 1)
    ]
    total = sum((b.monto for b in lista), Decimal(0))
    fijos = [0.8 * cm, 4.0 * cm, 3.6 * cm, 3.3 * cm, 2.2 * cm]  # #, folio, CURP, apoyo, monto
    util = landscape(LETTER)[0] - 2 * MARGEN
    nombre = util - sum(fijos) - ANCHO_FIRMA
    anchos = [fijos[0], fijos[1], nombre, *fijos[2:], ANCHO_FIRMA]
    cuerpo = [
        _tabla(
            ["#", "Folio", "Beneficiario", "CURP", "Apoyo", "Monto", "Firma o huella"],
            filas, anchos, alto_minimo=ALTO_FIRMA, derecha=(0, 5),
            total=["", "", f"{len(filas):,} beneficiarios", "", "Total", _pesos(total), ""],
        ),
        Spacer(1, 0.4 * cm),
        _parrafo(
            "Quien recibe firma o pone su huella en su renglón al recibir el apoyo, después de "
            "mostrar su identificación."
        ),
    ]  # fmt: skip
    return _pdf(evento_id, "Relación de entrega", cuerpo)


@dataclass(frozen=True)
class Acta:
    pdf: bytes
    preliminar: str | None  # why it is marked «ACTA PRELIMINAR» (None: the event's acta)
    entregados: int
    total: int


def acta(evento_id: int) -> Acta:
    """After the event: delivered or not, when, by whom, with which identification; the
    amounts delivered and pending; and the signatures of the responsible person and two
    witnesses. Marked «ACTA PRELIMINAR» (with the reason) when printed before the event ends
    or with nothing delivered."""
    ev = entregas.evento(evento_id)
    lista = entregas.beneficiarios(evento_id)
    entregados = [b for b in lista if b.estado == "Entregado"]
    monto_total = sum((b.monto for b in lista), Decimal(0))
    monto_entregado = sum((b.monto for b in entregados), Decimal(0))
    motivo = motivo_preliminar(ev.fecha, ev.hora_fin, len(entregados), _hoy(),
                               horario.ahora().time())  # fmt: skip
    filas = [
        [
            str(i), b.folio, b.nombre, b.tipo_apoyo, _pesos(b.monto),
            "Sí" if b.estado == "Entregado" else "No",
            horario.fecha_hora(b.entregado), b.entregado_por or "", b.identificacion or "",
        ]
        for i, b in enumerate(lista, 1)
    ]  # fmt: skip
    fijos = [0.8 * cm, 4.0 * cm, 3.2 * cm, 2.2 * cm, 2.0 * cm, 2.9 * cm, 2.6 * cm, 2.4 * cm]
    util = landscape(LETTER)[0] - 2 * MARGEN
    anchos = [fijos[0], fijos[1], util - sum(fijos), *fijos[2:]]
    faltan = len(lista) - len(entregados)
    cuerpo: list = []
    if motivo:
        cuerpo += [
            _parrafo(
                f"<b>{MARCA_PRELIMINAR}</b>: {escape(motivo)}. No sustituye el acta del evento "
                "concluido.",
                10, textColor=colors.HexColor("#a01818"), borderColor=colors.HexColor("#a01818"),
                borderWidth=0.8, borderPadding=5, backColor=colors.HexColor("#fbeaea"),
            ),
            Spacer(1, 0.4 * cm),
        ]  # fmt: skip
    cuerpo += [
        _tabla(
            ["#", "Folio", "Beneficiario", "Apoyo", "Monto", "Entregado", "Fecha y hora",
             "Entregó", "Identificación"],
            filas, anchos, derecha=(0, 4),
            total=["", "", "Total entregado", "", _pesos(monto_entregado),
                   f"{len(entregados):,} de {len(lista):,}", "", "", ""],
        ),
        Spacer(1, 0.4 * cm),
        _parrafo(
            f"<b>Entregados: {len(entregados):,} de {len(lista):,}</b> · monto entregado "
            f"{_pesos(monto_entregado)} de {_pesos(monto_total)}. No entregados: {faltan:,} "
            f"(monto {_pesos(monto_total - monto_entregado)}).",
            9,
        ),
        _firmas(ev),
    ]  # fmt: skip
    pdf = _pdf(evento_id, "Acta de entrega", cuerpo, MARCA_PRELIMINAR if motivo else None)
    return Acta(pdf, motivo, len(entregados), len(lista))


def _firmas(ev: entregas.FilaEvento) -> KeepTogether:
    """The signatures that close the acta: the event's responsible person and two witnesses,
    each over a line with room to sign (kept together on one page)."""
    texto = (
        f"Se levanta la presente acta en {escape(ev.domicilio)}, {escape(ev.municipio)}, con "
        "los datos de las entregas registradas en el sistema. Firman de conformidad:"
    )
    nombres = [
        ["Responsable del evento", ev.responsable],
        ["Testigo", "Nombre:"],
        ["Testigo", "Nombre:"],
    ]
    # three places to sign, with a gap between their lines
    fila = [_parrafo(f"<b>{escape(cargo)}</b><br/>{escape(nombre)}", 9, alignment=1)
            for cargo, nombre in nombres]  # fmt: skip
    bloque = Table(
        [[""] * 5, [fila[0], "", fila[1], "", fila[2]]],
        colWidths=[6.6 * cm, 1.4 * cm, 6.6 * cm, 1.4 * cm, 6.6 * cm],
        rowHeights=[2.2 * cm, None], hAlign="CENTER",
    )  # fmt: skip
    bloque.setStyle(
        TableStyle(
            [("LINEBELOW", (c, 0), (c, 0), 0.8, colors.black) for c in (0, 2, 4)]
            + [("VALIGN", (0, 1), (-1, 1), "TOP")]
        )
    )
    return KeepTogether([Spacer(1, 0.5 * cm), _parrafo(texto, 9), Spacer(1, 0.2 * cm), bloque])


def acta_pdf(evento_id: int) -> bytes:
    """The acta's PDF (see ``acta``)."""
    return acta(evento_id).pdf


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
