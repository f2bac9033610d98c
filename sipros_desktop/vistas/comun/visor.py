"""Seeing documents inside the app: PDF pages (rendered with PDFium) and JPEG / PNG images;
printing a PDF through Qt's print dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import pdf


def paginas_pdf(contenido: bytes, escala: float = 1.5) -> list[QImage]:
    """Each page of a PDF as an image."""
    imagenes = []
    for pil in pdf.renderizar(contenido, escala):
        datos = pil.tobytes("raw", "RGB")
        img = QImage(datos, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
        imagenes.append(img.copy())  # own the pixels: ``datos`` goes away
    return imagenes


def imagenes_de(mime: str, contenido: bytes) -> list[QImage]:
    if mime == "application/pdf":
        return paginas_pdf(contenido)
    img = QImage.fromData(contenido)
    if img.isNull():
        raise ErrorDatos("La imagen está dañada y no se puede mostrar.")
    return [img]


class Paginas(QScrollArea):
    """Pages one under the other, scaled to the width available."""

    def __init__(self, imagenes: list[QImage], ancho: int = 760, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        contenedor = QWidget()
        capa = QVBoxLayout(contenedor)
        capa.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.etiquetas: list[QLabel] = []
        for img in imagenes:
            lbl = QLabel()
            pix = QPixmap.fromImage(img)
            if pix.width() > ancho:
                pix = pix.scaledToWidth(ancho, Qt.TransformationMode.SmoothTransformation)
            lbl.setPixmap(pix)
            lbl.setFrameShape(QLabel.Shape.Box)
            capa.addWidget(lbl)
            self.etiquetas.append(lbl)
        self.setWidget(contenedor)


class VisorDocumento(QDialog):
    def __init__(
        self, titulo: str, mime: str, contenido: bytes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visorDocumento")
        self.setWindowTitle(titulo)
        self.resize(840, 900)
        self.paginas = Paginas(imagenes_de(mime, contenido), ancho=740)
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(self.paginas, 1)
        capa.addWidget(botones)


def imprimir_pdf(padre: QWidget | None, contenido: bytes, titulo: str) -> bool:
    """Qt's print dialog, then each page drawn on the printer. False if the user cancelled."""
    impresora = QPrinter(QPrinter.PrinterMode.HighResolution)
    impresora.setDocName(titulo)
    dialogo = QPrintDialog(impresora, padre)
    if dialogo.exec() != QDialog.DialogCode.Accepted:
        return False
    enviar_a_impresora(impresora, contenido)
    return True


def enviar_a_impresora(impresora: QPrinter, contenido: bytes) -> None:
    paginas = paginas_pdf(contenido, escala=impresora.resolution() / 72)
    pintor = QPainter(impresora)
    try:
        for i, img in enumerate(paginas):
            if i:
                impresora.newPage()
            area = pintor.viewport()
            tam = img.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            pintor.setViewport(area.x(), area.y(), tam.width(), tam.height())
            pintor.setWindow(img.rect())
            pintor.drawImage(0, 0, img)
    finally:
        pintor.end()
