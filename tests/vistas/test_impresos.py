"""Printing with real widgets: Qt's print dialog gets the PDF's own paper (a landscape report on
landscape Letter, not shrunk into half an A4) and proposes the Documents folder for «print to
file»; only the dialog's ``exec`` is replaced (it is modal). And the acta of an event not yet
held warns before it is shown to be printed."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QLineEdit

from sipros_desktop.vistas.comun import dialogos
from tests.reloj import HOY
from tests.vistas.ayudas import en_reposo, ventana_principal

# the real print dialog (the GUI tests' fixture replaces it by a recorder, per test)
IMPRIMIR = dialogos.imprimir_pdf


@pytest.fixture
def documentos(tmp_path, monkeypatch) -> Path:
    """A home folder of its own: the user's Documents folder is inside it."""
    casa = tmp_path / "casa"
    casa.mkdir()
    monkeypatch.setenv("HOME", str(casa))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(casa / ".config"))
    return casa / "Documents"


@pytest.fixture
def dialogo_de_impresion(monkeypatch):
    """Replaces only QPrintDialog.exec: records what the dialog shows, then (``acepta``) acts
    as the user who picks «Print to File (PDF)» and presses Print, or cancels."""
    vistos: dict = {"acepta": True}

    def exec_(dialogo) -> int:
        impresora = dialogo.printer()
        vistos["diseno"] = QPageLayout(impresora.pageLayout())
        vistos["archivo"] = dialogo.findChild(QLineEdit, "filename").text()
        vistos["titulo"] = impresora.docName()
        if not vistos["acepta"]:
            return QDialog.DialogCode.Rejected
        impresora.setOutputFileName(vistos["archivo"])  # what the dialog does for that choice
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return vistos


def _pagina_pintada(contenido: bytes) -> tuple[tuple[float, float], tuple[int, int, int, int]]:
    """(page size in points, the box of what is drawn on it at 36 ppp)."""
    doc = pdfium.PdfDocument(contenido)
    try:
        tam = doc.get_page_size(0)
        gris = doc[0].render(scale=0.5).to_pil().convert("L")
        return tam, gris.point(lambda v: 255 if v < 250 else 0).getbbox()
    finally:
        doc.close()


def test_imprimir_un_reporte_usa_su_papel_y_la_carpeta_documentos(
    qtbot, qapp, personal, sql, monkeypatch, documentos, dialogo_de_impresion
):
    from sipros_desktop.vistas.reportes.vista import PanelReportes

    impresos: list[bytes] = []  # (the real dialog, and what the report sent to it)
    monkeypatch.setattr(
        dialogos, "imprimir_pdf", lambda p, c, t: impresos.append(c) or IMPRIMIR(p, c, t)
    )
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    v = PanelReportes()
    qtbot.addWidget(v)
    v.resize(1280, 680)
    v.show()
    qtbot.waitUntil(lambda: v.perfil is not None, timeout=10000)
    qtbot.mouseClick(v.boton_imprimir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "archivo" in dialogo_de_impresion, timeout=20000)
    diseno = dialogo_de_impresion["diseno"]
    assert diseno.pageSize().id() == QPageSize.PageSizeId.Letter
    assert diseno.orientation() == QPageLayout.Orientation.Landscape
    archivo = Path(dialogo_de_impresion["archivo"])
    assert archivo.parent == documentos and archivo.suffix == ".pdf"
    assert archivo.stem == dialogo_de_impresion["titulo"]  # the report's title
    qtbot.waitUntil(archivo.exists, timeout=20000)
    # the printed file is the report's page: landscape Letter, drawn where the report draws
    (reporte,) = impresos
    impreso = archivo.read_bytes()
    (ancho, alto), caja = _pagina_pintada(impreso)
    (ancho_r, alto_r), caja_r = _pagina_pintada(reporte)
    assert (round(ancho), round(alto)) == (792, 612) == (round(ancho_r), round(alto_r))
    assert all(abs(a - b) <= 3 for a, b in zip(caja, caja_r, strict=True)), (caja, caja_r)


def test_papel_de_cada_pdf_y_cancelar(qtbot, qapp, documentos, dialogo_de_impresion):
    """A portrait Letter page (the acuse) prints portrait on Letter, an A4 page on A4; a
    cancelled dialog prints nothing."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.pdfgen import canvas

    def pdf(tamano) -> bytes:
        b = io.BytesIO()
        c = canvas.Canvas(b, pagesize=tamano)
        c.drawString(72, 72, "Acuse")
        c.showPage()
        c.save()
        return b.getvalue()

    for tamano, esperado in ((LETTER, QPageSize.PageSizeId.Letter), (A4, QPageSize.PageSizeId.A4)):
        assert IMPRIMIR(None, pdf(tamano), f"Acuse {esperado.name}")
        diseno = dialogo_de_impresion["diseno"]
        assert diseno.pageSize().id() == esperado
        assert diseno.orientation() == QPageLayout.Orientation.Portrait
        doc = pdfium.PdfDocument(dialogo_de_impresion["archivo"])
        assert doc.get_page_size(0) == pytest.approx(tamano, abs=1)
        doc.close()
    dialogo_de_impresion["acepta"] = False
    assert not IMPRIMIR(None, pdf(LETTER), "Cancelado")
    assert dialogo_de_impresion["archivo"] == str(documentos / "Cancelado.pdf")
    assert not (documentos / "Cancelado.pdf").exists()


def test_acta_preliminar_avisa_antes_de_mostrarse(qtbot, qapp, personal, sql, dialogos_falsos):
    """«Acta» on an event of next week: the screen says the acta will be marked «ACTA
    PRELIMINAR» and why before it is shown to be printed; answering no shows nothing."""
    from tests.servicios.test_impresos import _evento

    evento = _evento(sql, HOY + timedelta(days=7), 3)
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    v = ventana_principal(qtbot, qapp, admin, "entregas", tamano=(1280, 720))
    panel = v.vistas["entregas"].eventos
    v.vistas["entregas"].pestanas.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: any(f.id == evento for f in panel.filas), timeout=10000)
    panel.tabla.selectRow(next(i for i, f in enumerate(panel.filas) if f.id == evento))
    abiertos: list = []
    panel.dialogo_abierto.connect(abiertos.append)
    dialogos_falsos.responder = False
    qtbot.mouseClick(panel.botones["acta"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.preguntas), timeout=10000)
    aviso = dialogos_falsos.preguntas[-1]
    assert "ACTA PRELIMINAR" in aviso and "todavía no se realiza" in aviso
    en_reposo(qtbot)  # («No»: whatever it started has ended, and opened nothing)
    assert not abiertos
    dialogos_falsos.responder = True
    qtbot.mouseClick(panel.botones["acta"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    from sipros_desktop.servicios import pdf

    assert "ACTA PRELIMINAR" in pdf.texto(abiertos[-1].pdf)
    abiertos[-1].close()
    # the relación asks nothing
    antes = len(dialogos_falsos.preguntas)
    qtbot.mouseClick(panel.botones["relacion"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) == 2, timeout=10000)
    assert len(dialogos_falsos.preguntas) == antes
    abiertos[-1].close()
