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


def confirmar(
    padre: QWidget | None,
    pregunta: str,
    *,
    si: str | None = None,
    no: str | None = None,
    no_por_omision: bool = False,
) -> bool:
    """Yes / No, or the words ``si`` and ``no`` on the buttons; with ``no_por_omision`` Enter
    answers No (where Yes loses the user's work)."""
    botones = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    caja = _caja(padre, QMessageBox.Icon.Question, pregunta, botones)
    if no_por_omision:
        caja.setDefaultButton(QMessageBox.StandardButton.No)
    if si:
        caja.button(QMessageBox.StandardButton.Yes).setText(si)
    if no:
        caja.button(QMessageBox.StandardButton.No).setText(no)
    return caja.exec() == QMessageBox.StandardButton.Yes


def elegir_carpeta(padre: QWidget | None, titulo: str) -> str | None:
    return QFileDialog.getExistingDirectory(padre, titulo) or None


def guardar_archivo(padre: QWidget | None, titulo: str, sugerido: str, filtro: str) -> str | None:
    ruta, _ = QFileDialog.getSaveFileName(padre, titulo, sugerido, filtro)
    return ruta or None


def abrir_archivo(padre: QWidget | None, titulo: str, filtro: str) -> str | None:
    ruta, _ = QFileDialog.getOpenFileName(padre, titulo, "", filtro)
    return ruta or None


def imprimir_pdf(padre: QWidget | None, contenido: bytes, titulo: str) -> bool:
    """Qt's print dialog for a PDF; False if the user cancelled."""
    from sipros_desktop.vistas.comun.visor import imprimir_pdf as imprimir

    return imprimir(padre, contenido, titulo)
