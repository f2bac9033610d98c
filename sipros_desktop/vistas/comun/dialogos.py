"""Every message box and file dialog of the application goes through here (tests patch here)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

TITULO = "SIPROS Escritorio"


def _caja(padre, icono, mensaje: str, botones) -> QMessageBox:
    """A message box whose text is shown as text (messages may quote database values)."""
    caja = QMessageBox(icono, TITULO, mensaje, botones, padre)
    caja.setTextFormat(Qt.TextFormat.PlainText)
    return caja


def error(padre: QWidget | None, mensaje: str, *, detalle: str | None = None) -> None:
    caja = _caja(padre, QMessageBox.Icon.Warning, mensaje, QMessageBox.StandardButton.Ok)
    if detalle:
        caja.setDetailedText(detalle)
    caja.exec()


def informacion(padre: QWidget | None, mensaje: str) -> None:
    _caja(padre, QMessageBox.Icon.Information, mensaje, QMessageBox.StandardButton.Ok).exec()


def confirmar(padre: QWidget | None, pregunta: str) -> bool:
    botones = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    r = _caja(padre, QMessageBox.Icon.Question, pregunta, botones).exec()
    return r == QMessageBox.StandardButton.Yes


def elegir_carpeta(padre: QWidget | None, titulo: str) -> str | None:
    return QFileDialog.getExistingDirectory(padre, titulo) or None


def guardar_archivo(padre: QWidget | None, titulo: str, sugerido: str, filtro: str) -> str | None:
    ruta, _ = QFileDialog.getSaveFileName(padre, titulo, sugerido, filtro)
    return ruta or None


def abrir_archivo(padre: QWidget | None, titulo: str, filtro: str) -> str | None:
    ruta, _ = QFileDialog.getOpenFileName(padre, titulo, "", filtro)
    return ruta or None


def imprimir_pdf(padre: QWidget | None, contenido: bytes, titulo: str) -> bool:
    """Qt's print dialog for a PDF, on the PDF's own paper (size and orientation of its pages;
    Letter landscape for the lists and reports) and, to a file, into the user's Documents
    folder; False if the user cancelled."""
    from sipros_desktop.vistas.comun.visor import imprimir_pdf as imprimir

    return imprimir(padre, contenido, titulo)
