"""Window sizes that fit the screen at hand: office laptops are often 1280 × 720."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def tamano_comodo(ventana: QWidget, ancho: int, alto: int) -> None:
    """Open ``ventana`` at ``ancho`` × ``alto``, or smaller when the screen (less the taskbar)
    cannot hold it; its layout scrolls what does not fit."""
    pantalla = ventana.screen() or QGuiApplication.primaryScreen()
    if pantalla is not None:
        libre = pantalla.availableGeometry()
        ancho = min(ancho, libre.width() - 20)
        alto = min(alto, libre.height() - 40)  # the title bar
    ventana.resize(ancho, alto)
