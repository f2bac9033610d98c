"""Printed documents read back from the PDF as the paper will be: the relación de entrega's cell
to sign or put a thumbprint on, the acta's amounts and signatures and its «ACTA PRELIMINAR»
mark, and the times they print (acta, reports) on the offices' clock."""

from __future__ import annotations

import ctypes
import os
import time
from datetime import date, timedelta
from datetime import time as hora
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from sipros_desktop.servicios import horario, listas_entrega, pdf
from tests.reloj import HOY

MM = 72 / 25.4  # points per millimetre
CAPTURAS = os.environ.get("SIPROS_CAPTURAS_PRUEBAS")


def _evento(sql, fecha: date, n: int) -> int:
    """An event on ``fecha`` with ``n`` approved applications of one call assigned (owner)."""
    conv = sql.execute(
        "SELECT s.convocatoria_id FROM solicitud s WHERE s.estado = 'Aprobada' AND NOT EXISTS "
        "(SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) "
        "GROUP BY 1 HAVING count(*) >= %s ORDER BY count(*) DESC, 1 LIMIT 1",
        (n,),
    ).fetchone()[0]
    ids = [r[0] for r in sql.execute(
        "SELECT id FROM solicitud s WHERE convocatoria_id = %s AND estado = 'Aprobada' AND NOT "
        "EXISTS (SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) ORDER BY id "
        "LIMIT %s", (conv, n))]  # fmt: skip
    evento = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT %s, 'Entrega en el jardín', m.id, "
        "'Jardín Zenea s/n', %s, '09:00', '14:00', 'Laura Ugalde Pérez' FROM municipio m "
        "WHERE m.clave = '22014' RETURNING id",
        (conv, fecha),
    ).fetchone()[0]
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, ids))
    return evento


def _evento_con_entregas(sql) -> int:
    """A past event of the demo where some, not all, of its beneficiaries received the
    support: one more approved application of its call is assigned (someone who did not come)."""
    evento, extra = sql.execute(
        "SELECT evento_id, extra FROM (SELECT k.evento_id, count(*) AS n, (SELECT min(s.id) "
        "FROM solicitud s WHERE s.convocatoria_id = e.convocatoria_id AND s.estado = 'Aprobada' "
        "AND NOT EXISTS (SELECT 1 FROM evento_solicitud a WHERE a.solicitud_id = s.id)) AS extra "
        "FROM comprobante k JOIN evento_entrega e ON e.id = k.evento_id "
        "WHERE k.estado = 'Entregado' GROUP BY k.evento_id, e.convocatoria_id) x "
        "WHERE n >= 2 ORDER BY extra IS NULL, n DESC, evento_id LIMIT 1"
    ).fetchone()
    assert extra is not None
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, [extra]))
    return evento


def _lineas(contenido: bytes, pagina: int = 0) -> tuple[list[float], list[float]]:
    """The x of every vertical and the y of every horizontal line drawn on the page (the
    table's grid), in points from the page's bottom left."""
    verticales, horizontales = [], []
    doc = pdfium.PdfDocument(contenido)
    try:
        p = doc[pagina]
        for obj in p.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
            matriz = obj.get_matrix()
            anterior = None
            for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
                seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
                x, y = ctypes.c_float(), ctypes.c_float()
                pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
                punto = matriz.on_point(x.value, y.value)
                tipo = pdfium_c.FPDFPathSegment_GetType(seg)
                if tipo == pdfium_c.FPDF_SEGMENT_LINETO and anterior is not None:
                    if abs(anterior[0] - punto[0]) < 0.01:
                        verticales.append(round(punto[0], 2))
                    elif abs(anterior[1] - punto[1]) < 0.01:
                        horizontales.append(round(punto[1], 2))
                anterior = punto
        p.close()
    finally:
        doc.close()
    return sorted(set(verticales)), sorted(set(horizontales))


