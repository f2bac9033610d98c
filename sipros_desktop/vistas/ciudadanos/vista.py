"""Ciudadanos module: search box, paged table, count, and the read-only citizen file."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import ciudadanos
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha
from sipros_desktop.vistas.ciudadanos.modelo import ModeloCiudadanos
from sipros_desktop.vistas.comun.formato import miles
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas
from sipros_desktop.vistas.comun.ventanas import Ventanas

ESPERA_TECLEO_MS = 250


class VistaCiudadanos(QWidget):
    ficha_abierta = Signal(object)  # the DialogoFicha, for tests and the main window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaCiudadanos")
        self.modelo = ModeloCiudadanos(self)
        self._ficha: DialogoFicha | None = None
        self.ventanas = Ventanas()  # one file per citizen

        titulo = QLabel(self.tr("Ciudadanos"))
        titulo.setObjectName("tituloModulo")
        self.buscador = QLineEdit()
        self.buscador.setObjectName("buscadorCiudadanos")
        self.buscador.setPlaceholderText(
            self.tr("Buscar por CURP, inicio de CURP o nombre y apellidos…")
        )
        self.buscador.setClearButtonEnabled(True)
        self.buscador.setMaxLength(120)
        self.boton_buscar = QPushButton(self.tr("Buscar"))
        self.boton_abrir = QPushButton(self.tr("Ver expediente"))
        self.boton_abrir.setEnabled(False)

        self.criterio = QLabel()
        self.criterio.setObjectName("criterioBusqueda")
        self.conteo = QLabel()
        self.conteo.setObjectName("conteoCiudadanos")
        self.ocupado = QProgressBar()
        self.ocupado.setRange(0, 0)  # indeterminate: "loading"
        self.ocupado.setMaximumWidth(140)
        self.ocupado.setTextVisible(False)
        self.ocupado.hide()
        self.estado = QLabel()
        self.estado.setObjectName("estadoCarga")

        self.tabla = QTableView()
        self.tabla.setObjectName("tablaCiudadanos")
        self.tabla.setModel(self.modelo)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setAlternatingRowColors(True)
        self.tabla.verticalHeader().hide()
        self.tabla.verticalHeader().setDefaultSectionSize(26)
        # indicator first: enabling sorting sorts by the indicator's column at once
        self.tabla.horizontalHeader().setSortIndicator(
            self.modelo.columna_orden, Qt.SortOrder.AscendingOrder
        )
        self.tabla.setSortingEnabled(True)
        # CURP, Fecha de Nacimiento, Sexo, Solicitudes whole; names and municipality share
        ajustar_columnas(self.tabla, a_su_contenido={0, 4, 5, 7}, estirables={1, 2, 3, 6})

        barra = QHBoxLayout()
        barra.addWidget(self.buscador, 1)
        barra.addWidget(self.boton_buscar)
        barra.addWidget(self.boton_abrir)
        pie = QHBoxLayout()
        pie.addWidget(self.criterio)
        pie.addStretch(1)
        pie.addWidget(self.estado)
        pie.addWidget(self.ocupado)
        pie.addWidget(self.conteo)
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addLayout(barra)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(pie)

        self._temporizador = QTimer(self)
        self._temporizador.setSingleShot(True)
        self._temporizador.setInterval(ESPERA_TECLEO_MS)
        self._temporizador.timeout.connect(self.buscar)
        self.buscador.textChanged.connect(lambda _t: self._temporizador.start())
        self.buscador.returnPressed.connect(self.buscar)
        self.boton_buscar.clicked.connect(self.buscar)
        self.boton_abrir.clicked.connect(self.abrir_seleccionado)
        # one gesture, one window: «activated» is the double click (or Enter); «doubleClicked»
        # as well would open the file twice
        self.tabla.activated.connect(self._doble_clic)
        self.modelo.cargando_cambio.connect(self._cargando)
        self.modelo.total_cambio.connect(self._total)
        self.modelo.fallo.connect(self._fallo)
        self.modelo.modelReset.connect(lambda: self.boton_abrir.setEnabled(False))
        self.tabla.selectionModel().selectionChanged.connect(
            lambda *_: self.boton_abrir.setEnabled(self.tabla.selectionModel().hasSelection())
        )
        self._ultimo_texto: str | None = None

    # ----------------------------------------------------------------- actions
    def activar(self) -> None:
        """Called when the module is shown: the first time, load the first page."""
        if self._ultimo_texto is None:
            self.buscar()

    def buscar(self) -> None:
        self._temporizador.stop()
        texto = self.buscador.text()
        self._ultimo_texto = texto
        self.criterio.setText(ciudadanos.interpretar(texto).describir())
        self.modelo.buscar(texto)

    def abrir_seleccionado(self) -> None:
        filas = self.tabla.selectionModel().selectedRows()
        if filas:
            self.abrir_ficha(self.modelo.fila(filas[0].row()).id)

    def abrir_ficha(self, ciudadano_id: int) -> None:
        """The citizen's file; if it is open (or opening) already, it comes to the front."""
        if not self.ventanas.empezar(ciudadano_id):
            return
        self.estado.setText(self.tr("Abriendo expediente…"))

        def fallo(e) -> None:
            self.ventanas.fallo(ciudadano_id)
            self.estado.setText(e.mensaje)

        ejecutar(
            lambda: ciudadanos.ficha(ciudadano_id),
            al_terminar=lambda f: self._mostrar_ficha(ciudadano_id, f),
            al_fallar=fallo,
            padre=self,
        )

    def _mostrar_ficha(self, ciudadano_id: int, ficha: ciudadanos.FichaCiudadano) -> None:
        self.estado.clear()
        self._ficha = DialogoFicha(ficha, self)
        self._ficha.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ventanas.registrar(ciudadano_id, self._ficha)
        self.ficha_abierta.emit(self._ficha)
        self._ficha.show()

    def _doble_clic(self, indice: QModelIndex) -> None:
        if indice.isValid():
            self.abrir_ficha(self.modelo.fila(indice.row()).id)

    # ----------------------------------------------------------------- model signals
    def _cargando(self, si: bool) -> None:
        self.ocupado.setVisible(si)
        fusionada = self.modelo.fusionada if self.modelo.filas else None
        self.estado.setText(
            self.tr("Cargando…") if si
            else self.tr("La CURP %s se fusionó con este expediente.") % fusionada if fusionada
            else ""
        )  # fmt: skip

    def _total(self, n: int | None) -> None:
        if n is None:
            self.conteo.setText(self.tr("Contando…"))
        elif n == 0:
            self.conteo.setText(self.tr("Ningún ciudadano coincide"))
        elif n == 1:
            self.conteo.setText(self.tr("1 ciudadano"))
        else:
            self.conteo.setText(self.tr("%s ciudadanos") % miles(n))

    def _fallo(self, mensaje: str) -> None:
        self.estado.setText(mensaje)
        self.conteo.clear()
