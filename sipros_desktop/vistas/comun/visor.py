"""Seeing documents inside the app: PDF pages (rendered with PDFium) and JPEG / PNG images;
printing a PDF through Qt's print dialog, on the PDF's own paper (size and orientation of its
pages) and, to a file, into the user's Documents folder."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QDir, QMarginsF, QRect, QSizeF, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import pdf
from sipros_desktop.vistas.comun.tamano import tamano_comodo


def _qimage(pil) -> QImage:
    datos = pil.tobytes("raw", "RGB")
    img = QImage(datos, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
    return img.copy()  # own the pixels: ``datos`` goes away


def paginas_pdf(contenido: bytes, escala: float = 1.5) -> list[QImage]:
    """Each page of a (short, generated) PDF as an image, each bounded in pixels."""
    return [_qimage(pil) for pil in pdf.renderizar(contenido, escala)]


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


class PaginasPdf(QScrollArea):
    """The pages of a PDF one under the other, rendered only when they scroll into view, at
    the width shown (never more pixels than that), and forgotten again when far away: a
    document of 50 pages holds a handful of rendered pages at a time."""

    EN_MEMORIA = 8

    def __init__(self, contenido: bytes, ancho: int = 740, parent: QWidget | None = None):
        super().__init__(parent)
        self.contenido = contenido
        self.ancho = ancho
        self.setWidgetResizable(True)
        contenedor = QWidget()
        capa = QVBoxLayout(contenedor)
        capa.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.tamanos = pdf.tamanos(contenido)
        self.etiquetas: list[QLabel] = []
        for i, (w, h) in enumerate(self.tamanos):
            lbl = QLabel(self.tr("Página %d") % (i + 1))
            lbl.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lbl.setFixedSize(ancho, max(1, round(ancho * h / w)))
            lbl.setFrameShape(QLabel.Shape.Box)
            capa.addWidget(lbl)
            self.etiquetas.append(lbl)
        self.setWidget(contenedor)
        self.renderizadas: dict[int, None] = {}  # in the order they were rendered
        self._reloj = QTimer(self, singleShot=True, interval=40)
        self._reloj.timeout.connect(self.renderizar_visibles)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._reloj.start())

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        self._reloj.start()

    def renderizar_visibles(self) -> None:
        arriba = self.verticalScrollBar().value()
        visibles = [
            i
            for i, lbl in enumerate(self.etiquetas)
            if lbl.y() + lbl.height() >= arriba - 200
            and lbl.y() <= arriba + self.viewport().height() + 200
        ]
        for i in visibles:
            if i not in self.renderizadas:
                w, _h = self.tamanos[i]
                (pil,) = pdf.renderizar(self.contenido, escala=self.ancho / w, cuales=[i])
                self.etiquetas[i].setPixmap(QPixmap.fromImage(_qimage(pil)))
                self.renderizadas[i] = None
        while len(self.renderizadas) > max(self.EN_MEMORIA, len(visibles)):
            viejo = next(i for i in self.renderizadas if i not in visibles)
            del self.renderizadas[viejo]
            self.etiquetas[viejo].clear()
            self.etiquetas[viejo].setText(self.tr("Página %d") % (viejo + 1))


class VisorDocumento(QDialog):
    def __init__(
        self, titulo: str, mime: str, contenido: bytes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visorDocumento")
        self.setWindowTitle(titulo)
        tamano_comodo(self, 840, 900)
        if mime == "application/pdf":
            self.paginas = PaginasPdf(contenido, ancho=740)
        else:
            self.paginas = Paginas(imagenes_de(mime, contenido), ancho=740)
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(self.paginas, 1)
        capa.addWidget(botones)


def diseno_de_pagina(ancho_pt: float, alto_pt: float) -> QPageLayout:
    """The paper of a PDF page of ``ancho_pt`` × ``alto_pt`` points: the standard size it is
    (Letter, A4, Legal …, within a few points) or that exact size, turned as the page is, with no
    margins of its own (the PDF brings its margins)."""
    tamano = QPageSize(
        QSizeF(min(ancho_pt, alto_pt), max(ancho_pt, alto_pt)), QPageSize.Unit.Point, "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,
    )  # fmt: skip
    orientacion = (
        QPageLayout.Orientation.Landscape
        if ancho_pt > alto_pt
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(tamano, orientacion, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def carpeta_documentos() -> Path:
    """The user's Documents folder (created if it is missing), else their home folder."""
    ruta = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if ruta:
        try:
            Path(ruta).mkdir(parents=True, exist_ok=True)
            return Path(ruta)
        except OSError:
            pass
    return Path(QDir.homePath())


def nombre_de_archivo(titulo: str) -> str:
    """``titulo`` as a file name any system accepts, with .pdf."""
    limpio = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", titulo).strip(" .")
    return (re.sub(r"\s+", " ", limpio)[:120].strip() or "documento") + ".pdf"


