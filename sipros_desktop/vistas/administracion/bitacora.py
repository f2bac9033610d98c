"""Administración → Bitácora: the audit log, filtered by user, table and dates; exportable."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import bitacora, horario
from sipros_desktop.servicios.bitacora import Filtro, Registro
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.descarga import Descarga
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.cuenta import boton

ENCABEZADOS = ("Fecha", "Usuario", "Tabla", "Operación", "Clave", "Cambios")
TODOS = "(todos)"

_Indice = QModelIndex | QPersistentModelIndex


class ModeloBitacora(QAbstractTableModel):
    """Keyset pages of the log, newest first, fetched as the user scrolls."""

    cargado = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filtro = Filtro()
        self.filas: list[Registro] = []
        self.hay_mas = False
        self.cargando = False
        self.total: int | None = None
        self._generacion = 0

    def rowCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.filas)

    def columnCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ENCABEZADOS)

    def headerData(self, seccion: int, orientacion: Qt.Orientation, rol: int = 0) -> Any:
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.DisplayRole:
            return ENCABEZADOS[seccion]
        return None

    def data(self, indice: _Indice, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not indice.isValid() or rol != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.filas[indice.row()]
        return (
            horario.fecha_hora(r.fecha, segundos=True),
            r.usuario,
            bitacora.tabla_legible(r.tabla),
            bitacora.OPERACIONES.get(r.operacion, r.operacion),
            r.clave or "",
            r.resumen(),
        )[indice.column()]

    def buscar(self, filtro: Filtro) -> None:
        self.filtro = filtro
        self._generacion += 1
        self.beginResetModel()
        self.filas, self.hay_mas, self.total = [], False, None
        self.endResetModel()
        self._pedir()
        gen = self._generacion
        ejecutar(lambda: bitacora.contar(filtro), al_terminar=lambda n: self._total(gen, n))

    def _total(self, generacion: int, n: int) -> None:
        if generacion == self._generacion:
            self.total = n
            self.cargado.emit()

    def canFetchMore(self, parent: _Indice = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.hay_mas and not self.cargando

    def fetchMore(self, parent: _Indice = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._pedir()

    def _pedir(self) -> None:
        gen, filtro = self._generacion, self.filtro
        ultimo = (self.filas[-1].fecha, self.filas[-1].id) if self.filas else None
        self.cargando = True

        def listo(filas: list[Registro]) -> None:
            if gen != self._generacion:
                return
            self.cargando = False
            if filas:
                n = len(self.filas)
                self.beginInsertRows(QModelIndex(), n, n + len(filas) - 1)
                self.filas.extend(filas)
                self.endInsertRows()
            self.hay_mas = len(filas) == bitacora.TAM_PAGINA
            self.cargado.emit()

        def fallo(e) -> None:
            self.cargando = False
            dialogos.error(None, e.mensaje, detalle=e.detalle)

        ejecutar(lambda: bitacora.pagina(filtro, ultimo), al_terminar=listo, al_fallar=fallo)


class VistaBitacora(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaBitacora")
        self.usuario = QComboBox()
        self.usuario.setObjectName("filtroUsuario")
        self.usuario.setEditable(True)
        self.tabla_filtro = QComboBox()
        self.tabla_filtro.setObjectName("filtroTabla")
        # (the list grows with every table the offices name: its width does not push the
        # window past 1280 px; the open list shows the whole names)
        for c in (self.usuario, self.tabla_filtro):
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(11)
        self.tabla_filtro.view().setMinimumWidth(260)
        self.con_desde, self.desde = QCheckBox(self.tr("Desde")), QDateEdit()
        self.con_hasta, self.hasta = QCheckBox(self.tr("Hasta")), QDateEdit()
        for d in (self.desde, self.hasta):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            d.setDate(QDate.currentDate())
            d.setEnabled(False)
        self.desde.setDate(QDate.currentDate().addDays(-30))
        self.con_desde.toggled.connect(self.desde.setEnabled)
        self.con_hasta.toggled.connect(self.hasta.setEnabled)
        self.buscar_boton = boton(self.tr("Buscar"))
        self.exportar_boton = boton(self.tr("Exportar a Excel…"))
        self.descarga = Descarga(self, self.exportar_boton)
        self.progreso = self.descarga.progreso
        self.conteo = QLabel()
        self.conteo.setObjectName("conteoBitacora")

        self.modelo = ModeloBitacora(self)
        self.vista = QTableView()
        self.vista.setObjectName("tablaBitacora")
        self.vista.setModel(self.modelo)
        self.vista.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.vista.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.vista.setAlternatingRowColors(True)
        self.vista.verticalHeader().setVisible(False)
        self.vista.horizontalHeader().setStretchLastSection(True)
        for col, ancho in enumerate((150, 150, 140, 100, 110)):
            self.vista.setColumnWidth(col, ancho)
        self.detalle = QTableWidget(0, 3)
        self.detalle.setObjectName("detalleBitacora")
        self.detalle.setHorizontalHeaderLabels(
            [self.tr("Campo"), self.tr("Antes"), self.tr("Después")]
        )
        self.detalle.verticalHeader().setVisible(False)
        self.detalle.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detalle.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        filtros = QHBoxLayout()
        filtros.addWidget(QLabel(self.tr("Usuario:")))
        filtros.addWidget(self.usuario)
        filtros.addWidget(QLabel(self.tr("Tabla:")))
        filtros.addWidget(self.tabla_filtro)
        for w in (self.con_desde, self.desde, self.con_hasta, self.hasta, self.buscar_boton):
            filtros.addWidget(w)
        filtros.addStretch(1)
        filtros.addWidget(self.exportar_boton)
        division = QSplitter(Qt.Orientation.Vertical)
        division.addWidget(self.vista)
        division.addWidget(self.detalle)
        division.setStretchFactor(0, 3)
        division.setStretchFactor(1, 1)
        pie = QHBoxLayout()
        pie.addWidget(self.conteo, 1)
        pie.addWidget(self.progreso)
        pie.addWidget(self.descarga.boton_cancelar)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addLayout(filtros)
        capa.addWidget(division, 1)
        capa.addLayout(pie)

        self.buscar_boton.clicked.connect(self.buscar)
        self.usuario.lineEdit().returnPressed.connect(self.buscar)
        self.exportar_boton.clicked.connect(self.exportar)
        self.modelo.cargado.connect(self._contar)
        self.modelo.cargado.connect(self._detalle_de_la_seleccion)
        self.vista.selectionModel().currentRowChanged.connect(self._mostrar_detalle)
        self._opciones_cargadas = False

    def activar_vista(self) -> None:
        if not self._opciones_cargadas:
            ejecutar(bitacora.opciones, al_terminar=self._opciones, padre=self)
        self.buscar()

    def _opciones(self, r: tuple[list[str], list[str]]) -> None:
        usuarios, tablas = r
        self._opciones_cargadas = True
        texto = self.usuario.currentText()
        self.usuario.clear()
        self.usuario.addItems([TODOS, *usuarios])
        self.usuario.setCurrentText(texto or TODOS)
        tabla = self.tabla_filtro.currentData()
        self.tabla_filtro.clear()
        self.tabla_filtro.addItem(TODOS, None)
        for t in sorted(tablas, key=bitacora.tabla_legible):
            self.tabla_filtro.addItem(bitacora.tabla_legible(t), t)
        self.tabla_filtro.setCurrentIndex(max(0, self.tabla_filtro.findData(tabla)))

    def filtro(self) -> Filtro:
        usuario = self.usuario.currentText().strip()
        tabla = self.tabla_filtro.currentData() or ""
        return Filtro(
            usuario="" if usuario in ("", TODOS) else usuario,
            tabla=tabla,
            desde=_fecha(self.desde) if self.con_desde.isChecked() else None,
            hasta=_fecha(self.hasta) if self.con_hasta.isChecked() else None,
        )

    def buscar(self) -> None:
        f = self.filtro()
        errores = f.errores()
        if errores:
            self.conteo.setText("\n".join(errores))
            return
        self.detalle.setRowCount(0)
        self.modelo.buscar(f)

    def _contar(self) -> None:
        total = self.modelo.total
        if total is None:
            self.conteo.setText(self.tr("Contando…"))
        else:
            self.conteo.setText(
                self.tr("%s movimientos; mostrando %s")
                % (f"{total:,}", f"{len(self.modelo.filas):,}")
            )

    def _detalle_de_la_seleccion(self) -> None:
        """After a search the list is new: the row that looks selected shows its detail (the
        first row when none was), never an empty detail under a highlighted row."""
        if not self.modelo.filas:
            self.detalle.setRowCount(0)
            return
        actual = self.vista.selectionModel().currentIndex()
        if not actual.isValid() or actual.row() >= len(self.modelo.filas):
            self.vista.selectRow(0)
            actual = self.modelo.index(0, 0)
        self._mostrar_detalle(actual, QModelIndex())

    def _mostrar_detalle(self, actual: QModelIndex, _anterior: QModelIndex) -> None:
        if not actual.isValid() or actual.row() >= len(self.modelo.filas):
            self.detalle.setRowCount(0)
            return
        r = self.modelo.filas[actual.row()]
        cambios = r.cambios()
        if not cambios:  # a look-up or an import: no fields changed, say what it was
            cambios = [(self.tr("Movimiento"), None, r.resumen())]
        self.detalle.setRowCount(len(cambios))
        for fila, (campo, antes, despues) in enumerate(cambios):
            for col, valor in enumerate((campo, _texto(antes), _texto(despues))):
                self.detalle.setItem(fila, col, QTableWidgetItem(valor))

    def exportar(self) -> None:
        f = self.filtro()
        self.descarga.iniciar(
            self.tr("Exportar bitácora"),
            f"bitacora_{date.today():%Y%m%d}.xlsx",
            lambda ruta, avance: bitacora.exportar(f, ruta, progreso=avance),
            self.tr("Se exportaron %s movimientos a %s."),
        )


def _fecha(campo: QDateEdit) -> date:
    d = campo.date()
    return date(d.year(), d.month(), d.day())


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    return valor if isinstance(valor, str) else json.dumps(valor, ensure_ascii=False)