def _caja(contenido: bytes, buscado: str, pagina: int = 0) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the first place ``buscado`` is written on the page."""
    doc = pdfium.PdfDocument(contenido)
    try:
        p = doc[pagina]
        tp = p.get_textpage()
        buscador = tp.search(buscado)
        hallado = buscador.get_next()
        assert hallado, f"«{buscado}» no está en la página {pagina + 1}"
        inicio, n = hallado
        cajas = [tp.get_charbox(i) for i in range(inicio, inicio + n)]
        buscador.close()
        tp.close()
        p.close()
    finally:
        doc.close()
    return (min(c[0] for c in cajas), min(c[1] for c in cajas), max(c[2] for c in cajas),
            max(c[3] for c in cajas))  # fmt: skip


def _celda(verticales, horizontales, caja) -> tuple[float, float]:
    """(width, height) of the table cell around ``caja``: the grid lines nearest it."""
    izq, abajo, der, arriba = caja
    x0 = max(x for x in verticales if x <= izq)
    x1 = min(x for x in verticales if x >= der)
    y0 = max(y for y in horizontales if y <= abajo)
    y1 = min(y for y in horizontales if y >= arriba)
    return x1 - x0, y1 - y0


def _guardar_primera_pagina(contenido: bytes, nombre: str) -> None:
    if CAPTURAS:
        Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
        (imagen,) = pdf.renderizar(contenido, escala=1.6, cuales=[0])
        imagen.save(Path(CAPTURAS) / f"{nombre}.png")


def test_relacion_deja_15_mm_para_firma_o_huella(bd_demo, sql):
    """Each beneficiary's row is at least 15 mm high and the «Firma o huella» column at least
    15 mm wide (a signature and a thumbprint), measured on the printed page; the paper carries
    the number of beneficiaries and the total amount."""
    from sipros_desktop.servicios import entregas

    evento = _evento(sql, HOY + timedelta(days=7), 4)
    lista = entregas.beneficiarios(evento)
    contenido = listas_entrega.relacion_pdf(evento)
    _guardar_primera_pagina(contenido, "relacion_entrega")
    verticales, horizontales = _lineas(contenido)
    _izq, _abajo, der_encabezado, _arriba = _caja(contenido, "Firma o huella")
    ancho_firma = min(x for x in verticales if x >= der_encabezado) - max(
        x for x in verticales if x <= _izq
    )
    assert ancho_firma >= 15 * MM
    for b in lista[:3]:  # the first rows, on the first page
        _ancho, alto = _celda(verticales, horizontales, _caja(contenido, b.folio))
        assert alto >= 15 * MM, f"renglón de {b.folio}: {alto / MM:.1f} mm"
    # the layout's own values say the same
    assert listas_entrega.ALTO_FIRMA >= 15 * MM and listas_entrega.ANCHO_FIRMA >= 15 * MM
    texto = pdf.texto(contenido)
    total = sum((b.monto for b in lista), Decimal(0))
    assert f"{len(lista)} beneficiarios" in texto and f"${total:,.2f}" in texto
    assert "Relación de entrega" in texto and "ACTA PRELIMINAR" not in texto


def test_acta_con_firmas_total_y_sin_marca_de_preliminar(bd_demo, sql):
    """A past event with deliveries: the acta says how many of how many, the amount delivered
    and the total, and closes with the signatures of the responsible person and two witnesses;
    it is the event's acta (no preliminary mark)."""
    from sipros_desktop.servicios import entregas

    evento = _evento_con_entregas(sql)
    lista = entregas.beneficiarios(evento)
    entregados = [b for b in lista if b.estado == "Entregado"]
    assert 0 < len(entregados) < len(lista)
    acta = listas_entrega.acta(evento)
    _guardar_primera_pagina(acta.pdf, "acta_entrega")
    texto = pdf.texto(acta.pdf)
    assert acta.preliminar is None and "PRELIMINAR" not in texto
    entregado = sum((b.monto for b in entregados), Decimal(0))
    total = sum((b.monto for b in lista), Decimal(0))
    assert f"Entregados: {len(entregados)} de {len(lista)}" in texto
    assert f"monto entregado ${entregado:,.2f} de ${total:,.2f}" in texto
    assert "Total entregado" in texto
    ev = entregas.evento(evento)
    ultima = pdf.texto(acta.pdf).split("Firman de conformidad")[-1]
    assert "Responsable del evento" in ultima and ev.responsable in ultima
    assert ultima.count("Testigo") == 2


