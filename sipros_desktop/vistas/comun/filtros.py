"""The filter controls the list and report screens share: a combo whose first item means
«all», an optional period (a checkbox that enables two dates, this year by default), and an
optional date typed as dd/mm/aaaa with a calendar that opens at today («Del / al»)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QPoint, QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from sipros_desktop.servicios import horario


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


_FECHA = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def leer_fecha(texto: str) -> date | None:
    """``texto`` as d/m/aaaa (or eight digits ddmmaaaa); None if it is not a date."""
    t = texto.strip()
    if re.fullmatch(r"[0-9]{8}", t):
        t = f"{t[:2]}/{t[2:4]}/{t[4:]}"
    m = _FECHA.fullmatch(t)
    if m is None:
        return None
    try:
        d = date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return d if d.year >= 1900 else None


def _al_teclear(texto: str) -> str:
    """What was typed at the end, as dd/mm/aaaa so far: day and month take two digits and the
    slash comes by itself after them; a slash typed again, or a digit too many, is dropped."""
    partes: list[str] = []
    actual = ""
    for c in texto:
        if c == "/":
            if actual and len(partes) < 2:
                partes.append(actual)
                actual = ""
        elif c.isdigit():
            if len(partes) < 2 and len(actual) == 2:
                partes.append(actual)
                actual = c
            elif len(partes) < 2 or len(actual) < 4:
                actual += c
    if len(partes) < 2 and len(actual) == 2 and texto[-1:].isdigit():
        partes.append(actual)
        actual = ""
        return "/".join(partes) + "/"
    return "/".join([*partes, actual])


def _icono_calendario() -> QIcon:
    """A small calendar page (the theme of the PC may have none)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QColor("#27304a"))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(1, 2, 13, 12)
    p.fillRect(1, 2, 14, 4, QColor("#8a1538"))
    for fila in range(2):
        for col in range(3):
            p.fillRect(3 + 4 * col, 8 + 3 * fila, 2, 2, QColor("#27304a"))
    p.end()
    return QIcon(pix)


