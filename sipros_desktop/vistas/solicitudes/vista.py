"""Solicitudes module: the officials' queue of their área — filters, counters per state, the
paged table of the seed, Ver Solicitud with the dictamen, and the bulk dictamen."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from sipros_desktop.servicios import evidencia, geografia, horario, solicitudes
from sipros_desktop.servicios.solicitudes import Filtro
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.ciclo import AlCambiar
from sipros_desktop.vistas.comun.descarga import Descarga
from sipros_desktop.vistas.comun.filtros import CampoFecha
from sipros_desktop.vistas.comun.formato import miles
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.texto import esc
from sipros_desktop.vistas.comun.ventanas import Ventanas
from sipros_desktop.vistas.solicitudes.detalle import CONSECUENCIA, DialogoVerSolicitud
from sipros_desktop.vistas.solicitudes.modelo import (
    COL_ACCIONES,
    COL_ESTADO,
    COL_FECHA,
    COL_FOLIO,
    COL_MATERNO,
    ModeloSolicitudes,
)

ESPERA_TECLEO_MS = 300
TODOS = "— todos —"


class VistaSolicitudes(QWidget):
    dialogo_abierto = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaSolicitudes")
        self.modelo = ModeloSolicitudes(self)
        self._iniciada = False
        self.opciones: solicitudes.OpcionesFiltro | None = None
        self.ventanas = Ventanas()  # one Ver Solicitud per application
        titulo = QLabel(self.tr("Solicitudes"))
        titulo.setObjectName("tituloModulo")

        self.apoyo = QComboBox()
        self.apoyo.setObjectName("filtroApoyo")
        self.apoyo.setMinimumWidth(200)
        self.proceso = QComboBox()
        self.proceso.setObjectName("filtroProceso")
        # long call names must not widen the window: the list shows them whole
        self.proceso.setMinimumContentsLength(16)
        self.proceso.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.estado = QComboBox()
        self.estado.setObjectName("filtroEstado")
        self.estado.addItem(TODOS, None)
        for e in ESTADOS_SOLICITUD:
            self.estado.addItem(e, e)
        self.municipio = QComboBox()
        self.municipio.setMinimumWidth(150)
        self.desde = CampoFecha("filtroDesde")
        self.hasta = CampoFecha("filtroHasta")
        self.buscador = QLineEdit()
        self.buscador.setObjectName("buscadorSolicitudes")
        self.buscador.setPlaceholderText(self.tr("CURP, folio o nombre…"))
        self.buscador.setClearButtonEnabled(True)
        # two rows, so that a 1280 px window shows every filter without scrolling
        filtros = QGridLayout()
        filtros.setHorizontalSpacing(8)
        self.proceso.setToolTip(
            self.tr("Proceso de la convocatoria: su número, y el nombre y año de cada una")
        )
        for i, (etiqueta, w) in enumerate((("Apoyo:", self.apoyo),
                                           ("Proceso de convocatoria:", self.proceso),
                                           ("Estado:", self.estado))):  # fmt: skip
            filtros.addWidget(QLabel(self.tr(etiqueta)), 0, 2 * i)
            filtros.addWidget(w, 0, 2 * i + 1)
        filtros.addWidget(QLabel(self.tr("Municipio:")), 1, 0)
        filtros.addWidget(self.municipio, 1, 1)
        fechas = QHBoxLayout()
        fechas.setSpacing(6)
        fechas.addWidget(self.desde)
        fechas.addWidget(QLabel(self.tr("al")))
        fechas.addWidget(self.hasta)
        fechas.addStretch(1)
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
        self.tabla.setMouseTracking(True)  # the «Ver Solicitud» link shows a hand
        self.tabla.verticalHeader().hide()
        self.tabla.verticalHeader().setDefaultSectionSize(26)
        self.tabla.horizontalHeader().setSortIndicator(
            self.modelo.columna_orden, Qt.SortOrder.DescendingOrder
        )
        self.tabla.setSortingEnabled(True)
        # the seed's 13 columns: CURP and folio always whole; the rest keep a width the user
        # can change, and the table scrolls sideways on a narrow screen
        # (never narrower than the header's title with its sort arrow)
        anchos = (60, 0, 130, 145, 145, 165, 0, 75, 170, 120, 65, 100, 100)
        for col, ancho in enumerate(anchos[: self.modelo.columnCount()]):
            if ancho:
                minimo = self.tabla.horizontalHeader().sectionSizeHint(col)
                self.tabla.setColumnWidth(col, max(ancho, minimo))
        ajustar_columnas(self.tabla, a_su_contenido={1, 6}, estirables=set())
        self.tabla.horizontalHeader().setStretchLastSection(True)
        # what tells one application from another stays on screen at 1280 × 720: the folio
        # and its state right after the name (the seed's other columns follow, to the right)
        cabecera = self.tabla.horizontalHeader()
        for destino, col in enumerate((COL_FOLIO, COL_ESTADO), start=COL_MATERNO + 1):
            cabecera.moveSection(cabecera.visualIndex(col), destino)

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
        self.apoyo.currentIndexChanged.connect(self._apoyo_cambio)
        for combo in (self.proceso, self.estado, self.municipio):
            combo.currentIndexChanged.connect(self.filtrar)
        for campo in (self.desde, self.hasta):
            campo.cambio.connect(lambda _d: self.reloj.start())
            campo.aviso.connect(self._aviso_fecha)
        # one gesture, one window: «activated» is the double click (or Enter, or the single
        # click where the desktop opens items so); «doubleClicked» as well would open two
        self.tabla.activated.connect(self._abrir_indice)
        self.tabla.clicked.connect(self._clic)
        self.tabla.entered.connect(self._sobre)
        self.tabla.viewportEntered.connect(lambda: self.tabla.viewport().unsetCursor())
        self.boton_ver.clicked.connect(self.ver_seleccionada)
        self.boton_masivo.clicked.connect(self.dictaminar_seleccionadas)
        self.boton_filtro.clicked.connect(self.dictaminar_filtro)
        self.boton_descargar.clicked.connect(self.descargar)
        self.modelo.cargando_cambio.connect(
            lambda si: self.estado_carga.setText(self.tr("Cargando…") if si else "")
        )
        self.modelo.total_cambio.connect(self._contadores)
        self.refresco = AlCambiar(self, ("solicitudes", "entregas", "ciudadanos"), self._recargar)
        self.modelo.fallo.connect(self.errores.setText)

    # ------------------------------------------------------------------ filters
    def aplicar_filtro(self, filtro: dict) -> None:
        """Open filtered (from Inicio): by state, the other filters cleared (the queue shows
        what the card counted), and the oldest first when the card speaks of the oldest."""
        combos = (self.apoyo, self.proceso, self.estado, self.municipio)
        for w in (*combos, self.desde, self.hasta, self.buscador):
            w.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        estado = filtro.get("estado")
        if estado:
            self.estado.setCurrentIndex(max(0, self.estado.findData(estado)))
        self.desde.fijar(None)
        self.hasta.fijar(None)
        self.buscador.clear()
        for w in (*combos, self.desde, self.hasta, self.buscador):
            w.blockSignals(False)
        self._llenar_procesos()
        if filtro.get("antiguas_primero"):
            self.ordenar_por(COL_FECHA, descendente=False)
        self.filtrar()

    def ordenar_por(self, columna: int, descendente: bool) -> None:
        """Sort without a load of its own (the next ``filtrar`` loads once)."""
        self.modelo.ordenar(columna, descendente)
        cabecera = self.tabla.horizontalHeader()
        cabecera.blockSignals(True)
        cabecera.setSortIndicator(
            columna, Qt.SortOrder.DescendingOrder if descendente else Qt.SortOrder.AscendingOrder
        )
        cabecera.blockSignals(False)

    def cambiaron(self, temas: frozenset[str]) -> None:
        """A dictamen, a delivery, a correction elsewhere: the list and its counts follow."""
        self.refresco.cambiaron(temas)

    def _recargar(self) -> None:
        if self.opciones is not None:  # (before its first load there is nothing to refresh)
            self.modelo.recargar()

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
        self.opciones = opciones
        # delivery staff open Solicitudes to register deliveries, not to give a dictamen
        for b in (self.boton_masivo, self.boton_filtro):
            b.setVisible(opciones.dictamina)
        for combo in (self.apoyo, self.municipio):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(TODOS, None)
        for i, nombre in opciones.programas:
            self.apoyo.addItem(nombre, i)
        for m in municipios:
            self.municipio.addItem(m.nombre, m.id)
        for combo in (self.apoyo, self.municipio):
            combo.blockSignals(False)
        self._llenar_procesos()
        for campo in (self.desde, self.hasta):  # the calendar opens at the business date
            campo.fijar_hoy(opciones.hoy)
        self.filtrar()

    def _llenar_procesos(self) -> None:
        """The rounds of the chosen programme by its calls' names, or of every programme by
        number and years; the chosen round stays chosen when it is still there."""
        if self.opciones is None:
            return
        antes = self.proceso.currentData()
        self.proceso.blockSignals(True)
        self.proceso.clear()
        self.proceso.addItem(TODOS, None)
        for p, etiqueta in self.opciones.procesos_de(self.apoyo.currentData()):
            self.proceso.addItem(etiqueta, p)
        self.proceso.setCurrentIndex(max(0, self.proceso.findData(antes)))
        vista = self.proceso.view()
        vista.setMinimumWidth(vista.sizeHintForColumn(0) + 24)
        self.proceso.blockSignals(False)

    def _apoyo_cambio(self) -> None:
        self._llenar_procesos()
        self.filtrar()

    def _aviso_fecha(self, aviso: str) -> None:
        if aviso:
            self.errores.setText(aviso)
        else:
            self.errores.clear()

    def filtro(self) -> Filtro:
        return Filtro(
            programa_id=self.apoyo.currentData(),
            proceso=self.proceso.currentData(),
            estado=self.estado.currentData(),
            desde=self.desde.fecha(),
            hasta=self.hasta.fecha(),
            municipio_id=self.municipio.currentData(),
            texto=self.buscador.text().strip(),
        )

    def filtrar(self) -> None:
        self.reloj.stop()
        if self.opciones is None:  # the first load comes when the options are there
            return
        self.errores.setText(self.desde.problema() or self.hasta.problema() or "")
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

    def _clic(self, indice: QModelIndex) -> None:
        """A click on «Ver Solicitud» (the Acciones column) opens it, as a link does."""
        if indice.isValid() and indice.column() == COL_ACCIONES:
            self.abrir(self.modelo.fila(indice.row()).id)

    def _sobre(self, indice: QModelIndex) -> None:
        if indice.column() == COL_ACCIONES:
            self.tabla.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.tabla.viewport().unsetCursor()

    def ver_seleccionada(self) -> None:
        filas = self.tabla.selectionModel().selectedRows()
        if filas:
            self.abrir(self.modelo.fila(filas[0].row()).id)

    def abrir(self, solicitud_id: int) -> None:
        """Ver Solicitud; if it is open (or opening) already, that window comes to the front."""
        if not self.ventanas.empezar(solicitud_id):
            return

        def fallo(e: ErrorSipros) -> None:
            self.ventanas.fallo(solicitud_id)
            self.errores.setText(e.mensaje)

        def leer():
            # the application and the evidence around it, so the window opens complete (the
            # evidence is for who decides: delivery staff get the application alone)
            detalle = solicitudes.detalle(solicitud_id)
            ev = evidencia.de_solicitud(solicitud_id) if detalle.ve_documentos else None
            return detalle, ev

        ejecutar(
            leer,
            al_terminar=self._mostrar,
            al_fallar=fallo,
            padre=self,
        )

    def _mostrar(self, r) -> None:
        detalle, ev = r
        d = DialogoVerSolicitud(detalle, self, ev)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ventanas.registrar(detalle.id, d)
        self.dialogo_abierto.emit(d)
        d.open()

    # ------------------------------------------------------------------ Descargar
    def descargar(self) -> None:
        f, orden, desc = self.filtro(), self.modelo.orden, self.modelo.descendente
        self.descarga.iniciar(
            self.tr("Descargar solicitudes"),
            f"solicitudes_{horario.hoy():%Y%m%d}.xlsx",
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
        self.dialogo_abierto.emit(d)
        d.open()


class DialogoDictamenMasivo(QDialog):
    """One state, one comment, one transaction; a preview lists the folios that will change,
    which cannot and why (oldest first while cupo and budget last), and whether the change
    needs a comment; a change that cannot be undone is confirmed first."""

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
        self.etiqueta_comentario = QLabel(self.tr("Comentario:"))
        forma = QFormLayout()
        forma.addRow(self.tr("Nuevo estado:"), self.hacia)
        forma.addRow(self.etiqueta_comentario, self.comentario)
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
        self.errores.clear()
        hacia, ids = self.hacia.currentData(), self.ids
        ejecutar(
            lambda: solicitudes.previa_masiva(ids, hacia),
            al_terminar=self._previa_lista,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _previa_lista(self, p: solicitudes.PreviaMasiva) -> None:
        self.previa = p
        hacia = self.hacia.currentData()
        texto = self.tr("Cambiarán a «%s»: <b>%s</b>. No pueden cambiar: <b>%s</b>.") % (
            esc(hacia),
            miles(len(p.cambian)),
            miles(len(p.no_pueden)),
        )
        if p.cambian and p.comentario_requerido:
            texto += "<br>" + self.tr("Pasar a «%s» requiere un comentario.") % esc(hacia)
        if p.cambian and p.definitiva:
            texto += "<br>" + esc(CONSECUENCIA.get(hacia, CONSECUENCIA[""]))
        self.resumen.setText(texto)
        self.etiqueta_comentario.setText(
            self.tr("Comentario (obligatorio):") if p.comentario_requerido
            else self.tr("Comentario:")
        )  # fmt: skip
        partes = []
        if p.cambian:
            partes.append(self.tr("Cambiarán a «%s» (%s):") % (hacia, miles(len(p.cambian))))
            partes += p.folios
        if p.no_pueden:
            if partes:
                partes.append("")
            partes.append(self.tr("No pueden cambiar (%s):") % miles(len(p.no_pueden)))
            partes += [f"{folio}: {motivo}" for folio, motivo in p.no_pueden]
        self.detalle.setPlainText("\n".join(partes))
        self.boton_aplicar.setEnabled(bool(p.cambian))

    def aplicar(self) -> None:
        hacia, ids, comentario = self.hacia.currentData(), self.ids, self.comentario.toPlainText()
        p = self.previa
        if p is not None and p.comentario_requerido and not comentario.strip():
            self.errores.setText(
                self.tr("Escriba el comentario: pasar a «%s» lo requiere.") % hacia
            )
            self.comentario.setFocus()
            return
        if p is not None and p.definitiva:
            pregunta = self.tr("¿Pasar %s solicitudes a «%s»?") % (miles(len(p.cambian)), hacia)
            consecuencia = CONSECUENCIA.get(hacia, CONSECUENCIA[""])
            if not dialogos.confirmar(self, f"{pregunta}\n\n{consecuencia}", no_por_omision=True):
                return
        self.boton_aplicar.setEnabled(False)
        self.errores.clear()

        def listo(r: solicitudes.ResultadoMasivo) -> None:
            self.resultado = r
            self.errores.clear()
            self.aplicado.emit(r)
            self.resumen.setText(
                self.tr("Listo: %s solicitudes pasaron a «%s»; %s no cambiaron.")
                % (miles(r.cambiadas), esc(hacia), miles(len(r.no_pudieron)))
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
