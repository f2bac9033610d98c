"""The filter controls the list and report screens share: a combo whose first item means
«all», and an optional period (a checkbox that enables two dates, this year by default)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit


def combo_filtro(
    nombre: str, todos: str, opciones: Sequence[tuple[Any, str]] = (), largo: int = 14
) -> QComboBox:
    """A combo of ``opciones`` (value, text) after ``todos`` (value None), ``largo`` characters
    wide at least and no wider whatever its texts (long names must not widen the window)."""
    c = QComboBox()
    c.setObjectName(nombre)
    c.addItem(todos, None)
    for valor, texto in opciones:
        c.addItem(texto, valor)
    c.setMinimumContentsLength(largo)
    c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return c


def fecha(d: QDate) -> QDateEdit:
    e = QDateEdit(d)
    e.setCalendarPopup(True)
    e.setDisplayFormat("dd/MM/yyyy")
    return e


def periodo(texto: str) -> tuple[QCheckBox, QDateEdit, QDateEdit]:
    """A checkbox and two dates (1 January to today) that it enables."""
    hoy = QDate.currentDate()
    marca = QCheckBox(texto)
    desde, hasta = fecha(QDate(hoy.year(), 1, 1)), fecha(hoy)
    for d in (desde, hasta):
        d.setEnabled(False)
        marca.toggled.connect(d.setEnabled)
    return marca, desde, hasta
