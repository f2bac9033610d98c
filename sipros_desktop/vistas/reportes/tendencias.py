"""Baselines and cohorts: a baseline period against another (beneficiaries and coverage by
municipality), and what a cohort — the beneficiaries of a programme in a period — received
before, during and after. (One citizen's trajectory is their expediente's Beneficios tab.)"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import indicadores, reportes
from sipros_desktop.vistas.comun.filtros import fecha
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import celda


def _tabla(nombre: str, encabezados: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(encabezados))
    t.setObjectName(nombre)
    t.setHorizontalHeaderLabels(encabezados)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return t


class PanelTendencias(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hoy = QDate.currentDate()
        # baseline
        self.programa_base = QComboBox()
        self.programa_base.setObjectName("programaBase")
        self.programa_base.addItem(self.tr("Todos los programas"), None)
        self.base_desde = fecha(QDate(hoy.year() - 1, 1, 1))
        self.base_hasta = fecha(QDate(hoy.year() - 1, 12, 31))
        self.per_desde = fecha(QDate(hoy.year(), 1, 1))
        self.per_hasta = fecha(hoy)
        self.boton_comparar = QPushButton(self.tr("Comparar"))
        self.boton_comparar.setObjectName("botonComparar")
        self.boton_comparar.clicked.connect(self.comparar)
        fila = QHBoxLayout()
        fila.addWidget(self.programa_base, 1)
        fila.addWidget(QLabel(self.tr("Línea base:")))
        fila.addWidget(self.base_desde)
        fila.addWidget(QLabel(self.tr("a")))
        fila.addWidget(self.base_hasta)
        fila.addWidget(QLabel(self.tr("contra:")))
        fila.addWidget(self.per_desde)
        fila.addWidget(QLabel(self.tr("a")))
        fila.addWidget(self.per_hasta)
        fila.addWidget(self.boton_comparar)
        self.tabla_base = _tabla("tablaLineaBase", [
            self.tr("Municipio"), self.tr("Línea base"), self.tr("Periodo"), self.tr("Cambio"),
            self.tr("Cobertura base (‰)"), self.tr("Cobertura (‰)")])  # fmt: skip
        grupo_base = QGroupBox(self.tr("Beneficiarios por municipio contra una línea base"))
        gb = QVBoxLayout(grupo_base)
        gb.addLayout(fila)
        gb.addWidget(self.tabla_base, 1)
        # cohort
        self.programa_cohorte = QComboBox()
        self.programa_cohorte.setObjectName("programaCohorte")
        self.coh_desde = fecha(QDate(hoy.year() - 1, 1, 1))
        self.coh_hasta = fecha(QDate(hoy.year() - 1, 12, 31))
        self.boton_seguir = QPushButton(self.tr("Seguir a la cohorte"))
        self.boton_seguir.setObjectName("botonSeguir")
        self.boton_seguir.clicked.connect(self.seguir)
        fila2 = QHBoxLayout()
        fila2.addWidget(QLabel(self.tr("Beneficiarios de")))
        fila2.addWidget(self.programa_cohorte, 1)
        fila2.addWidget(QLabel(self.tr("entre")))
        fila2.addWidget(self.coh_desde)
        fila2.addWidget(QLabel(self.tr("y")))
        fila2.addWidget(self.coh_hasta)
        fila2.addWidget(self.boton_seguir)
        self.tamano_cohorte = etiqueta_estado("tamanoCohorte")
        columnas = [self.tr("Programa"), self.tr("Antes"), self.tr("Durante"), self.tr("Después")]
        self.tabla_cohorte = _tabla("tablaCohorte", columnas)
        grupo_coh = QGroupBox(self.tr("Trayectoria de una cohorte: qué recibió antes y después"))
        gc = QVBoxLayout(grupo_coh)
        gc.addLayout(fila2)
        gc.addWidget(self.tamano_cohorte)
        gc.addWidget(self.tabla_cohorte, 1)
        self.errores = etiqueta_error("erroresTendencias")
        capa = QVBoxLayout(self)
        capa.addWidget(grupo_base, 3)
        capa.addWidget(grupo_coh, 2)
        capa.addWidget(self.errores)
        self._iniciado = False

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciado:
            self._iniciado = True
            ejecutar(reportes.opciones, al_terminar=self._opciones, padre=self)

    def _opciones(self, o) -> None:
        for clave, texto in o.get("programa", []):
            self.programa_base.addItem(texto, clave)
            self.programa_cohorte.addItem(texto, clave)

    def _fallo(self, e: ErrorSipros) -> None:
        self.boton_comparar.setEnabled(True)
        self.boton_seguir.setEnabled(True)
        self.errores.setText(e.mensaje)

    def comparar(self) -> None:
        self.errores.clear()
        base = (self.base_desde.date().toPython(), self.base_hasta.date().toPython())
        periodo = (self.per_desde.date().toPython(), self.per_hasta.date().toPython())
        f = indicadores.Filtro(programa=self.programa_base.currentData())
        self.boton_comparar.setEnabled(False)

        def listo(filas: list[indicadores.Comparacion]) -> None:
            self.boton_comparar.setEnabled(True)
            t = self.tabla_base
            t.setRowCount(len(filas))
            for i, c in enumerate(filas):
                cambio = "—" if c.cambio is None else f"{c.cambio:+.0%}"
                valores = (c.municipio, f"{c.base:,}", f"{c.periodo:,}", cambio,
                           "—" if c.cobertura_base is None else f"{c.cobertura_base:,.1f}",
                           "—" if c.cobertura is None else f"{c.cobertura:,.1f}")  # fmt: skip
                for j, v in enumerate(valores):
                    t.setItem(i, j, celda(v, j > 0))
            t.resizeColumnsToContents()

        ejecutar(lambda: indicadores.contra_linea_base(base, periodo, f), al_terminar=listo,
                 al_fallar=self._fallo, padre=self)  # fmt: skip

    def seguir(self) -> None:
        self.errores.clear()
        programa = self.programa_cohorte.currentData()
        if not programa:
            self.errores.setText(self.tr("Elija el programa de la cohorte."))
            return
        desde, hasta = self.coh_desde.date().toPython(), self.coh_hasta.date().toPython()
        self.boton_seguir.setEnabled(False)

        def listo(r: tuple[int, list[indicadores.Trayectoria]]) -> None:
            self.boton_seguir.setEnabled(True)
            n, filas = r
            self.tamano_cohorte.setText(
                self.tr("1 persona recibió %s en ese periodo.") % programa if n == 1
                else self.tr("%s personas recibieron %s en ese periodo.") % (f"{n:,}", programa)
            )  # fmt: skip
            t = self.tabla_cohorte
            t.setRowCount(len(filas))
            for i, f in enumerate(filas):
                for j, v in enumerate((f.programa, f"{f.antes:,}", f"{f.durante:,}",
                                       f"{f.despues:,}")):  # fmt: skip
                    t.setItem(i, j, celda(v, j > 0))
            t.resizeColumnsToContents()

        ejecutar(lambda: indicadores.trayectoria_cohorte(programa, desde, hasta),
                 al_terminar=listo, al_fallar=self._fallo, padre=self)  # fmt: skip
