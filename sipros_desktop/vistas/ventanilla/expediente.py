"""The citizen file at the front desk: who, Registro Civil check, applications, and the calls
open today for which the citizen is eligible."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios.ventanilla import ResumenCiudadano
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha
from sipros_desktop.vistas.comun.correcciones import HistorialCorrecciones
from sipros_desktop.vistas.comun.cuestionario_lectura import CuestionarioLectura
from sipros_desktop.vistas.comun.formato import fecha
from sipros_desktop.vistas.comun.hogar_lectura import HogarLectura
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.texto import esc
from sipros_desktop.vistas.ventanilla.correccion import DialogoCorregirDatos
from sipros_desktop.vistas.ventanilla.solicitud import DialogoAcuse, DialogoSolicitud

COLOR_VERIFICACION = {"verificada": "#1b5e20", "no encontrada": "#6d6d6d",
                      "con discrepancias": "#9a5b00"}  # fmt: skip


def _tabla(encabezados: list[str], nombre: str) -> QTableWidget:
    t = QTableWidget(0, len(encabezados))
    t.setObjectName(nombre)
    t.setHorizontalHeaderLabels(encabezados)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class PanelExpediente(QWidget):
    cargado = Signal()
    solicitud_presentada = Signal(object)  # SolicitudPresentada
    dialogo_abierto = Signal(object)  # any dialog it opens (for tests and screenshots)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panelExpediente")
        self.resumen: ResumenCiudadano | None = None
        self.cabecera = QLabel()
        self.cabecera.setObjectName("cabeceraExpediente")
        self.cabecera.setTextFormat(Qt.TextFormat.RichText)
        self.verificacion = QLabel()
        self.verificacion.setObjectName("verificacionRC")
        self.boton_ficha = QPushButton(self.tr("Ver expediente completo"))
        self.boton_ficha.clicked.connect(self.ver_ficha)
        self.boton_corregir = QPushButton(self.tr("Corregir &datos…"))
        self.boton_corregir.setObjectName("corregirDatos")
        self.boton_corregir.clicked.connect(lambda: self.corregir_datos())
        arriba = QHBoxLayout()
        arriba.addWidget(self.cabecera, 1)
        arriba.addWidget(self.boton_corregir, 0, Qt.AlignmentFlag.AlignTop)
        arriba.addWidget(self.boton_ficha, 0, Qt.AlignmentFlag.AlignTop)
        self.correcciones = HistorialCorrecciones()

        self.tabla_convocatorias = _tabla(
            [self.tr("Programa"), self.tr("Convocatoria"), self.tr("Cierra"),
             self.tr("Situación")],
            "tablaConvocatorias",
        )  # fmt: skip
        self.tabla_convocatorias.doubleClicked.connect(lambda _i: self.nueva_solicitud())
        self.boton_solicitud = QPushButton(self.tr("&Nueva solicitud…"))
        self.boton_solicitud.setObjectName("nuevaSolicitud")
        self.boton_solicitud.clicked.connect(self.nueva_solicitud)
        grupo_conv = QGroupBox(self.tr("Convocatorias abiertas hoy"))
        gc = QVBoxLayout(grupo_conv)
        gc.addWidget(self.tabla_convocatorias)
        gc.addWidget(self.boton_solicitud, 0, Qt.AlignmentFlag.AlignRight)
        # Enter on the table files to the selected call (only while the table has the focus)
        for tecla in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            atajo = QShortcut(QKeySequence(tecla), self.tabla_convocatorias)
            atajo.setContext(Qt.ShortcutContext.WidgetShortcut)
            atajo.activated.connect(self.nueva_solicitud)

        self.tabla_solicitudes = _tabla(
            [self.tr("Folio"), self.tr("Solicitud"), self.tr("Tipo de Apoyo"),
             self.tr("Fecha de Solicitud"), self.tr("Estado")],
            "tablaSolicitudesVentanilla",
        )  # fmt: skip
        self.boton_acuse = QPushButton(self.tr("Reimprimir &acuse…"))
        self.boton_acuse.clicked.connect(self.reimprimir)
        self.boton_correccion = QPushButton(self.tr("Atender &corrección…"))
        self.boton_correccion.setObjectName("atenderCorreccion")
        self.boton_correccion.clicked.connect(self.atender_correccion)
        self.boton_correccion.setEnabled(False)
        self.tabla_solicitudes.itemSelectionChanged.connect(self._habilitar_correccion)
        grupo_sol = QGroupBox(self.tr("Solicitudes del ciudadano"))
        gs = QVBoxLayout(grupo_sol)
        gs.addWidget(self.tabla_solicitudes)
        fila_sol = QHBoxLayout()
        fila_sol.addStretch(1)
        fila_sol.addWidget(self.boton_correccion)
        fila_sol.addWidget(self.boton_acuse)
        gs.addLayout(fila_sol)

        # below the calls: the applications, and the questionnaire answered at registration
        self.cuestionario = CuestionarioLectura()
        self.pestanas_abajo = QTabWidget()
        self.pestanas_abajo.setObjectName("pestanasExpediente")
        self.pestanas_abajo.addTab(grupo_sol, self.tr("Solicitudes"))
        self.pestanas_abajo.addTab(self.cuestionario, self.tr("Cuestionario socioeconómico"))
        self.hogar = HogarLectura()
        self.pestanas_abajo.addTab(self.hogar, self.tr("Hogar y pobreza"))
        self.pestanas_abajo.addTab(self.correcciones, self.tr("Datos corregidos"))
        self.correcciones.cargado.connect(
            lambda n: self.pestanas_abajo.setTabText(
                self.pestanas_abajo.indexOf(self.correcciones),
                self.tr("Datos corregidos (%d)") % n if n else self.tr("Datos corregidos"),
            )
        )

        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addLayout(arriba)
        capa.addWidget(self.verificacion)
        capa.addWidget(grupo_conv, 3)
        capa.addWidget(self.pestanas_abajo, 2)

    def cargar(self, ciudadano_id: int) -> None:
        from sipros_desktop.servicios import ventanilla

        # nothing of the previous citizen stays on screen while the next one loads
        self.resumen = None
        self.cabecera.setText(self.tr("Cargando expediente…"))
        self.verificacion.clear()
        for t in (self.tabla_convocatorias, self.tabla_solicitudes):
            t.setRowCount(0)
        self.cuestionario.limpiar()
        self.hogar.limpiar()
        ejecutar(lambda: ventanilla.resumen(ciudadano_id), al_terminar=self._mostrar, padre=self)

    def _mostrar(self, r: ResumenCiudadano) -> None:
        self.resumen = r
        f = r.ficha
        municipio = (f.domicilio or {}).get("Municipio") or self.tr("sin domicilio")
        self.cabecera.setText(
            f"<span style='font-size:15pt'><b>{esc(f.nombre_completo)}</b></span><br>"
            f"CURP <b>{esc(f.curp)}</b> · {self.tr('nació el')} {fecha(f.fecha_nacimiento)} · "
            f"{esc(f.sexo_texto)} · {esc(municipio)} · {self.tr('Tel.')} {esc(f.telefono or '—')}"
        )
        v = r.verificacion
        self.verificacion.setText(v.describir())
        self.verificacion.setStyleSheet(
            f"color: {COLOR_VERIFICACION.get(v.estado, '#000')}; font-weight: bold;"
        )
        t = self.tabla_convocatorias
        t.setRowCount(len(r.convocatorias))
        for fila, c in enumerate(r.convocatorias):
            valores = (c.programa, f"{c.nombre} (proceso {c.proceso})", fecha(c.fecha_cierre),
                       self.tr("Puede solicitar") if c.elegible else c.motivo)  # fmt: skip
            for col, texto in enumerate(valores):
                item = QTableWidgetItem(texto)
                if not c.elegible:
                    item.setForeground(Qt.GlobalColor.gray)
                t.setItem(fila, col, item)
        if r.convocatorias:
            t.selectRow(0)
        s = self.tabla_solicitudes
        s.setRowCount(len(f.solicitudes))
        for fila, sol in enumerate(f.solicitudes):
            for col, texto in enumerate(
                (sol.folio, sol.programa, sol.tipo_apoyo, fecha(sol.fecha_solicitud), sol.estado)
            ):
                s.setItem(fila, col, QTableWidgetItem(texto))
        if f.solicitudes:
            s.selectRow(0)
        self.boton_acuse.setEnabled(bool(f.solicitudes))
        self.correcciones.cargar(ciudadano_id=f.id)
        self.cuestionario.mostrar(f.cuestionario)
        self.hogar.mostrar(f.pobreza)
        self.cargado.emit()

    def convocatoria_elegida(self):
        if self.resumen is None:
            return None
        filas = self.tabla_convocatorias.selectionModel().selectedRows()
        return self.resumen.convocatorias[filas[0].row()] if filas else None

    def nueva_solicitud(self, borrador: dict | None = None) -> DialogoSolicitud | None:
        conv = self.convocatoria_elegida()
        if borrador:
            conv = next(
                (c for c in self.resumen.convocatorias if c.id == borrador["convocatoria_id"]),
                None,
            )
        if conv is None:
            return None
        if not conv.elegible:
            from sipros_desktop.vistas.comun import dialogos

            dialogos.error(
                self, self.tr("No puede solicitar «%s»: %s") % (conv.nombre, conv.motivo)
            )
            return None
        form = self.resumen.formularios.get(conv.formulario_id) if conv.formulario_id else None
        d = DialogoSolicitud(
            self.resumen.ficha.id, self.resumen.ficha.nombre_completo, conv, form, self,
            borrador=borrador,
        )  # fmt: skip
        d.presentada.connect(self._presentada)
        self.dialogo_abierto.emit(d)
        d.open()
        return d

    def _presentada(self, r) -> None:
        self.solicitud_presentada.emit(r)
        self.cargar(self.resumen.ficha.id)
        self.mostrar_acuse(r.id, r.folio)

    def mostrar_acuse(self, solicitud_id: int, folio: str) -> DialogoAcuse:
        d = DialogoAcuse(solicitud_id, folio, self)
        self.dialogo_abierto.emit(d)
        d.open()
        return d

    def reimprimir(self) -> None:
        if self.resumen is None:
            return
        filas = self.tabla_solicitudes.selectionModel().selectedRows()
        if filas:
            sol = self.resumen.ficha.solicitudes[filas[0].row()]
            self.mostrar_acuse(sol.id, sol.folio)

    def _solicitud_elegida(self):
        if self.resumen is None:
            return None
        filas = self.tabla_solicitudes.selectionModel().selectedRows()
        return self.resumen.ficha.solicitudes[filas[0].row()] if filas else None

    def _habilitar_correccion(self) -> None:
        sol = self._solicitud_elegida()
        self.boton_correccion.setEnabled(sol is not None and sol.estado == "Corrección")

    def atender_correccion(self) -> None:
        sol = self._solicitud_elegida()
        if sol is None or sol.estado != "Corrección":
            return
        self.corregir_datos(sol.id)

    def corregir_datos(self, solicitud_id: int | None = None) -> None:
        """«Corregir datos…» of the file, or «Atender corrección…» of an application: what the
        official asked for, the data, answers and documents, in one dialog."""
        if self.resumen is None:
            return
        cid = self.resumen.ficha.id

        def abrir(r) -> None:
            actuales, municipios = r
            d = DialogoCorregirDatos(actuales, municipios, self)
            d.corregido.connect(lambda _r: self.cargar(cid))
            self.dialogo_abierto.emit(d)
            d.open()

        ejecutar(lambda: _para_correccion(cid, solicitud_id), al_terminar=abrir, padre=self)

    def ver_ficha(self) -> None:
        if self.resumen is not None:
            d = DialogoFicha(self.resumen.ficha, self)
            self.dialogo_abierto.emit(d)
            d.open()


def _para_correccion(ciudadano_id: int, solicitud_id: int | None):
    from sipros_desktop.servicios import correcciones, geografia

    return correcciones.actuales(ciudadano_id, solicitud_id), geografia.municipios()
