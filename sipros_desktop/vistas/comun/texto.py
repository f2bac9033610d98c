"""Database text on screen is text, never markup.

A QLabel in Qt's default ``AutoText`` mode renders anything that looks like HTML: a citizen
registered as ``JUANA</B><BR><SPAN STYLE="…">VERIFICADA</SPAN>`` would draw a banner. So:

- ``proteger(app)`` makes every label of the application plain text when it is first shown,
  unless the code asked for rich text explicitly;
- a label that asks for rich text (bold parts, line breaks) puts database values through
  ``esc()``, which escapes them.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel


def esc(valor: Any) -> str:
    """A value for rich text: escaped, so it shows as the characters it is."""
    return html.escape("" if valor is None else str(valor), quote=True)


class _Guardia(QObject):
    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if (
            evento.type() == QEvent.Type.Polish
            and isinstance(objeto, QLabel)
            and objeto.textFormat() == Qt.TextFormat.AutoText
        ):
            objeto.setTextFormat(Qt.TextFormat.PlainText)
        return False


def proteger(app: QApplication) -> None:
    """Install the guard once per application."""
    if getattr(app, "_guardia_texto", None) is None:
        guardia = _Guardia(app)
        app.installEventFilter(guardia)
        app._guardia_texto = guardia  # type: ignore[attr-defined]