def test_acta_antes_del_evento_sale_marcada_preliminar(bd_demo, sql):
    """Printed before the event (or after it with nothing delivered), the acta says
    «ACTA PRELIMINAR» and why, on every page, and still gives the counts and the amount."""
    futuro = _evento(sql, HOY + timedelta(days=7), 3)
    acta = listas_entrega.acta(futuro)
    assert acta.preliminar is not None and "todavía no se realiza" in acta.preliminar
    texto = pdf.texto(acta.pdf)
    assert "ACTA PRELIMINAR" in texto and "todavía no se realiza" in texto
    assert "Entregados: 0 de 3" in texto and "monto entregado $0.00" in texto
    for i in range(pdf.paginas(acta.pdf)):
        doc = pdfium.PdfDocument(acta.pdf)
        tp = doc[i].get_textpage()
        assert "ACTA PRELIMINAR" in tp.get_text_range()
        tp.close()
        doc.close()
    _guardar_primera_pagina(acta.pdf, "acta_preliminar")
    # held days ago, nothing recorded: preliminary too, for that reason
    pasado = _evento(sql, HOY - timedelta(days=3), 2)
    acta = listas_entrega.acta(pasado)
    assert acta.preliminar == "el evento no tiene ninguna entrega registrada"
    assert "ninguna entrega registrada" in pdf.texto(acta.pdf)


def test_motivo_de_acta_preliminar():
    f = listas_entrega.motivo_preliminar
    hoy = date(2026, 11, 25)
    assert "todavía no se realiza" in f(date(2026, 11, 26), hora(14), 0, hoy, hora(10))
    assert f(hoy, hora(14), 5, hoy, hora(10)) == "el evento sigue en curso (termina a las 14:00 h)"
    assert f(hoy, hora(14), 5, hoy, hora(14, 30)) is None
    assert f(hoy, hora(14), 0, hoy, hora(15)) == "el evento no tiene ninguna entrega registrada"
    assert f(date(2026, 11, 20), hora(14), 1, hoy, hora(8)) is None


@pytest.fixture
def zona_de_tokio():
    """The PC's clock in Tokyo (15 hours ahead of the offices)."""
    antes = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if antes is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = antes
    time.tzset()


def test_horas_del_acta_en_el_reloj_de_las_oficinas(bd_demo, sql, zona_de_tokio):
    """On a PC whose clock is in another zone, the acta prints each delivery and the moment it
    was printed on the offices' clock, as every screen shows them."""
    from sipros_desktop.servicios import entregas

    evento = _evento_con_entregas(sql)
    b = next(b for b in entregas.beneficiarios(evento) if b.entregado)
    antes = horario.ahora()
    texto = pdf.texto(listas_entrega.acta_pdf(evento))
    despues = horario.ahora()
    assert horario.fecha_hora(b.entregado) in texto
    assert f"{b.entregado.astimezone():%d/%m/%Y %H:%M}" not in texto  # (Tokyo's hour)
    assert any(f"impreso {horario.fecha_hora(t)}" in texto for t in (antes, despues))


def test_reporte_impreso_con_la_hora_de_las_oficinas(personal, zona_de_tokio):
    """A report's PDF says when it was generated on the offices' clock, not the PC's."""
    from sipros_desktop.servicios import reportes

    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    clave = next(iter(reportes.REPORTES))
    antes = horario.ahora()
    texto = pdf.texto(reportes.exportar_pdf(clave, reportes.Filtros(), usuario="Prueba"))
    despues = horario.ahora()
    assert any(f"Generado el {horario.fecha_hora(t)}" in texto for t in (antes, despues))
    assert f"Generado el {antes.astimezone():%d/%m/%Y %H:%M}" not in texto  # (Tokyo's hour)
