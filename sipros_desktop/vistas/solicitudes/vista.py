"""Solicitudes module: the officials' queue of their área — filters, counters per state, the
paged table of the seed, Ver Solicitud with the dictamen, and the bulk dictamen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.modelos import ESTADOS_SOLICITUD
from sipros_desktop.servicios import geografia, solicitudes
from sipros_desktop.servicios.solicitudes import Filtro
from sipros_desktop.vistas.comun.descarga import Descarga
from sipros_desktop.vistas.comun.formato import miles
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.texto import esc
from sipros_desktop.vistas.solicitudes.detalle import DialogoVerSolicitud
from sipros_desktop.vistas.solicitudes.modelo import ModeloSolicitudes

ESPERA_TECLEO_MS = 300
_SIN_FECHA = QDate(2000, 1, 1)
TODOS = "— todos —"


def _fecha(campo: QDateEdit) -> date | None:
    return None if campo.date() == _SIN_FECHA else campo.date().toPython()


class VistaSolicitudes(QWidget):
    dialogo_abierto = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaSolicitudes")
        self.modelo = ModeloSolicitudes(self)
        self._iniciada = False
        titulo = QLabel(self.tr("Solicitudes"))
        titulo.setObjectName("tituloModulo")

        self.apoyo = QComboBox()
        self.apoyo.setObjectName("filtroApoyo")
        self.apoyo.setMinimumWidth(200)
        self.proceso = QComboBox()
        self.estado = QComboBox()
        self.estado.setObjectName("filtroEstado")
        self.estado.addItem(TODOS, None)
        for e in ESTADOS_SOLICITUD:
            self.estado.addItem(e, e)
        self.municipio = QComboBox()
        self.municipio.setMinimumWidth(150)
        self.desde = QDateEdit()
        self.hasta = QDateEdit()
        for campo in (self.desde, self.hasta):
            campo.setDisplayFormat("dd/MM/yyyy")
            campo.setCalendarPopup(True)
            campo.setMinimumDate(_SIN_FECHA)
            campo.setSpecialValueText(self.tr("—"))
            campo.setDate(_SIN_FECHA)
        self.buscador = QLineEdit()
        self.buscador.setObjectName("buscadorSolicitudes")
        self.buscador.setPlaceholderText(self.tr("CURP, folio o nombre…"))
        self.buscador.setClearButtonEnabled(True)
        # two rows, so that a 1280 px window shows every filter without scrolling
        filtros = QGridLayout()
        filtros.setHorizontalSpacing(8)
        self.proceso.setToolTip(self.tr("Proceso de la convocatoria (1.ª, 2.ª, 3.ª ronda…)"))
        for i, (etiqueta, w) in enumerate((("Apoyo:", self.apoyo),
                                           ("Proceso de convocatoria:", self.proceso),
                                           ("Estado:", self.estado))):  # fmt: skip
            filtros.addWidget(QLabel(self.tr(etiqueta)), 0, 2 * i)
            filtros.addWidget(w, 0, 2 * i + 1)
        filtros.addWidget(QLabel(self.tr("Municipio:")), 1, 0)
        filtros.addWidget(self.municipio, 1, 1)
        fechas = QHBoxLayout()
        fechas.addWidget(self.desde)
        fechas.addWidget(QLabel(self.tr("al")))
        fechas.addWidget(self.hasta)
        filtros.addWidget(QLabel(self.tr("Del:")), 1, 2)
        filtros.addLayout(fechas, 1, 3)
        filtros.addWidget(QLabel(self.tr("Buscar:")), 1, 4)
        filtros.addWidget(self.buscador, 1, 5)
        filtros.setColumnStretch(1, 2)
        filtros.setColumnStretch(5, 3)

        # counters per state of the current filter; a click filters by that state
        self.contadores: dict[str, QPushButton] = {}
        fila_contadores = QHBoxLayout()
        for e in ESTADOS_SOLICITUD:
            b = QPushButton(e)
            b.setObjectName(f"contador_{e}")
            b.setFlat(True)
            b.clicked.connect(
                lambda _c=False, e=e: self.estado.setCurrentIndex(self.estado.findData(e))
            )
            fila_contadores.addWidget(b)
            self.contadores[e] = b
        fila_contadores.addStretch(1)
        self.conteo = etiqueta_estado("conteoSolicitudes")
        fila_contadores.addWidget(self.conteo)

        self.tabla = QTableView()
        self.tabla.setObjectName("tablaSolicitudes")
        self.tabla.setModel(self.modelo)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setAlternatingRowColors(True)
        self.tabla.verticalHeader().hide()
        self.tabla.verticalHeader().setDefaultSectionSize(26)
        self.tabla.horizontalHeader().setSortIndicator(
            self.modelo.columna_orden, Qt.SortOrder.DescendingOrder
        )
        self.tabla.setSortingEnabled(True)
        # the seed's 13 columns: CURP and folio always whole; the rest keep a width the user
        # can change, and the table scrolls sideways on a narrow screen
        for col, ancho in enumerate((60, 0, 130, 145, 145, 165, 0, 75, 170, 120, 65, 100)):
            if ancho:
                self.tabla.setColumnWidth(col, ancho)
        ajustar_columnas(self.tabla, a_su_contenido={1, 6}, estirables=set())
        self.tabla.horizontalHeader().setStretchLastSection(True)

        self.boton_ver = QPushButton(self.tr("&Ver Solicitud"))
        self.boton_masivo = QPushButton(self.tr("Dictaminar &seleccionadas…"))
        self.boton_masivo.setObjectName("dictamenSeleccionadas")
        self.boton_filtro = QPushButton(self.tr("Dictaminar todo el &filtro…"))
        self.boton_descargar = QPushButton(self.tr("&Descargar"))
        self.boton_descargar.setObjectName("descargarSolicitudes")
        self.boton_descargar.setToolTip(self.tr("El filtro actual a un libro de Excel"))
        self.descarga = Descarga(self, self.boton_descargar)
        self.progreso = self.descarga.progreso
        self.estado_carga = etiqueta_estado("estadoCargaSolicitudes")
        self.errores = etiqueta_error("erroresSolicitudes")
        acciones = QHBoxLayout()
        acciones.addWidget(self.estado_carga)
        acciones.addWidget(self.errores, 1)
        acciones.addWidget(self.progreso)
        acciones.addWidget(self.descarga.boton_cancelar)
        for b in (self.boton_descargar, self.boton_ver, self.boton_masivo, self.boton_filtro):
            acciones.addWidget(b)

        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addLayout(filtros)
        capa.addLayout(fila_contadores)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(acciones)

        self.reloj = QTimer(self)
        self.reloj.setSingleShot(True)
        self.reloj.setInterval(ESPERA_TECLEO_MS)
        self.reloj.timeout.connect(self.filtrar)
        self.buscador.textChanged.connect(lambda _t: self.reloj.start())
        self.buscador.returnPressed.connect(self.filtrar)
        for combo in (self.apoyo, self.proceso, self.estado, self.municipio):
            combo.currentIndexChanged.connect(self.filtrar)
        for campo in (self.desde, self.hasta):
            campo.dateChanged.connect(lambda _d: self.reloj.start())
        self.tabla.doubleClicked.connect(self._abrir_indice)
        self.tabla.activated.connect(self._abrir_indice)
        self.boton_ver.clicked.connect(self.ver_seleccionada)
        self.boton_masivo.clicked.connect(self.dictaminar_seleccionadas)
        self.boton_filtro.clicked.connect(self.dictaminar_filtro)
        self.boton_descargar.clicked.connect(self.descargar)
        self.modelo.cargando_cambio.connect(
            lambda si: self.estado_carga.setText(self.tr("Cargando…") if si else "")
        )
        self.modelo.total_cambio.connect(self._contadores)
        self.modelo.fallo.connect(self.errores.setText)

    # ------------------------------------------------------------------ filters
    def aplicar_filtro(self, filtro: dict) -> None:
        """Open filtered (from Inicio): by state."""
        estado = filtro.get("estado")
        if estado:
            self.estado.setCurrentIndex(max(0, self.estado.findData(estado)))
        self.filtrar()

    def activar(self) -> None:
        if self._iniciada:
            return
        self._iniciada = True
        ejecutar(
            lambda: (solicitudes.opciones_filtro(), geografia.municipios()),
            al_terminar=self._opciones,
            padre=self,
        )

    def _opciones(self, r) -> None:
        opciones, municipios = r
        for combo in (self.apoyo, self.proceso, self.municipio):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(TODOS, None)
        for i, nombre in opciones.programas:
            self.apoyo.addItem(nombre, i)
        for p in opciones.procesos:
            self.proceso.addItem(str(p), p)
        for m in municipios:
            self.municipio.addItem(m.nombre, m.id)
        for combo in (self.apoyo, self.proceso, self.municipio):
            combo.blockSignals(False)
        self.filtrar()

    def filtro(self) -> Filtro:
        return Filtro(
            programa_id=self.apoyo.currentData(),
            proceso=self.proceso.currentData(),
            estado=self.estado.currentData(),
            desde=_fecha(self.desde),
            hasta=_fecha(self.hasta),
            municipio_id=self.municipio.currentData(),
            texto=self.buscador.text().strip(),
        )

    def filtrar(self) -> None:
        self.reloj.stop()
        if not self._iniciada:
            return
        self.errores.clear()
        self.modelo.filtrar(self.filtro())

    def _contadores(self, cuenta: dict[str, int] | None) -> None:
        for e, b in self.contadores.items():
            n = None if cuenta is None else cuenta.get(e, 0)
            b.setText(f"{e}: {'…' if n is None else miles(n)}")
            b.setEnabled(bool(n))
        total = self.modelo.total_filtro()
        self.conteo.setText(
            self.tr("Contando…") if total is None else self.tr("%s solicitudes") % miles(total)
        )

    # ------------------------------------------------------------------ one application
    def _abrir_indice(self, indice: QModelIndex) -> None:
        if indice.isValid():
            self.abrir(self.modelo.fila(indice.row()).id)

    def ver_seleccionada(self) -> None:
        filas = self.tabla.selectionModel().selectedRows()
        if filas:
            self.abrir(self.modelo.fila(filas[0].row()).id)

    def abrir(self, solicitud_id: int) -> None:
        ejecutar(
            lambda: solicitudes.detalle(solicitud_id),
            al_terminar=self._mostrar,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _mostrar(self, detalle) -> None:
        d = DialogoVerSolicitud(detalle, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.cambiada.connect(lambda _i: self.modelo.recargar())
        self.dialogo_abierto.emit(d)
        d.open()

    # ------------------------------------------------------------------ Descargar
    def descargar(self) -> None:
        f, orden, desc = self.filtro(), self.modelo.orden, self.modelo.descendente
        self.descarga.iniciar(
            self.tr("Descargar solicitudes"),
            f"solicitudes_{date.today():%Y%m%d}.xlsx",
            lambda ruta, avance: solicitudes.exportar(
                f, ruta, orden=orden, descendente=desc, progreso=avance
            ),
            self.tr("Se descargaron %s solicitudes a %s."),
        )

    # ------------------------------------------------------------------ bulk
    def dictaminar_seleccionadas(self) -> None:
        ids = [self.modelo.fila(i.row()).id for i in self.tabla.selectionModel().selectedRows()]
        if not ids:
            self.errores.setText(self.tr("Seleccione las solicitudes (Ctrl o Mayús + clic)."))
            return
        self._masivo(ids)

    def dictaminar_filtro(self) -> None:
        f = self.filtro()
        ejecutar(
            lambda: solicitudes.ids_del_filtro(f),
            al_terminar=self._masivo,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _masivo(self, ids: list[int]) -> None:
        d = DialogoDictamenMasivo(ids, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.aplicado.connect(lambda _r: self.modelo.recargar())
        self.dialogo_abierto.emit(d)
        d.open()


class DialogoDictamenMasivo(QDialog):
    """One state, one comment, one transaction; a preview says how many will change and which
    cannot and why (oldest first while cupo and budget last)."""

    aplicado = Signal(object)  # ResultadoMasivo

    def __init__(self, ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoDictamenMasivo")
        self.setWindowTitle(self.tr("Dictamen de %s solicitudes") % miles(len(ids)))
        tamano_comodo(self, 620, 480)
        self.ids = ids
        self.previa: solicitudes.PreviaMasiva | None = None
        self.hacia = QComboBox()
        self.hacia.setObjectName("estadoMasivo")
        for e in ("Aprobada", "Corrección", "Rechazada", "Baja", "En proceso"):
            self.hacia.addItem(e, e)
        self.comentario = QPlainTextEdit()
        self.comentario.setObjectName("comentarioMasivo")
        self.comentario.setMaximumHeight(80)
        self.resumen = QLabel()
        self.resumen.setTextFormat(Qt.TextFormat.RichText)
        self.resumen.setObjectName("resumenMasivo")
        self.resumen.setWordWrap(True)
        self.detalle = QPlainTextEdit()
        self.detalle.setReadOnly(True)
        self.errores = etiqueta_error("erroresMasivo")
        self.boton_previa = QPushButton(self.tr("&Vista previa"))
        self.boton_aplicar = QPushButton(self.tr("&Aplicar"))
        self.boton_aplicar.setObjectName("aplicarMasivo")
        self.boton_aplicar.setEnabled(False)
        cancelar = QPushButton(self.tr("Cancelar"))
        forma = QFormLayout()
        forma.addRow(self.tr("Nuevo estado:"), self.hacia)
        forma.addRow(self.tr("Comentario:"), self.comentario)
        botones = QHBoxLayout()
        botones.addStretch(1)
        for b in (self.boton_previa, self.boton_aplicar, cancelar):
            botones.addWidget(b)
        capa = QVBoxLayout(self)
        capa.addLayout(forma)
        capa.addWidget(self.resumen)
        capa.addWidget(self.detalle, 1)
        capa.addWidget(self.errores)
        capa.addLayout(botones)
        self.boton_previa.clicked.connect(self.vista_previa)
        self.boton_aplicar.clicked.connect(self.aplicar)
        cancelar.clicked.connect(self.reject)
        self.hacia.currentIndexChanged.connect(lambda _i: self.vista_previa())
        self.vista_previa()

    def vista_previa(self) -> None:
        self.boton_aplicar.setEnabled(False)
        hacia, ids = self.hacia.currentData(), self.ids
        ejecutar(
            lambda: solicitudes.previa_masiva(ids, hacia),
            al_terminar=self._previa_lista,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _previa_lista(self, p: solicitudes.PreviaMasiva) -> None:
        self.previa = p
        self.resumen.setText(
            self.tr("Cambiarán a «%s»: <b>%s</b>. No pueden cambiar: <b>%s</b>.")
            % (esc(self.hacia.currentData()), miles(len(p.cambian)), miles(len(p.no_pueden)))
        )
        self.detalle.setPlainText("\n".join(f"{folio}: {motivo}" for folio, motivo in p.no_pueden))
        self.boton_aplicar.setEnabled(bool(p.cambian))

    def aplicar(self) -> None:
        hacia, ids, comentario = self.hacia.currentData(), self.ids, self.comentario.toPlainText()
        self.boton_aplicar.setEnabled(False)

        def listo(r: solicitudes.ResultadoMasivo) -> None:
            self.resultado = r
            self.aplicado.emit(r)
            self.resumen.setText(
                self.tr("Listo: %s solicitudes pasaron a «%s»; %s no cambiaron.")
                % (miles(r.cambiadas), hacia, miles(len(r.no_pudieron)))
            )
            self.detalle.setPlainText("\n".join(f"{f}: {m}" for f, m in r.no_pudieron))

        def fallo(e: ErrorSipros) -> None:
            self.errores.setText(e.mensaje)
            self.boton_aplicar.setEnabled(True)

        ejecutar(
            lambda: solicitudes.dictaminar_masivo(ids, hacia, comentario),
            al_terminar=listo,
            al_fallar=fallo,
            padre=self,
        )
