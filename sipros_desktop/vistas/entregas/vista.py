"""Entregas module: «Entregar» (the delivery desk, delivery staff) and «Eventos y comprobantes»
(administrators plan events and assign applications; administrators and delivery staff issue,
reprint and cancel vouchers and print the lists). The events' counts are read again each time
the tab is shown, so deliveries made at the desk are there."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import (
    comprobantes,
    entregas,
    geografia,
    horario,
    listas_entrega,
    seguridad,
)
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.ciclo import AlCambiar
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas, celda
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.visor import DialogoPdf
from sipros_desktop.vistas.entregas.entregar import PanelEntregar


class DialogoEvento(QDialog):
    guardado = Signal(int)

    def __init__(self, convocatorias, municipios, fila: entregas.FilaEvento | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Evento de entrega"))
        self.id = fila.id if fila else None
        self.convocatoria = QComboBox()
        for cid, texto in convocatorias:
            self.convocatoria.addItem(texto, cid)
        self.nombre = QLineEdit(fila.nombre if fila else "")
        self.nombre.setMaxLength(200)
        self.municipio = QComboBox()
        for m in municipios:
            self.municipio.addItem(m.nombre, m.id)
        self.domicilio = QLineEdit(fila.domicilio if fila else "")
        self.domicilio.setMaxLength(300)
        self.fecha = QDateEdit(
            QDate.fromString(
                str(fila.fecha if fila else horario.hoy() + timedelta(days=7)), "yyyy-MM-dd"
            )
        )
        self.fecha.setCalendarPopup(True)
        self.fecha.setDisplayFormat("dd/MM/yyyy")
        self.inicio = QTimeEdit(QTime(*(fila.hora_inicio.timetuple()[3:5] if fila else (9, 0))))
        self.fin = QTimeEdit(QTime(*(fila.hora_fin.timetuple()[3:5] if fila else (15, 0))))
        self.responsable = QLineEdit(fila.responsable if fila else "")
        self.responsable.setMaxLength(200)
        if fila:
            self.convocatoria.setCurrentIndex(
                max(0, self.convocatoria.findData(fila.convocatoria_id))
            )
            self.municipio.setCurrentIndex(max(0, self.municipio.findData(fila.municipio_id)))
        forma = QFormLayout()
        for etiqueta, w in (("Convocatoria:", self.convocatoria), ("Nombre:", self.nombre),
                            ("Municipio:", self.municipio), ("Domicilio:", self.domicilio),
                            ("Fecha:", self.fecha), ("Desde:", self.inicio), ("Hasta:", self.fin),
                            ("Responsable:", self.responsable)):  # fmt: skip
            forma.addRow(self.tr(etiqueta), w)
        self.errores = etiqueta_error("erroresEvento")
        botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        botones.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Guardar"))
        botones.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        botones.accepted.connect(self.guardar)
        botones.rejected.connect(self.reject)
        self.boton_guardar = botones.button(QDialogButtonBox.StandardButton.Save)
        capa = QVBoxLayout(self)
        capa.addLayout(forma)
        capa.addWidget(self.errores)
        capa.addWidget(botones)
        self.setMinimumWidth(560)

    def datos(self) -> entregas.DatosEvento:
        return entregas.DatosEvento(
            convocatoria_id=self.convocatoria.currentData(), nombre=self.nombre.text(),
            municipio_id=self.municipio.currentData(), domicilio=self.domicilio.text(),
            fecha=self.fecha.date().toPython(),
            hora_inicio=time(self.inicio.time().hour(), self.inicio.time().minute()),
            hora_fin=time(self.fin.time().hour(), self.fin.time().minute()),
            responsable=self.responsable.text(),
            id=self.id,
        )  # fmt: skip

    def guardar(self) -> None:
        self.errores.clear()
        datos = self.datos()
        self.boton_guardar.setEnabled(False)

        def listo(nuevo: int) -> None:
            self.nuevo_id = nuevo
            self.guardado.emit(nuevo)
            self.accept()

        def fallo(e: ErrorSipros) -> None:
            self.boton_guardar.setEnabled(True)
            self.errores.setText(e.mensaje)

        ejecutar(lambda: entregas.guardar_evento(datos), al_terminar=listo, al_fallar=fallo,
                 padre=self)  # fmt: skip


class DialogoAsignar(QDialog):
    """Approved applications of the event's call without an event, any municipality: the
    user ticks the ones this event serves."""

    asignadas = Signal(int)

    def __init__(self, evento_id: int, filas: list[entregas.PorAsignar],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Asignar solicitudes al evento"))
        self.evento_id, self.filas = evento_id, filas
        self.tabla = QTableWidget(len(filas), 3)
        self.tabla.setObjectName("tablaPorAsignar")
        self.tabla.setHorizontalHeaderLabels([self.tr("Folio"), self.tr("Beneficiario"),
                                              self.tr("Municipio")])  # fmt: skip
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for i, f in enumerate(filas):
            marca = celda(f.folio)
            marca.setFlags(marca.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            marca.setCheckState(Qt.CheckState.Unchecked)
            self.tabla.setItem(i, 0, marca)
            self.tabla.setItem(i, 1, celda(f.nombre))
            self.tabla.setItem(i, 2, celda(f.municipio))
        ajustar_columnas(self.tabla, {0}, {1, 2})
        self.errores = etiqueta_error("erroresAsignar")
        todas = QPushButton(self.tr("Marcar todas"))
        todas.clicked.connect(lambda: self.marcar(Qt.CheckState.Checked))
        ninguna = QPushButton(self.tr("Ninguna"))
        ninguna.clicked.connect(lambda: self.marcar(Qt.CheckState.Unchecked))
        self.boton_asignar = QPushButton(self.tr("Asignar marcadas"))
        self.boton_asignar.setDefault(True)
        self.boton_asignar.clicked.connect(self.asignar)
        cancelar = QPushButton(self.tr("Cancelar"))
        cancelar.clicked.connect(self.reject)
        fila = QHBoxLayout()
        for b in (todas, ninguna):
            fila.addWidget(b)
        fila.addStretch(1)
        fila.addWidget(cancelar)
        fila.addWidget(self.boton_asignar)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel(self.tr("%d solicitudes aprobadas de la convocatoria sin evento:")
                              % len(filas)))  # fmt: skip
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.errores)
        capa.addLayout(fila)
        tamano_comodo(self, 760, 620)

    def marcar(self, estado: Qt.CheckState) -> None:
        for i in range(self.tabla.rowCount()):
            self.tabla.item(i, 0).setCheckState(estado)

    def marcadas(self) -> list[int]:
        return [f.solicitud_id for i, f in enumerate(self.filas)
                if self.tabla.item(i, 0).checkState() == Qt.CheckState.Checked]  # fmt: skip

    def asignar(self) -> None:
        ids = self.marcadas()
        if not ids:
            self.errores.setText(self.tr("Marque las solicitudes que se entregan en este evento."))
            return
        self.boton_asignar.setEnabled(False)

        def listo(n: int) -> None:
            self.asignadas.emit(n)
            self.accept()

        def fallo(e: ErrorSipros) -> None:
            self.boton_asignar.setEnabled(True)
            self.errores.setText(e.mensaje)

        evento_id = self.evento_id
        ejecutar(lambda: entregas.asignar(evento_id, ids), al_terminar=listo, al_fallar=fallo,
                 padre=self)  # fmt: skip


# «Núm.»: the event's id, what «entregas paquete --evento» and «comprobantes imprimir» take
COLUMNAS_EVENTOS = ["Núm.", "Fecha", "Evento", "Convocatoria", "Municipio", "Asignadas",
                    "Por emitir", "Vigentes", "Entregados"]  # fmt: skip
COLUMNAS_BENEF = ["Folio", "Beneficiario", "CURP", "Apoyo", "Comprobante", "Impresiones",
                  "Entregado", "Entregó"]  # fmt: skip


class PanelEventos(QWidget):
    dialogo_abierto = Signal(object)
    eventos_cargados = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filas: list[entregas.FilaEvento] = []
        self.beneficiarios: list[entregas.FilaBeneficiario] = []
        self.tabla = QTableWidget(0, len(COLUMNAS_EVENTOS))
        self.tabla.setObjectName("tablaEventos")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS_EVENTOS])
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.itemSelectionChanged.connect(self._elegido)
        self.lista = QTableWidget(0, len(COLUMNAS_BENEF))
        self.lista.setObjectName("tablaBeneficiarios")
        self.lista.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS_BENEF])
        self.lista.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lista.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        # the event's own actions above its table; its documents and its beneficiaries'
        # actions above the list (two rows: everything fits a 1280 × 720 laptop)
        botones = [
            ("nuevo", self.tr("Nuevo evento…"), self.nuevo),
            ("editar", self.tr("Editar…"), self.editar),
            ("borrar", self.tr("Borrar"), self.borrar),
            ("asignar", self.tr("Asignar aprobadas del municipio"), self.asignar_municipio),
            ("elegir", self.tr("Elegir solicitudes…"), self.elegir),
            ("emitir", self.tr("Emitir comprobantes…"), self.emitir),
            ("relacion", self.tr("Relación…"), lambda: self.lista_pdf("relacion")),
            ("acta", self.tr("Acta…"), lambda: self.lista_pdf("acta")),
            ("excel", self.tr("Excel…"), self.excel),
        ]
        self.botones: dict[str, QPushButton] = {}
        for clave, texto, accion in botones:
            b = QPushButton(texto)
            b.setObjectName(f"boton_{clave}")
            b.clicked.connect(accion)
            self.botones[clave] = b
        self.botones["relacion"].setToolTip(self.tr("Relación de entrega, con columna de firma"))
        fila = QHBoxLayout()
        for clave in ("nuevo", "editar", "borrar", "asignar", "elegir", "emitir"):
            fila.addWidget(self.botones[clave])
        fila.addStretch(1)
        fila2 = QHBoxLayout()
        self.boton_reimprimir = QPushButton(self.tr("Reimprimir…"))
        self.boton_reimprimir.setToolTip(self.tr("Reimprime los comprobantes elegidos"))
        self.boton_reimprimir.clicked.connect(self.reimprimir)
        self.boton_cancelar = QPushButton(self.tr("Cancelar comprobante…"))
        self.boton_cancelar.clicked.connect(self.cancelar)
        self.boton_quitar = QPushButton(self.tr("Quitar del evento"))
        self.boton_quitar.setObjectName("quitarDelEvento")
        self.boton_quitar.clicked.connect(self.quitar)
        fila2.addWidget(QLabel(self.tr("Beneficiarios:")))
        for clave in ("relacion", "acta", "excel"):
            fila2.addWidget(self.botones[clave])
        fila2.addStretch(1)
        fila2.addWidget(self.boton_quitar)
        fila2.addWidget(self.boton_reimprimir)
        fila2.addWidget(self.boton_cancelar)
        self.estado = etiqueta_estado("estadoEventos")
        self.nota_planear = QLabel(
            self.tr(
                "Los eventos los planean los administradores (crear, cambiar, borrar, asignar "
                "solicitudes). Aquí usted emite, reimprime y cancela comprobantes e imprime las "
                "listas."
            )
        )
        self.nota_planear.setObjectName("notaPlanear")
        self.nota_planear.setWordWrap(True)
        self.nota_planear.setStyleSheet("color: #555555;")
        self.nota_planear.hide()
        self.puede_planear = True
        abajo = QWidget()
        capa_abajo = QVBoxLayout(abajo)
        capa_abajo.setContentsMargins(0, 0, 0, 0)
        capa_abajo.addLayout(fila2)
        capa_abajo.addWidget(self.lista)
        divisor = QSplitter(Qt.Orientation.Vertical)
        divisor.addWidget(self.tabla)
        divisor.addWidget(abajo)
        capa = QVBoxLayout(self)
        capa.addLayout(fila)
        capa.addWidget(self.nota_planear)
        capa.addWidget(divisor, 1)
        capa.addWidget(self.estado)
        self._habilitar()

    PLANEAR = ("nuevo", "editar", "borrar", "asignar", "elegir")

    def permitir_planear(self, puede: bool) -> None:
        """Only administrators plan events (the database holds it): the others do not see
        those buttons, and a line says who does."""
        self.puede_planear = puede
        for clave in self.PLANEAR:
            self.botones[clave].setVisible(puede)
        self.boton_quitar.setVisible(puede)
        self.nota_planear.setVisible(not puede)

    # ------------------------------------------------------------------ data
    def recargar(self, elegir: int | None = None) -> None:
        def listo(filas: list[entregas.FilaEvento]) -> None:
            # the event asked for, or the one selected now (the user may have chosen one while
            # the list was read again)
            actual = elegir if elegir is not None else self.evento_id()
            self.filas = filas
            self.tabla.setRowCount(len(filas))
            for i, f in enumerate(filas):
                valores = [str(f.id), f"{f.fecha:%d/%m/%Y}", f.nombre, f.convocatoria,
                           f.municipio, f.asignadas, f.por_emitir, f.vigentes,
                           f.entregados]  # fmt: skip
                for j, v in enumerate(valores):
                    self.tabla.setItem(
                        i, j, celda(f"{v:,}", derecha=True) if isinstance(v, int) else celda(v)
                    )
            ajustar_columnas(self.tabla, {0, 1, 5, 6, 7, 8}, {2, 3, 4})
            fila = next((i for i, f in enumerate(filas) if f.id == actual), None)
            if fila is not None:
                self.tabla.selectRow(fila)
            else:  # gone (deleted): no other event takes its place in the selection
                self.tabla.clearSelection()
            self._elegido()  # the event's list again (its vouchers may have changed)
            self.eventos_cargados.emit(filas)
            self._habilitar()

        ejecutar(lambda: entregas.eventos(horario.hoy() - timedelta(days=365)),
                 al_terminar=listo, padre=self)  # fmt: skip

    def evento_id(self) -> int | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.filas[filas[0].row()].id if filas and self.filas else None

    def _elegido(self) -> None:
        self._habilitar()
        evento_id = self.evento_id()
        if evento_id is None:
            self.lista.setRowCount(0)
            return

        def listo(filas: list[entregas.FilaBeneficiario]) -> None:
            if evento_id != self.evento_id():
                return
            self.beneficiarios = filas
            self.lista.setRowCount(len(filas))
            for i, b in enumerate(filas):
                entregado = horario.fecha_hora(b.entregado)
                valores = [b.folio, b.nombre, b.curp, b.tipo_apoyo, b.estado, b.impresiones or "",
                           entregado, b.entregado_por]  # fmt: skip
                for j, v in enumerate(valores):
                    self.lista.setItem(i, j, celda(v))
            ajustar_columnas(self.lista, {0, 2, 4, 5, 6}, {1, 3, 7})

        ejecutar(lambda: entregas.beneficiarios(evento_id), al_terminar=listo, padre=self)

    def _habilitar(self) -> None:
        hay = self.evento_id() is not None
        for clave, b in self.botones.items():
            if clave != "nuevo":
                b.setEnabled(hay)

    def _fila(self) -> entregas.FilaEvento | None:
        evento_id = self.evento_id()
        return next((f for f in self.filas if f.id == evento_id), None)

    # ------------------------------------------------------------------ actions
    def nuevo(self, fila: entregas.FilaEvento | None = None) -> None:
        def abrir(datos) -> None:
            convocatorias, municipios = datos
            if not convocatorias:
                dialogos.error(self, self.tr("No hay convocatorias con solicitudes aprobadas."))
                return
            d = DialogoEvento(convocatorias, municipios, fila, self)
            d.guardado.connect(self.recargar)
            self.dialogo_abierto.emit(d)
            d.open()

        ejecutar(lambda: (entregas.convocatorias_con_aprobadas(), geografia.municipios()),
                 al_terminar=abrir, padre=self)  # fmt: skip

    def editar(self) -> None:
        fila = self._fila()
        if fila is not None:
            self.nuevo(fila)

    def _hacer(self, trabajo, aviso) -> None:
        evento_id = self.evento_id()

        def listo(r) -> None:
            self.estado.setText(aviso(r))
            self.recargar(evento_id)

        ejecutar(trabajo, al_terminar=listo, padre=self)

    def borrar(self) -> None:
        fila = self._fila()
        if fila is None or not dialogos.confirmar(
            self, self.tr("¿Borrar el evento «%s»?") % fila.nombre
        ):
            return
        self._hacer(lambda: entregas.borrar_evento(fila.id),
                    lambda _r: self.tr("Evento «%s» borrado.") % fila.nombre)  # fmt: skip

    def quitar(self) -> None:
        sin = [b for b in self._seleccionados() if b.estado == "Sin comprobante"]
        if not sin:
            dialogos.error(
                self, self.tr("Elija en la lista solicitudes sin comprobante (cancele antes el "
                              "comprobante de las que tienen uno).")
            )  # fmt: skip
            return
        evento_id = self.evento_id()
        ids = [b.solicitud_id for b in sin]
        self._hacer(lambda: entregas.quitar(evento_id, ids),
                    lambda n: self.tr("%d solicitudes quitadas del evento.") % n)  # fmt: skip

    def elegir(self) -> None:
        evento_id = self.evento_id()
        if evento_id is None:
            return

        def abrir(filas: list[entregas.PorAsignar]) -> None:
            if not filas:
                dialogos.informacion(
                    self, self.tr("La convocatoria no tiene solicitudes aprobadas sin evento.")
                )
                return
            d = DialogoAsignar(evento_id, filas, self)
            d.asignadas.connect(
                lambda n: (self.estado.setText(self.tr("%d solicitudes asignadas al evento.") % n),
                           self.recargar(evento_id))
            )  # fmt: skip
            self.dialogo_abierto.emit(d)
            d.open()

        ejecutar(lambda: entregas.sin_evento(evento_id, solo_municipio=False),
                 al_terminar=abrir, padre=self)  # fmt: skip

    def asignar_municipio(self) -> None:
        evento_id = self.evento_id()
        self._hacer(lambda: entregas.asignar_municipio(evento_id),
                    lambda n: self.tr("%d solicitudes asignadas al evento.") % n)  # fmt: skip

    def _mostrar_pdf(self, titulo: str, pdf: bytes, sugerido: str) -> None:
        d = DialogoPdf(titulo, pdf, sugerido, self)
        self.dialogo_abierto.emit(d)
        d.open()

    def emitir(self) -> None:
        fila = self._fila()
        if fila is None:
            return
        if not fila.por_emitir:
            dialogos.informacion(self, self.tr("Este evento no tiene solicitudes por emitir."))
            return
        pregunta = self.tr(
            "¿Emitir %d comprobantes del evento «%s»? Imprímalos o guárdelos al terminar: sus "
            "códigos no se guardan en ningún otro lado. Quien los emite no los entrega."
        ) % (fila.por_emitir, fila.nombre)
        if not dialogos.confirmar(self, pregunta):
            return

        def listo(e: comprobantes.Emision) -> None:
            self.estado.setText(self.tr("%d comprobantes emitidos.") % e.cantidad)
            self.recargar(fila.id)
            self._mostrar_pdf(self.tr("Comprobantes — %s") % fila.nombre, e.pdf,
                              f"comprobantes_evento_{fila.id}.pdf")  # fmt: skip

        ejecutar(lambda: comprobantes.emitir(fila.id), al_terminar=listo, padre=self)

    def _seleccionados(self) -> list[entregas.FilaBeneficiario]:
        return [self.beneficiarios[i.row()] for i in self.lista.selectionModel().selectedRows()
                if i.row() < len(self.beneficiarios)]  # fmt: skip

    def reimprimir(self) -> None:
        vigentes = [b for b in self._seleccionados() if b.estado == "Vigente"]
        if not vigentes:
            dialogos.error(self, self.tr("Elija comprobantes vigentes (sin entregar) en la lista."))
            return
        if not dialogos.confirmar(
            self,
            self.tr(
                "¿Reimprimir %d comprobantes? Los papeles anteriores dejarán de servir, y "
                "quien los reimprime no los entrega."
            )
            % len(vigentes),
        ):
            return
        evento_id = self.evento_id()
        ids = [b.comprobante_id for b in vigentes]

        def listo(pdf: bytes) -> None:
            self.recargar(evento_id)
            self._mostrar_pdf(self.tr("Reimpresión"), pdf, f"reimpresion_evento_{evento_id}.pdf")

        ejecutar(lambda: comprobantes.reimprimir(ids), al_terminar=listo, padre=self)

    def cancelar(self) -> None:
        elegidos = [b for b in self._seleccionados() if b.estado == "Vigente"]
        if len(elegidos) != 1:
            dialogos.error(self, self.tr("Elija un comprobante vigente en la lista."))
            return
        b = elegidos[0]
        motivo, ok = QInputDialog.getText(
            self, self.tr("Cancelar comprobante"),
            self.tr("Motivo de la cancelación del comprobante de %s (%s):") % (b.nombre, b.folio),
        )  # fmt: skip
        if not ok:
            return
        self._hacer(lambda: comprobantes.cancelar(b.comprobante_id, motivo),
                    lambda _r: self.tr("Comprobante de %s cancelado.") % b.folio)  # fmt: skip

    def lista_pdf(self, cual: str) -> None:
        fila = self._fila()
        if fila is None:
            return
        hacer = listas_entrega.relacion_pdf if cual == "relacion" else listas_entrega.acta
        titulo = (
            self.tr("Relación de entrega") if cual == "relacion" else self.tr("Acta de entrega")
        )

        def listo(hecho) -> None:
            pdf = hecho
            if isinstance(hecho, listas_entrega.Acta):
                # before the event ends, or with nothing delivered: said before it is printed
                if hecho.preliminar and not dialogos.confirmar(
                    self,
                    listas_entrega.aviso_preliminar(hecho.preliminar)
                    + self.tr("\n\n¿Abrir el acta preliminar?"),
                ):
                    return
                pdf = hecho.pdf
            self._mostrar_pdf(f"{titulo} — {fila.nombre}", pdf, f"{cual}_evento_{fila.id}.pdf")

        ejecutar(lambda: hacer(fila.id), al_terminar=listo, padre=self)

    def excel(self) -> None:
        fila = self._fila()
        if fila is None:
            return
        ruta = dialogos.guardar_archivo(self, self.tr("Guardar Excel"),
                                        f"evento_{fila.id}.xlsx", "Excel (*.xlsx)")  # fmt: skip
        if not ruta:
            return
        ejecutar(lambda: listas_entrega.excel_evento(fila.id, ruta),
                 al_terminar=lambda n: self.estado.setText(self.tr("%d filas en %s") % (n, ruta)),
                 padre=self)  # fmt: skip


class VistaEntregas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaEntregas")
        titulo = QLabel(self.tr("Entregas"))
        titulo.setObjectName("tituloModulo")
        self.pestanas = QTabWidget()
        self.entregar = PanelEntregar()
        self.eventos = PanelEventos()
        self.pestanas.addTab(self.entregar, self.tr("Entregar"))
        self.pestanas.addTab(self.eventos, self.tr("Eventos y comprobantes"))
        self.eventos.eventos_cargados.connect(self._eventos)
        self.pestanas.currentChanged.connect(self._pestana)
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(self.pestanas, 1)
        self._iniciada = False
        self._filtro: dict = {}
        # the counts of the events (delivered, vouchers) follow what the desk and Solicitudes do;
        # the panel reloads on every show by itself
        self.refresco = AlCambiar(
            self.eventos,
            ("entregas", "eventos", "comprobantes", "solicitudes"),
            self.eventos.recargar,
            al_mostrar=False,
        )

    def cambiaron(self, temas: frozenset[str]) -> None:
        if self._iniciada:
            self.refresco.cambiaron(temas)

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciada:
            self._iniciada = True
            ejecutar(seguridad.mi_perfil, al_terminar=self._perfil, padre=self)
            self.eventos.recargar()
        elif self.pestanas.currentWidget() is self.eventos:
            self.eventos.recargar()  # back to the module: the counts may have changed

    def _pestana(self, _indice: int) -> None:
        if self._iniciada and self.pestanas.currentWidget() is self.eventos:
            self.eventos.recargar()  # deliveries at the desk change its counts
        elif self.pestanas.currentWidget() is self.entregar:
            self.entregar.escaner.setFocus()

    def _perfil(self, perfil) -> None:
        # only delivery staff deliver; only administrators plan events
        self.eventos.permitir_planear(perfil is None or "administrador" in perfil.perfiles)
        if perfil is not None and "entrega" not in perfil.perfiles:
            self.pestanas.setTabEnabled(0, False)
            self.pestanas.setCurrentIndex(1)
        else:
            self.entregar.escaner.setFocus()
            self.entregar.sincronizar_si_hay()
            if self._filtro.pop("conflictos", False):
                self.entregar.ver_conflictos()

    def aplicar_filtro(self, filtro: dict) -> None:
        """From Inicio: {"conflictos": True} shows this PC's conflicts to review."""
        if filtro.get("conflictos"):
            self.pestanas.setCurrentWidget(self.entregar)
            if self._iniciada and self.pestanas.isTabEnabled(0):
                self.entregar.ver_conflictos()
            else:
                self._filtro["conflictos"] = True

    def _eventos(self, filas: list[entregas.FilaEvento]) -> None:
        hoy = horario.hoy()
        # the desk offers the events of the last week and the coming ones
        self.entregar.poner_eventos([f for f in filas if f.fecha >= hoy - timedelta(days=7)])
