"""The labels that tell the user what went wrong or what is going on, styled once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

COLOR_ERROR = "#b00020"


def etiqueta_error(nombre: str) -> QLabel:
    lbl = QLabel()
    lbl.setObjectName(nombre)
    lbl.setWordWrap(True)
    lbl.setStyleSheet(f"color: {COLOR_ERROR};")
    return lbl


def etiqueta_estado(nombre: str) -> QLabel:
    lbl = QLabel()
    lbl.setObjectName(nombre)
    lbl.setWordWrap(True)
    return lbl


def decir(etiqueta: QLabel, texto: str, error: bool = False) -> None:
    """A status line: the text, in the error colour when it is one."""
    etiqueta.setText(texto)
    etiqueta.setStyleSheet(f"color: {COLOR_ERROR};" if error else "")
