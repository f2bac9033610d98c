"""The Padrón Estatal window: every benefit the user may see, filtered by dependencia,
programme, period, municipality, locality, colonia and origin; benefits vs unique
beneficiaries; concurrence (people with benefits from several programmes or agencies); export
to Excel."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import horario, padron
from sipros_desktop.vistas.comun.descarga import Descarga
from sipros_desktop.vistas.comun.filtros import combo_filtro, encadenar_lugares, periodo
from sipros_desktop.vistas.comun.formato import fecha, pesos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ModeloPaginado, ajustar_columnas, celda

ENCABEZADOS = ("Entrega", "CURP", "Beneficiario", "Dependencia", "Programa", "Tipo de apoyo",
               "Municipio", "Monto", "Origen", "Referencia")  # fmt: skip
COLUMNAS_CONCURRENCIA = ("CURP", "Beneficiario", "Programas", "Dependencias", "Beneficios",
                         "Monto", "Programas (dependencia/programa)")  # fmt: skip


class ModeloPadron(ModeloPaginado):
    encabezados = ENCABEZADOS

    def __init__(self, parent=None) -> None:
        super().__init__(parent, padron.TAM_PAGINA)
        self.filtro = padron.Filtro()

    def filtrar(self, filtro: padron.Filtro) -> None:
        self.filtro = filtro
        self.recargar()

    def lector(self):
        f = self.filtro
        return lambda despues, tam: padron.pagina(f, despues, tam)

    def contador(self):
        f = self.filtro
        return lambda: padron.totales(f)

    def texto(self, r: padron.FilaPadron, col: int) -> str:
        return (fecha(r.fecha_entrega), r.curp, r.nombre, r.dependencia, r.programa,
                r.tipo_apoyo or "", r.municipio or "", pesos(r.monto), r.origen,
                r.referencia)[col]  # fmt: skip

    def dato(self, r: padron.FilaPadron, col: int, rol: int) -> Any:
        if rol == Qt.ItemDataRole.TextAlignmentRole and col == 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PanelPadron(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dependencia = combo_filtro("filtroDependencia", self.tr("Todas las dependencias"), [])
        self.programa = combo_filtro("filtroPrograma", self.tr("Todos los programas"), [])
        self.municipio = combo_filtro("filtroMunicipio", self.tr("Todos los municipios"), [])
        # locality and colonia: those of the chosen municipality
        self.localidad = combo_filtro("filtroLocalidad", self.tr("Todas las localidades"), [])
        self.colonia = combo_filtro("filtroColonia", self.tr("Todas las colonias"), [])
        encadenar_lugares(self, self.municipio, self.localidad, self.colonia, padron.lugares)
        self.origen = combo_filtro("filtroOrigen", self.tr("Todo origen"),
                             [(o, o) for o in padron.ORIGENES])  # fmt: skip
        # the beneficiary household's poverty (CONEVAL): are programmes reaching the poorest?
        self.clasificacion = combo_filtro(
            "filtroPobreza", self.tr("Toda pobreza del hogar"),
            list(padron.ETIQUETAS_CLASES.items()),
        )  # fmt: skip
        self.clasificacion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.periodo, self.desde, self.hasta = periodo(self.tr("Periodo:"))
        self.periodo.setObjectName("filtroPeriodo")
        self.desde.setObjectName("filtroDesde")
        self.hasta.setObjectName("filtroHasta")
        self.boton_buscar = QPushButton(self.tr("Aplicar filtros"))
        self.boton_buscar.setObjectName("botonFiltrar")
        self.boton_buscar.clicked.connect(self.buscar)
        self.boton_exportar = QPushButton(self.tr("Exportar a Excel…"))
        self.boton_exportar.setObjectName("botonExportarPadron")
        self.descarga = Descarga(self, self.boton_exportar)
        self.boton_exportar.clicked.connect(self.exportar)
        fila1 = QHBoxLayout()
        for w in (self.dependencia, self.programa, self.municipio, self.localidad, self.colonia):
            fila1.addWidget(w, 1)
        fila2 = QHBoxLayout()  # (six filters in one row would widen the window past 1280 px)
        fila2.addWidget(self.origen)
        fila2.addWidget(self.clasificacion)
        fila2.addWidget(self.periodo)
        fila2.addWidget(self.desde)
        fila2.addWidget(QLabel(self.tr("a")))
        fila2.addWidget(self.hasta)
        fila2.addWidget(self.boton_buscar)
        fila2.addStretch(1)
        fila2.addWidget(self.descarga.progreso)
        fila2.addWidget(self.descarga.boton_cancelar)
        fila2.addWidget(self.boton_exportar)
        self.totales = QLabel()
        self.totales.setObjectName("totalesPadron")
        self.totales.setStyleSheet("font-weight: bold;")
        self.errores = etiqueta_error("erroresPadron")

        self.modelo = ModeloPadron(self)
        self.modelo.total_cambio.connect(self._totales)
        self.modelo.fallo.connect(self.errores.setText)
        self.tabla = QTableView()
        self.tabla.setObjectName("tablaPadron")
        self.tabla.setModel(self.modelo)
        self.tabla.verticalHeader().hide()
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # keys, dates and amounts take what they need; the name, support type, municipality
        # and reference share the rest (their tooltip shows the whole text): at 1280 × 720 the
        # name keeps a readable width and nothing runs off the side
        ajustar_columnas(self.tabla, {0, 1, 3, 4, 7, 8}, {2, 5, 6, 9})

        self.por = QComboBox()
        self.por.setObjectName("concurrenciaPor")
        self.por.addItem(self.tr("de 2 o más programas"), "programa")
        self.por.addItem(self.tr("de 2 o más dependencias"), "dependencia")
        self.boton_concurrencia = QPushButton(self.tr("Cruzar"))
        self.boton_concurrencia.setObjectName("botonConcurrencia")
        self.boton_concurrencia.clicked.connect(self.concurrencia)
        self.estado_concurrencia = etiqueta_estado("estadoConcurrencia")
        self.tabla_concurrencia = QTableWidget(0, len(COLUMNAS_CONCURRENCIA))
        self.tabla_concurrencia.setObjectName("tablaConcurrencia")
        self.tabla_concurrencia.setHorizontalHeaderLabels(
            [self.tr(c) for c in COLUMNAS_CONCURRENCIA]
        )
        self.tabla_concurrencia.verticalHeader().hide()
        self.tabla_concurrencia.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        ajustar_columnas(self.tabla_concurrencia, {0, 2, 3, 4, 5}, {1, 6})
        conc = QWidget()
        cc = QVBoxLayout(conc)
        arriba = QHBoxLayout()
        arriba.addWidget(QLabel(self.tr("Personas con apoyos")))
        arriba.addWidget(self.por)
        arriba.addWidget(QLabel(self.tr("en los filtros de arriba")))
        arriba.addWidget(self.boton_concurrencia)
        arriba.addStretch(1)
        cc.addLayout(arriba)
        cc.addWidget(self.tabla_concurrencia, 1)
        cc.addWidget(self.estado_concurrencia)
        self.vistas = QTabWidget()
        self.vistas.setObjectName("vistasPadron")
        self.vistas.addTab(self.tabla, self.tr("Beneficios"))
        self.vistas.addTab(conc, self.tr("Concurrencia"))
        # the beneficiaries of the filter by the poverty of their household
        self.tabla_pobreza = QTableWidget(0, 5)
        self.tabla_pobreza.setObjectName("tablaPadronPobreza")
        self.tabla_pobreza.setHorizontalHeaderLabels(
            [self.tr("Pobreza del hogar"), self.tr("Beneficiarios"), self.tr("% de los "
             "beneficiarios"), self.tr("Beneficios"), self.tr("Monto")]
        )  # fmt: skip
        self.tabla_pobreza.verticalHeader().hide()
        self.tabla_pobreza.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        ajustar_columnas(self.tabla_pobreza, {1, 2, 3, 4}, {0})
        self.estado_pobreza = etiqueta_estado("estadoPadronPobreza")
        pob = QWidget()
        cp = QVBoxLayout(pob)
        cp.addWidget(QLabel(self.tr(
            "Beneficiarios de los filtros de arriba según la medición de pobreza de su hogar "
            "(CONEVAL): ¿llegan los programas a quien más lo necesita?")))  # fmt: skip
        cp.addWidget(self.tabla_pobreza, 1)
        cp.addWidget(self.estado_pobreza)
        self.vistas.addTab(pob, self.tr("Por pobreza del hogar"))
        self.vistas.currentChanged.connect(self._pestana)

        capa = QVBoxLayout(self)
        capa.addLayout(fila1)
        capa.addLayout(fila2)
        capa.addWidget(self.totales)
        capa.addWidget(self.errores)
        capa.addWidget(self.vistas, 1)
        self._iniciado = False
        self._pobreza_de: padron.Filtro | None = None

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciado:
            self._iniciado = True
            ejecutar(padron.opciones, al_terminar=self._opciones, padre=self)
            self.buscar()

    def _opciones(self, o: dict[str, list[tuple[int, str]]]) -> None:
        for combo, clave in ((self.dependencia, "dependencias"), (self.programa, "programas"),
                             (self.municipio, "municipios")):  # fmt: skip
            for valor, texto in o[clave]:
                combo.addItem(texto, valor)
                combo.setItemData(combo.count() - 1, texto, Qt.ItemDataRole.ToolTipRole)

    def filtro(self) -> padron.Filtro:
        desde = hasta = None
        if self.periodo.isChecked():
            desde = self.desde.date().toPython()
            hasta = self.hasta.date().toPython()
        return padron.Filtro(
            dependencia_id=self.dependencia.currentData(),
            programa_id=self.programa.currentData(),
            desde=desde,
            hasta=hasta,
            municipio_id=self.municipio.currentData(),
            localidad_id=self.localidad.currentData(),
            colonia_id=self.colonia.currentData(),
            origen=self.origen.currentData(),
            clasificacion=self.clasificacion.currentData(),
        )

    def buscar(self) -> None:
        self.errores.clear()
        f = self.filtro()
        try:
            f.validar()
        except ErrorSipros as e:
            self.errores.setText(e.mensaje)
            return
        self.totales.setText(self.tr("Contando…"))
        self.modelo.filtrar(f)
        if self.tabla_concurrencia.rowCount():
            self.tabla_concurrencia.setRowCount(0)
            self.estado_concurrencia.setText(self.tr("Los filtros cambiaron: vuelva a cruzar."))
        self._pobreza_de = None
        if self.vistas.currentIndex() == 2:
            self.por_pobreza()

    def _pestana(self, i: int) -> None:
        if i == 2 and self._pobreza_de != self.filtro():
            self.por_pobreza()

    def por_pobreza(self) -> None:
        """The filter's beneficiaries by their household's classification, in the background."""
        f = self.filtro()
        self._pobreza_de = f
        self.estado_pobreza.setText(self.tr("Contando por pobreza del hogar…"))

        def listo(filas: list[padron.PorPobreza]) -> None:
            total = sum(x.beneficiarios for x in filas)
            t = self.tabla_pobreza
            t.setRowCount(len(filas))
            for i, x in enumerate(filas):
                parte = f"{100 * x.beneficiarios / total:.1f} %" if total else "—"
                valores = (x.etiqueta, f"{x.beneficiarios:,}", parte, f"{x.beneficios:,}",
                           pesos(x.monto))  # fmt: skip
                for j, v in enumerate(valores):
                    t.setItem(i, j, celda(v, j > 0))
            self.estado_pobreza.setText(self.tr("%s beneficiarios en los filtros.")
                                        % f"{total:,}")  # fmt: skip

        def fallo(e: ErrorSipros) -> None:
            self.estado_pobreza.setText(e.mensaje)

        ejecutar(lambda: padron.por_pobreza(f), al_terminar=listo, al_fallar=fallo, padre=self)

    def _totales(self, t: padron.Totales | None) -> None:
        if t is None:
            self.totales.setText(self.tr("Contando…"))
            return
        replica = ""
        if t.datos_al is not None:  # a standby lags: say how fresh its data is
            replica = self.tr(" · Datos al %s") % horario.hora(t.datos_al)
        self.totales.setText(
            self.tr(
                "%s beneficios · %s beneficiarios únicos · %s · %s programas de %s dependencias%s"
            )
            % (
                f"{t.beneficios:,}",
                f"{t.beneficiarios:,}",
                pesos(t.monto),
                f"{t.programas:,}",
                f"{t.dependencias:,}",
                replica,
            )
        )

    def concurrencia(self) -> None:
        f, por = self.filtro(), self.por.currentData()
        self.boton_concurrencia.setEnabled(False)
        self.estado_concurrencia.setText(self.tr("Cruzando el Padrón…"))

        def listo(filas: list[padron.Concurrencia]) -> None:
            self.boton_concurrencia.setEnabled(True)
            t = self.tabla_concurrencia
            t.setRowCount(len(filas))
            for i, c in enumerate(filas):
                valores = (c.curp, c.nombre, f"{c.programas:,}", f"{c.dependencias:,}",
                           f"{c.beneficios:,}", pesos(c.monto), c.detalle or "")  # fmt: skip
                for j, v in enumerate(valores):
                    t.setItem(i, j, celda(v, j in (2, 3, 4, 5)))
            self.estado_concurrencia.setText(
                self.tr("%s personas (se muestran hasta 5,000, las de más programas primero).")
                % f"{len(filas):,}"
            )

        def fallo(e: ErrorSipros) -> None:
            self.boton_concurrencia.setEnabled(True)
            self.estado_concurrencia.setText(e.mensaje)

        ejecutar(lambda: padron.concurrencia(f, por=por), al_terminar=listo, al_fallar=fallo,
                 padre=self)  # fmt: skip
        self.vistas.setCurrentIndex(1)

    def exportar(self) -> None:
        f = self.filtro()
        self.descarga.iniciar(
            self.tr("Exportar el Padrón"),
            f"padron_{date.today():%Y%m%d}.xlsx",
            lambda ruta, avance: padron.exportar(f, ruta, lambda _e, h, t: avance(h, t)),
            self.tr("%s beneficios exportados a %s."),
        )
