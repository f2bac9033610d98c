"""The «Del / al» date of the filters, typed as an official types it (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sipros_desktop.vistas.comun.filtros import CampoFecha, leer_fecha


@pytest.mark.parametrize(
    ("tecleado", "texto", "fecha"),
    [
        ("15012024", "15/01/2024", date(2024, 1, 15)),  # the digits alone
        ("15/01/2024", "15/01/2024", date(2024, 1, 15)),  # with the slashes typed too
        ("15//01/2024", "15/01/2024", date(2024, 1, 15)),  # a slash too many is dropped
        ("1/2/2024", "01/02/2024", date(2024, 2, 1)),  # short day and month, once it is left
        ("150120245", "15/01/2024", date(2024, 1, 15)),  # a digit too many is dropped
        ("31022026", "31/02/2026", None),  # not a date: said, not used
    ],
)
def test_teclear_una_fecha(qtbot, tecleado, texto, fecha):
    campo = CampoFecha("fecha")
    qtbot.addWidget(campo)
    campo.show()
    cambios = []
    campo.cambio.connect(cambios.append)
    campo.texto.setFocus()
    qtbot.keyClicks(campo.texto, tecleado)
    campo.texto.editingFinished.emit()  # Tab or Enter
    assert campo.texto.text() == texto
    assert campo.fecha() == fecha
    assert cambios == ([fecha] if fecha else [])
    assert (campo.problema() is None) == (fecha is not None)


def test_borrar_quita_la_fecha(qtbot):
    campo = CampoFecha("fecha")
    qtbot.addWidget(campo)
    campo.fijar(date(2025, 3, 9))
    assert campo.texto.text() == "09/03/2025"
    cambios = []
    campo.cambio.connect(cambios.append)
    campo.texto.setFocus()
    qtbot.keyClick(campo.texto, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(campo.texto, Qt.Key.Key_Delete)
    assert campo.fecha() is None and cambios == [None]


def test_leer_fecha():
    assert leer_fecha("09/03/2025") == date(2025, 3, 9)
    assert leer_fecha("9/3/2025") == date(2025, 3, 9)
    assert leer_fecha("09032025") == date(2025, 3, 9)
    for malo in ("", "09/03", "29/02/2025", "00/01/2025", "01/13/2025", "01/01/1850"):
        assert leer_fecha(malo) is None, malo
