"""«Datos corregidos»: the history of the corrections of a citizen's file or of an application —
what (apartado), before / now, who, when and why. One self-contained widget, placed in the
front desk's expediente and in the officials' *Ver solicitud*."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import correcciones
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.operacion import ejecutar

COLUMNAS = ("Cuándo", "Dato", "Antes", "Ahora", "Quién", "Por qué", "Folio")


class HistorialCorrecciones(QWidget):
    """Call ``cargar(ciudadano_id=…)`` or ``cargar(solicitud_id=…)``; it reads in the
    background and shows the rows as plain text; ``cargado`` says how many there are."""

    cargado = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historialCorrecciones")
        self.cambios: list[correcciones.CambioRegistrado] | None = None
        self.titulo = QLabel(self.tr("Datos corregidos"))
        self.titulo.setObjectName("tituloCorrecciones")
        self.titulo.setTextFormat(Qt.TextFormat.PlainText)
        self.titulo.setStyleSheet("font-weight: bold;")
        self.tabla = QTableWidget(0, len(COLUMNAS))
        self.tabla.setObjectName("tablaCorrecciones")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS])
        self.tabla.verticalHeader().hide()
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setWordWrap(True)
        self.tabla.setAlternatingRowColors(True)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (2, 3, 5):
            cabecera.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.vacio = QLabel(self.tr("Sin correcciones: los datos son los que se capturaron."))
        self.vacio.setObjectName("sinCorrecciones")
        self.vacio.setTextFormat(Qt.TextFormat.PlainText)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(self.titulo)
        capa.addWidget(self.vacio)
        capa.addWidget(self.tabla, 1)
        self.tabla.hide()

    def cargar(self, ciudadano_id: int | None = None, solicitud_id: int | None = None) -> None:
        self.cambios = None
        ejecutar(
            lambda: correcciones.historial(ciudadano_id, solicitud_id),
            al_terminar=self.mostrar,
            padre=self,
        )

    def mostrar(self, cambios: list[correcciones.CambioRegistrado]) -> None:
        self.cambios = cambios
        t = self.tabla
        t.setRowCount(len(cambios))
        for fila, c in enumerate(cambios):
            valores = (
                fecha_hora(c.creado), c.apartado, correcciones.describir(c.antes),
                correcciones.describir(c.ahora), c.funcionario, c.motivo, c.folio or "",
            )  # fmt: skip
            for col, texto in enumerate(valores):
                item = QTableWidgetItem(texto)  # plain text, never rich text
                item.setToolTip(texto)
                t.setItem(fila, col, item)
        t.resizeRowsToContents()
        self.titulo.setText(
            self.tr("Datos corregidos (%d)") % len(cambios)
            if cambios
            else self.tr("Datos corregidos")
        )
        self.vacio.setVisible(not cambios)
        t.setVisible(bool(cambios))
        self.cargado.emit(len(cambios))
