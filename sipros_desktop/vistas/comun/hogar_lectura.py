"""The household and its poverty measure, read-only: the classification with why (income
against the poverty lines, deprivations counted, what is missing), the six social
deprivations of the citizen with their reasons, and each member of the household with their
own. Used by the citizen's file, Ver solicitud and the front desk's expediente; everything shown
is plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import pobreza
from sipros_desktop.servicios.pobreza import Medicion
from sipros_desktop.vistas.comun.cuestionario_lectura import etiqueta_texto
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora

# background of a class / a deprivation's state (light enough for black text)
COLOR_CLASE = {
    "pobreza_extrema": "#F4C7C3", "pobreza_moderada": "#FCE8B2",
    "vulnerable_carencias": "#FFF3CD", "vulnerable_ingresos": "#E8EAF6",
    "no_pobre_no_vulnerable": "#D9EAD3", "sin_datos": "#EEEEEE",
}  # fmt: skip
COLOR_ESTADO = {True: "#F4C7C3", False: "#D9EAD3", None: "#EEEEEE"}
ESTADO_CORTO = {True: "Sí", False: "No", None: "Sin datos"}


def _tabla(columnas: list[str], nombre: str) -> QTableWidget:
    t = QTableWidget(0, len(columnas))
    t.setObjectName(nombre)
    t.setHorizontalHeaderLabels(columnas)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setWordWrap(True)
    # the whole table shows (the tab scrolls, not each table)
    t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


def _a_su_alto(t: QTableWidget) -> None:
    t.resizeRowsToContents()
    alto = t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
    alto += sum(t.rowHeight(i) for i in range(t.rowCount()))
    if t.horizontalScrollBar().isVisible():
        alto += t.horizontalScrollBar().sizeHint().height()
    t.setFixedHeight(alto + 2)


def _celda(texto: str, color: str | None = None, ayuda: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(texto)
    if color:
        item.setBackground(QColor(color))
        item.setForeground(QColor("#000000"))
    if ayuda:
        item.setToolTip(ayuda)
    return item


class HogarLectura(QWidget):
    """``mostrar(medicion)``; ``None`` says the citizen's household is not measured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hogarLectura")
        self.clase = QLabel()
        self.clase.setObjectName("clasePobreza")
        self.clase.setTextFormat(Qt.TextFormat.PlainText)
        self.clase.setWordWrap(True)
        self.clase.setMargin(8)
        self.por_que = etiqueta_texto("", "porQuePobreza")
        self.fuente = etiqueta_texto("", "fuenteMedicion")
        self.fuente.setStyleSheet("color: #555555; font-size: 9pt;")
        self.carencias = _tabla(["Carencia social", "¿Tiene?", "Por qué"], "tablaCarencias")
        h = self.carencias.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.integrantes = _tabla(
            ["Núm.", "Nombre", "Parentesco", "Sexo", "Edad", "Clasificación",
             "Rezago educativo", "Salud", "Seguridad social"],
            "tablaIntegrantes",
        )  # fmt: skip
        hi = self.integrantes.horizontalHeader()
        hi.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hi.setStretchLastSection(True)
        grupo_car = QGroupBox(self.tr("Carencias sociales de la persona"))
        QVBoxLayout(grupo_car).addWidget(self.carencias)
        grupo_int = QGroupBox(self.tr("Integrantes del hogar (el motivo de cada carencia, al "
                                      "pasar el puntero)"))  # fmt: skip
        QVBoxLayout(grupo_int).addWidget(self.integrantes)
        contenido = QWidget()
        c = QVBoxLayout(contenido)
        c.setContentsMargins(0, 0, 4, 0)
        for w in (self.clase, self.por_que, grupo_car, grupo_int, self.fuente):
            c.addWidget(w)
        c.addStretch(1)
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setFrameShape(QFrame.Shape.NoFrame)
        desplazable.setWidget(contenido)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(desplazable)
        self.medicion: Medicion | None = None
        self.mostrar(None)

    def limpiar(self, aviso: str = "") -> None:
        self.medicion = None
        self.clase.setText(aviso)
        self.clase.setStyleSheet("")
        for w in (self.por_que, self.fuente):
            w.setText("")
        self.carencias.setRowCount(0)
        self.integrantes.setRowCount(0)
        for t in (self.carencias, self.integrantes):
            _a_su_alto(t)

    def mostrar(self, m: Medicion | None) -> None:
        if m is None:
            self.limpiar(self.tr("El hogar del ciudadano no está medido: no tiene cuestionario "
                                 "socioeconómico registrado."))  # fmt: skip
            return
        self.medicion = m
        self.clase.setText(m.etiqueta)
        self.clase.setStyleSheet(
            f"background: {COLOR_CLASE.get(m.clasificacion, '#EEEEEE')}; color: #000000; "
            "font-size: 14pt; font-weight: bold; border-radius: 4px;"
        )
        self.por_que.setText("\n".join(m.por_que))
        self.carencias.setRowCount(len(m.carencias))
        for i, c in enumerate(m.carencias):
            self.carencias.setItem(i, 0, _celda(c.nombre))
            self.carencias.setItem(i, 1, _celda(ESTADO_CORTO[c.carencia],
                                                COLOR_ESTADO[c.carencia]))  # fmt: skip
            self.carencias.setItem(i, 2, _celda(c.motivo, ayuda=c.motivo))
        _a_su_alto(self.carencias)
        self.integrantes.setRowCount(len(m.integrantes))
        for i, p in enumerate(m.integrantes):
            valores = [str(p.n), p.nombre, p.parentesco, p.sexo,
                       "" if p.edad is None else str(p.edad)]  # fmt: skip
            for j, v in enumerate(valores):
                self.integrantes.setItem(i, j, _celda(v))
            self.integrantes.setItem(i, 5, _celda(p.etiqueta, COLOR_CLASE.get(p.clasificacion)))
            for j, c in enumerate(p.carencias, start=6):
                celda = _celda(ESTADO_CORTO[c.carencia], COLOR_ESTADO[c.carencia], c.motivo)
                self.integrantes.setItem(i, j, celda)
        if not m.integrantes:
            self.integrantes.setRowCount(1)
            aviso = self.tr(
                "El cuestionario es de una versión sin la lista de integrantes del hogar."
            )
            self.integrantes.setItem(0, 1, _celda(aviso))
            self.integrantes.setSpan(0, 1, 1, 8)
        _a_su_alto(self.integrantes)
        partes = [self.tr("Medido con el cuestionario socioeconómico versión %d") % m.version]
        if m.fecha_cuestionario:
            partes.append(self.tr("capturado el %s") % fecha(m.fecha_cuestionario))
        if m.linea:
            partes.append(self.tr("líneas de pobreza de %s (%s)")
                          % (pobreza.nombre_mes(m.linea.mes), m.linea.fuente))  # fmt: skip
        partes.append(self.tr("calculado el %s") % fecha_hora(m.calculado))
        partes.append(self.tr("método: CONEVAL, medición multidimensional de la pobreza"))
        self.fuente.setText(" · ".join(partes))
