"""Every message box and file dialog of the application goes through here (tests patch here)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

TITULO = "SIPROS Escritorio"


def error(padre: QWidget | None, mensaje: str, *, detalle: str | None = None) -> None:
    caja = QMessageBox(
        QMessageBox.Icon.Warning, TITULO, mensaje, QMessageBox.StandardButton.Ok, padre
    )
    if detalle:
        caja.setDetailedText(detalle)
    caja.exec()


def informacion(padre: QWidget | None, mensaje: str) -> None:
    QMessageBox.information(padre, TITULO, mensaje)


def confirmar(padre: QWidget | None, pregunta: str) -> bool:
    r = QMessageBox.question(
        padre, TITULO, pregunta, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
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
    """Qt's print dialog for a PDF; False if the user cancelled."""
    from sipros_desktop.vistas.comun.visor import imprimir_pdf as imprimir

    return imprimir(padre, contenido, titulo)