class CampoFecha(QWidget):
    """An optional date for a filter: typed as dd/mm/aaaa (the digits alone are enough, the
    slashes come by themselves), left with Tab like any other field, empty for «any date»,
    and a button that opens a calendar at the date written or else at today — the offices'
    today (``fijar_hoy`` with the database's business date)."""

    cambio = Signal(object)  # the date, or None when the field is empty or not a date
    aviso = Signal(str)  # why what is written is not a date ("" once it is fixed)

    def __init__(self, nombre: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hoy = horario.hoy()
        self._valor: date | None = None
        self._problema: str | None = None
        self.texto = QLineEdit()
        if nombre:
            self.texto.setObjectName(nombre)
        self.texto.setPlaceholderText(self.tr("dd/mm/aaaa"))
        self.texto.setMaxLength(10)
        self.texto.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9/]{0,10}")))
        self.texto.setClearButtonEnabled(True)
        ancho = self.texto.fontMetrics().horizontalAdvance("00/00/00000")
        self.texto.setMinimumWidth(ancho + 40)  # the text, the clear button and the padding
        self.texto.setMaximumWidth(ancho + 60)
        self.boton = QToolButton()
        self.boton.setObjectName(f"{nombre}Calendario" if nombre else "")
        self.boton.setIcon(_icono_calendario())
        self.boton.setToolTip(self.tr("Elegir en el calendario"))
        self.boton.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
        self.calendario = QCalendarWidget()
        self.calendario.setGridVisible(True)
        self.menu = QMenu(self)
        accion = QWidgetAction(self.menu)
        accion.setDefaultWidget(self.calendario)
        self.menu.addAction(accion)
        capa = QHBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.setSpacing(2)
        capa.addWidget(self.texto)
        capa.addWidget(self.boton)
        self.texto.textEdited.connect(self._tecleado)
        self.texto.textChanged.connect(self._borrado)
        self.texto.editingFinished.connect(self._terminado)
        self.boton.clicked.connect(self.abrir_calendario)
        self.calendario.clicked.connect(self._elegida)
        self.calendario.activated.connect(self._elegida)

    # ----------------------------------------------------------------- public
    def fecha(self) -> date | None:
        return self._valor

    def problema(self) -> str | None:
        """Why what is written is not used as a date (None when it is empty or a date)."""
        return self._problema

    def fijar(self, d: date | None) -> None:
        self.texto.setText("" if d is None else d.strftime("%d/%m/%Y"))
        self._marcar(None)
        self._poner(d)

    def fijar_hoy(self, hoy: date | None) -> None:
        if hoy is not None:
            self._hoy = hoy

    def abrir_calendario(self) -> None:
        inicial = self._valor or leer_fecha(self.texto.text()) or self._hoy
        self.calendario.setSelectedDate(QDate(inicial))
        self.calendario.setCurrentPage(inicial.year, inicial.month)
        self.menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        self.calendario.setFocus()

    # ----------------------------------------------------------------- typing
    def _tecleado(self, texto: str) -> None:
        if texto and self.texto.cursorPosition() == len(texto):
            arreglado = _al_teclear(texto)
            if arreglado != texto:
                self.texto.setText(arreglado)
                texto = arreglado
        self._marcar(None)
        d = leer_fecha(texto)
        if d is not None and len(texto) == 10:
            self._poner(d)

    def _borrado(self, texto: str) -> None:
        if not texto:  # the clear button, Delete, or fijar(None)
            self._marcar(None)
            self._poner(None)

    def _terminado(self) -> None:
        texto = self.texto.text().strip()
        if not texto:
            self._marcar(None)
            self._poner(None)
            return
        d = leer_fecha(texto)
        if d is None:
            self._marcar(self.tr("«%s» no es una fecha: escríbala como dd/mm/aaaa.") % texto)
            self._poner(None)
            return
        self.texto.setText(d.strftime("%d/%m/%Y"))
        self._marcar(None)
        self._poner(d)

    def _elegida(self, q: QDate) -> None:
        self.menu.hide()
        self.fijar(q.toPython())
        self.texto.setFocus()

    def _marcar(self, problema: str | None) -> None:
        if problema == self._problema:
            return
        self._problema = problema
        self.texto.setProperty("invalida", problema is not None)
        self.texto.setToolTip(problema or "")
        self.texto.style().unpolish(self.texto)
        self.texto.style().polish(self.texto)
        self.aviso.emit(problema or "")

    def _poner(self, d: date | None) -> None:
        if d != self._valor:
            self._valor = d
            self.cambio.emit(d)


def encadenar_lugares(
    padre: QWidget,
    municipio: QComboBox,
    localidad: QComboBox,
    colonia: QComboBox,
    cargar: Callable[[Any], dict[str, list[tuple]]],
) -> None:
    """Locality and colonia follow the municipality: when it changes, both lists become its own
    (``cargar(municipio)`` → {"localidades": [(valor, texto)], "colonias": [(valor, texto,
    valor de su localidad)]}, read off the UI thread; a late answer for another municipality is
    dropped), and the colonias follow the chosen locality."""
    from sipros_desktop.vistas.comun.operacion import ejecutar

    colonias: list[tuple] = []

    def poner(combo: QComboBox, opciones: Sequence[tuple]) -> None:
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for valor, texto, *_ in opciones:
            combo.addItem(texto, valor)
            combo.setItemData(combo.count() - 1, texto, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def de_la_localidad() -> None:
        loc = localidad.currentData()
        poner(colonia, [c for c in colonias if loc is None or c[2] in (loc, None)])

    def cambio_municipio() -> None:
        m = municipio.currentData()
        colonias.clear()
        poner(localidad, [])
        poner(colonia, [])
        if m is None:
            return

        def listo(o: dict[str, list[tuple]]) -> None:
            if municipio.currentData() != m:
                return
            colonias[:] = o["colonias"]
            poner(localidad, o["localidades"])
            de_la_localidad()

        ejecutar(lambda: cargar(m), al_terminar=listo, padre=padre)

    municipio.currentIndexChanged.connect(cambio_municipio)
    localidad.currentIndexChanged.connect(de_la_localidad)