def preparar_impresora(impresora: QPrinter, contenido: bytes, titulo: str) -> str:
    """Set ``impresora`` for the PDF ``contenido``: its first page's paper and orientation, the
    whole sheet (the PDF has its margins) and, for «print to file», a file named after
    ``titulo`` in the Documents folder. Returns that file's path."""
    ancho, alto = pdf.tamanos(contenido)[0]
    impresora.setDocName(titulo)
    impresora.setFullPage(True)
    diseno = diseno_de_pagina(ancho, alto)
    if not impresora.setPageLayout(diseno):  # a printer without that paper: its nearest one
        impresora.setPageSize(diseno.pageSize())
        impresora.setPageOrientation(diseno.orientation())
    archivo = str(carpeta_documentos() / nombre_de_archivo(titulo))
    if impresora.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        # no printer installed: printing is to a file, which then starts in Documents (with a
        # printer, a file name would switch the dialog to «print to file»)
        impresora.setOutputFileName(archivo)
    return archivo


def imprimir_pdf(padre: QWidget | None, contenido: bytes, titulo: str) -> bool:
    """Qt's print dialog on the PDF's own paper, then each page drawn on the printer. False if
    the user cancelled."""
    impresora = QPrinter(QPrinter.PrinterMode.HighResolution)
    archivo = preparar_impresora(impresora, contenido, titulo)
    dialogo = QPrintDialog(impresora, padre)
    # Qt's own dialog (Linux) proposes the program's working folder for «Print to File
    # (PDF)»: the file goes to Documents (the native dialogs of Windows and macOS ask for it)
    campo = dialogo.findChild(QLineEdit, "filename")
    if campo is not None:
        campo.setText(archivo)
    if dialogo.exec() != QDialog.DialogCode.Accepted:
        return False
    enviar_a_impresora(impresora, contenido)
    return True


def enviar_a_impresora(impresora: QPrinter, contenido: bytes) -> None:
    """One page at a time, at the printer's resolution up to 300 ppp and the pixel bound, each
    on a sheet of its own size and orientation, filling it as the PDF does (centred if the
    printer's paper differs)."""
    escala = min(impresora.resolution(), 300) / 72
    tamanos = pdf.tamanos(contenido)
    pintor = QPainter(impresora)
    try:
        for i, (ancho, alto) in enumerate(tamanos):
            (pil,) = pdf.renderizar(contenido, escala=escala, cuales=[i])
            img = _qimage(pil)
            if i:
                if (ancho, alto) != tamanos[i - 1]:  # set before the new page starts
                    impresora.setPageLayout(diseno_de_pagina(ancho, alto))
                impresora.newPage()
            hoja = (
                impresora.paperRect(QPrinter.Unit.DevicePixel)
                if impresora.fullPage()
                else impresora.pageRect(QPrinter.Unit.DevicePixel)
            ).toRect()
            tam = img.size().scaled(hoja.size(), Qt.AspectRatioMode.KeepAspectRatio)
            pintor.setViewport(
                QRect(
                    (hoja.width() - tam.width()) // 2,
                    (hoja.height() - tam.height()) // 2,
                    tam.width(),
                    tam.height(),
                )
            )
            pintor.setWindow(img.rect())
            pintor.drawImage(0, 0, img)
    finally:
        pintor.end()


class DialogoPdf(QDialog):
    """A PDF the app made (vouchers, delivery lists): shown, then printed or saved."""

    def __init__(
        self, titulo: str, contenido: bytes, sugerido: str, parent: QWidget | None = None
    ) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QPushButton

        from sipros_desktop.vistas.comun import dialogos

        super().__init__(parent)
        self.setObjectName("dialogoPdf")
        self.setWindowTitle(titulo)
        self.titulo, self.pdf, self.sugerido = titulo, contenido, sugerido
        tamano_comodo(self, 860, 900)
        self.paginas = PaginasPdf(contenido, ancho=760)
        self.boton_imprimir = QPushButton(self.tr("&Imprimir…"))
        self.boton_guardar = QPushButton(self.tr("&Guardar PDF…"))
        cerrar = QPushButton(self.tr("Cerrar"))
        self.boton_imprimir.clicked.connect(
            lambda: dialogos.imprimir_pdf(self, self.pdf, self.titulo)
        )
        self.boton_guardar.clicked.connect(self.guardar)
        cerrar.clicked.connect(self.accept)
        fila = QHBoxLayout()
        fila.addStretch(1)
        for b in (self.boton_imprimir, self.boton_guardar, cerrar):
            fila.addWidget(b)
        capa = QVBoxLayout(self)
        capa.addWidget(self.paginas, 1)
        capa.addLayout(fila)
        self.boton_imprimir.setDefault(True)

    def guardar(self) -> str | None:
        from pathlib import Path

        from sipros_desktop.vistas.comun import dialogos

        ruta = dialogos.guardar_archivo(self, self.tr("Guardar PDF"), self.sugerido, "PDF (*.pdf)")
        if ruta:
            try:
                Path(ruta).write_bytes(self.pdf)
            except OSError as e:
                dialogos.error(self, self.tr("No se pudo guardar «%s»: %s") % (ruta, e.strerror))
                return None
        return ruta
