"""Consulta ciudadana: the citizen-service desk. CURP first (typed or scanned); then what the
citizen would see on «Mis solicitudes» — applications with their history and what to correct,
the voucher and delivery event pending, benefits received, the messages sent, the changes of
contact data — and the desk's actions: phone, e-mail and SMS consent (with the identification
checked), resend the last SMS, write one, print a constancia. The database's limit of look-ups
is said on the status line.

Scanner speed: every look-up first clears everything of the previous citizen (also under a CURP
error), an answer that arrives after a newer look-up was asked is dropped, and contact data
typed and not saved is not lost without asking."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import consulta, telefonos
from sipros_desktop.servicios.consulta import Expediente
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.campo_curp import fila_curp, leer_curp
from sipros_desktop.vistas.comun.editor_sms import EditorSms
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora, pesos
from sipros_desktop.vistas.comun.mensajes import (
    COLOR_ERROR,
    decir,
    etiqueta_error,
    etiqueta_estado,
)
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo


def _tabla(nombre: str, columnas: list[str], estirables: set[int]) -> QTableWidget:
    t = QTableWidget(0, len(columnas))
    t.setObjectName(nombre)
    t.setHorizontalHeaderLabels(columnas)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.setWordWrap(True)
    cab = t.horizontalHeader()
    for c in range(len(columnas)):
        cab.setSectionResizeMode(
            c,
            QHeaderView.ResizeMode.Stretch
            if c in estirables
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return t


def _texto_plano(nombre: str) -> QLabel:
    lbl = QLabel()
    lbl.setObjectName(nombre)
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(True)
    return lbl


def _telefono(e164: str) -> str:
    """A message's +52 number as the contact data writes it (442 123 4567)."""
    return telefonos.legible(e164.removeprefix("+52"))


def _llenar(t: QTableWidget, filas: list[list[str]]) -> None:
    t.setRowCount(len(filas))
    for i, fila in enumerate(filas):
        for j, valor in enumerate(fila):
            item = QTableWidgetItem(valor)  # plain text: database text is never markup
            item.setToolTip(valor)
            t.setItem(i, j, item)
    t.resizeRowsToContents()


class VistaConsulta(QWidget):
    dialogo_abierto = Signal(object)  # any dialog it opens (for tests and screenshots)

    def __init__(self, atiende: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaConsulta")
        self.atiende = atiende
        self.expediente: Expediente | None = None
        self.ocupada = False
        self._turno = 0  # the look-up whose answer the screen waits for (older ones are stale)
        self._dialogo_contacto: DialogoContacto | None = None

        titulo = QLabel(self.tr("Consulta ciudadana"))
        titulo.setObjectName("tituloModulo")
        self.curp, self.boton_buscar, fila = fila_curp("curpConsulta", lambda: self.buscar())
        self.curp.setPlaceholderText(
            self.tr("Escriba o escanee la CURP, o el folio del acuse, y pulse Enter")
        )
        etiqueta = fila.itemAt(0).widget()
        if isinstance(etiqueta, QLabel):
            etiqueta.setText(self.tr("CURP o folio:"))
        self.mensaje = etiqueta_estado("mensajeConsulta")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)  # the database's refusals too

        # who: name, CURP, municipality (plain text)
        self.ciudadano = QLabel()
        self.ciudadano.setObjectName("ciudadanoConsulta")
        self.ciudadano.setTextFormat(Qt.TextFormat.PlainText)
        fuente = self.ciudadano.font()
        fuente.setPointSizeF(fuente.pointSizeF() * 1.25)
        fuente.setBold(True)
        self.ciudadano.setFont(fuente)
        self.ciudadano.setWordWrap(True)

        # left: applications (with history), benefits, messages
        self.solicitudes = _tabla(
            "solicitudesConsulta",
            [self.tr("Folio"), self.tr("Programa"), self.tr("Tipo de apoyo"), self.tr("Fecha"),
             self.tr("Estado"), self.tr("Lo que sigue")],
            {1, 5},
        )  # fmt: skip
        self.solicitudes.itemSelectionChanged.connect(self._mostrar_historial)
        self.pendiente = QLabel()
        self.pendiente.setObjectName("pendienteConsulta")
        self.pendiente.setWordWrap(True)
        self.pendiente.setTextFormat(Qt.TextFormat.PlainText)
        self.historial = _tabla(
            "historialConsulta", [self.tr("Estado"), self.tr("Fecha"), self.tr("Comentario")], {2}
        )
        pagina_sol = QWidget()
        cs = QVBoxLayout(pagina_sol)
        cs.addWidget(self.solicitudes, 3)
        cs.addWidget(self.pendiente)
        cs.addWidget(QLabel(self.tr("Historial de la solicitud elegida")))
        cs.addWidget(self.historial, 2)
        self.beneficios = _tabla(
            "beneficiosConsulta",
            [self.tr("Fecha"), self.tr("Programa"), self.tr("Dependencia"),
             self.tr("Tipo de apoyo"), self.tr("Monto"), self.tr("Folio u origen")],
            {1, 2},
        )  # fmt: skip
        self.mensajes = _tabla(
            "mensajesConsulta",
            [self.tr("Fecha"), self.tr("Aviso"), self.tr("Teléfono"), self.tr("Estado"),
             self.tr("Texto")],
            {4},
        )  # fmt: skip
        self.contactos = _tabla(
            "contactosConsulta",
            [self.tr("Fecha"), self.tr("Cambio"), self.tr("Identificación revisada"),
             self.tr("Atendió"), self.tr("Aviso por SMS")],
            {1},
        )  # fmt: skip
        # the calls open today: for which the citizen may apply, and why not for the others
        self.convocatorias = _tabla(
            "convocatoriasConsulta",
            [self.tr("Programa"), self.tr("Convocatoria"), self.tr("Cierra"),
             self.tr("Documentos que pide"), self.tr("Situación")],
            {1, 3, 4},
        )  # fmt: skip
        self.pestanas = QTabWidget()
        self.pestanas.addTab(pagina_sol, self.tr("Solicitudes"))
        self.pestanas.addTab(self.beneficios, self.tr("Apoyos recibidos"))
        self.pestanas.addTab(self.mensajes, self.tr("SMS"))
        self.pestanas.addTab(self.contactos, self.tr("Cambios de contacto"))
        self.pestanas.addTab(self.convocatorias, self.tr("Convocatorias abiertas"))

        # right: contact data (changed in a dialog, with the identification checked) and the
        # desk's actions
        self.telefono = _texto_plano("telefonoConsulta")
        self.correo = _texto_plano("correoConsulta")
        self.acepta_sms = _texto_plano("aceptaSmsConsulta")
        self.boton_contacto = QPushButton(self.tr("Cambiar &contacto…"))
        self.boton_contacto.setObjectName("cambiarContacto")
        self.boton_contacto.clicked.connect(self.cambiar_contacto)
        contacto = QGroupBox(self.tr("Datos de contacto"))
        fc = QFormLayout(contacto)
        fc.addRow(self.tr("Teléfono celular:"), self.telefono)
        fc.addRow(self.tr("Correo electrónico:"), self.correo)
        fc.addRow(self.tr("Avisos por SMS:"), self.acepta_sms)
        fc.addRow("", self.boton_contacto)

        self.boton_reenviar = QPushButton(self.tr("&Reenviar último SMS"))
        self.boton_reenviar.setObjectName("reenviarSms")
        self.boton_reenviar.clicked.connect(self.reenviar)
        self.boton_escribir = QPushButton(self.tr("&Escribir SMS…"))
        self.boton_escribir.setObjectName("escribirSms")
        self.boton_escribir.clicked.connect(self.escribir)
        self.boton_constancia = QPushButton(self.tr("Imprimir &constancia…"))
        self.boton_constancia.setObjectName("imprimirConstancia")
        self.boton_constancia.clicked.connect(self.constancia)
        acciones = QGroupBox(self.tr("Atención"))
        ca = QVBoxLayout(acciones)
        for b in (self.boton_constancia, self.boton_reenviar, self.boton_escribir):
            ca.addWidget(b)
        self.aviso_sms = _texto_plano("avisoSmsConsulta")
        ca.addWidget(self.aviso_sms)

        derecha = QWidget()
        cd = QVBoxLayout(derecha)
        cd.setContentsMargins(0, 0, 0, 0)
        cd.addWidget(contacto)
        cd.addWidget(acciones)
        cd.addStretch(1)
        self.divisor = QSplitter(Qt.Orientation.Horizontal)
        self.divisor.addWidget(self.pestanas)
        self.divisor.addWidget(derecha)
        self.divisor.setStretchFactor(0, 3)
        self.divisor.setStretchFactor(1, 1)
        self.divisor.setChildrenCollapsible(False)
        derecha.setMinimumWidth(330)

        self.contenido = QWidget()
        cc = QVBoxLayout(self.contenido)
        cc.setContentsMargins(0, 0, 0, 0)
        cc.addWidget(self.ciudadano)
        cc.addWidget(self.divisor, 1)
        self.contenido.hide()

        self.ayuda = QLabel(
            self.tr(
                "Escriba o escanee la CURP del ciudadano, o el folio de una de sus solicitudes "
                "(el del acuse). Verá sus solicitudes con su historial y sus documentos, "
                "lo que debe corregir, sus comprobantes y eventos de entrega, los apoyos que ha "
                "recibido, los mensajes que se le enviaron y los cambios de sus datos de contacto. "
                "Cada consulta queda en la bitácora y cuenta para el límite de consultas de su "
                "usuario."
            )
        )
        self.ayuda.setWordWrap(True)
        self.ayuda.setAlignment(Qt.AlignmentFlag.AlignTop)

        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addLayout(fila)
        capa.addWidget(self.mensaje)
        capa.addWidget(self.ayuda, 1)  # (the space goes to the help or to the citizen)
        capa.addWidget(self.contenido, 1)

    def activar(self) -> None:
        self.curp.setFocus()

    # ------------------------------------------------------------------ look-up
    def _decir(self, texto: str, error: bool = False) -> None:
        decir(self.mensaje, texto, error)

    def limpiar(self) -> None:
        """Nothing of the previous citizen left: name, tables, history, messages, contact,
        labels and actions."""
        self.expediente = None
        self.contenido.hide()
        self.ayuda.show()
        self.ciudadano.clear()
        for t in (self.solicitudes, self.historial, self.beneficios, self.mensajes,
                  self.contactos, self.convocatorias):  # fmt: skip
            t.clearSelection()
            t.setRowCount(0)
        self.pendiente.clear()
        self.pendiente.setStyleSheet("")
        nombres = (self.tr("Solicitudes"), self.tr("Apoyos recibidos"), self.tr("SMS"),
                   self.tr("Cambios de contacto"), self.tr("Convocatorias abiertas"))  # fmt: skip
        for i, nombre in enumerate(nombres):
            self.pestanas.setTabText(i, nombre)
        for lbl in (self.telefono, self.correo, self.acepta_sms):
            lbl.clear()
        self._acciones_sms()

    def buscar(self, texto: str | None = None) -> None:
        """Look the CURP in the box (or ``texto``) up. Asks first when contact data was typed
        and not saved; then clears the screen before anything else is said or shown."""
        crudo = self.curp.text() if texto is None else texto
        if not crudo.strip() or not self._dejar_contacto():
            return
        self._turno += 1
        turno = self._turno
        self.limpiar()
        if consulta.es_folio(crudo):  # the acuse's folio finds its citizen
            curp = "".join(crudo.split()).upper()
            self.curp.setText(curp)
            self._decir(self.tr("Buscando el folio %s…") % curp)
        else:
            curp = leer_curp(self.curp, self.mensaje, texto)
        if curp is None:
            self.ocupada = False
            return
        self.ocupada = True
        ejecutar(
            lambda: consulta.buscar(curp),
            al_terminar=lambda e: self._mostrar(turno, curp, e),
            al_fallar=lambda err: self._fallo(turno, err),
            padre=self,
        )

    def _fallo(self, turno: int, e: ErrorSipros) -> None:
        if turno != self._turno:
            return  # a newer look-up was asked: this answer is stale
        self.ocupada = False
        self.limpiar()  # nothing of the last citizen stays on screen under a refusal
        self._decir(e.mensaje, error=True)

    def _mostrar(self, turno: int, buscada: str, e: Expediente | None) -> None:
        if turno != self._turno:
            return  # a newer look-up was asked: this answer is stale
        self.ocupada = False
        self.limpiar()
        self.expediente = e
        if e is None:
            self._decir(
                self.tr(
                    "No hay ningún ciudadano registrado con la CURP %s. Si quiere registrarse, "
                    "puede hacerlo en Ventanilla."
                )
                % buscada,
                error=True,
            )
            self.curp.selectAll()
            return
        self.ayuda.hide()
        self.contenido.show()
        aviso = ""
        if e.folio:
            aviso = self.tr("El folio %s es de este ciudadano. ") % e.folio
        if e.fusionada:
            aviso = self.tr("La CURP %s se fusionó con este expediente. ") % e.buscada
        estado = aviso + self.tr("Consultado el %s.") % fecha_hora(e.consultado)
        if e.cuota is not None and e.cuota[0] <= max(5, e.cuota[1] // 6):
            estado += " " + self.tr("Le quedan %d de %d consultas en %d minutos.") % e.cuota
        self._decir(estado)
        municipio = f" · {e.municipio}" if e.municipio else ""
        self.ciudadano.setText(f"{e.nombre_completo} · {e.curp}{municipio}")
        _llenar(
            self.solicitudes,
            [[s.folio, f"{s.programa}\n{s.dependencia}",
              s.tipo_apoyo + (f"\n{pesos(s.monto)}" if s.monto else ""),
              fecha(s.fecha_solicitud), s.estado, s.pendiente]
             for s in e.solicitudes],
        )  # fmt: skip
        _llenar(
            self.convocatorias,
            [[c.programa, f"{c.nombre} (proceso {c.proceso})", fecha(c.fecha_cierre),
              ", ".join(c.documentos_requeridos) or "—",
              self.tr("Puede solicitarla en Ventanilla") if c.elegible else c.motivo]
             for c in e.convocatorias],
        )  # fmt: skip
        elegibles = sum(1 for c in e.convocatorias if c.elegible)
        self.pestanas.setTabText(
            4, self.tr("Convocatorias (%d de %d)") % (elegibles, len(e.convocatorias))
        )
        self.pestanas.setTabToolTip(
            4,
            self.tr("Convocatorias abiertas hoy: el ciudadano puede solicitar %d de %d")
            % (elegibles, len(e.convocatorias)),
        )
        _llenar(
            self.beneficios,
            [[fecha(b.fecha_entrega), b.programa, b.dependencia, b.tipo_apoyo, pesos(b.monto),
              b.folio or (self.tr("Padrón de la dependencia")
                          if b.origen == "Carga masiva" else b.origen)]
             for b in e.beneficios],
        )  # fmt: skip
        _llenar(
            self.mensajes,
            [[fecha_hora(m.creado), m.evento_texto, _telefono(m.telefono), m.estado, m.texto]
             for m in e.mensajes],
        )  # fmt: skip
        self.pestanas.setTabText(0, self.tr("Solicitudes (%d)") % len(e.solicitudes))
        self.pestanas.setTabText(1, self.tr("Apoyos recibidos (%d)") % len(e.beneficios))
        _llenar(
            self.contactos,
            [[fecha_hora(k.fecha), k.descripcion, k.identificacion_texto, k.usuario,
              k.aviso_texto or self.tr("No tenía teléfono")
              if k.telefono_antes != k.telefono_despues else ""]
             for k in e.contactos],
        )  # fmt: skip
        # (short names: the five tabs read whole at 1280 px)
        self.pestanas.setTabText(2, self.tr("SMS (%d)") % len(e.mensajes))
        self.pestanas.setTabText(3, self.tr("Cambios de contacto (%d)") % len(e.contactos))
        # the application that needs the citizen first: in Corrección, else the newest
        primera = next((i for i, s in enumerate(e.solicitudes) if s.estado == "Corrección"), 0)
        if e.folio:  # a look-up by folio: that application first
            primera = next((i for i, s in enumerate(e.solicitudes) if s.folio == e.folio), 0)
        if e.solicitudes:
            self.solicitudes.selectRow(primera)
            self._mostrar_historial()  # (also when the selection stayed on the same row)
        else:
            self.historial.setRowCount(0)
            self.pendiente.setText(self.tr("El ciudadano no tiene solicitudes."))
        self.telefono.setText(telefonos.legible(e.telefono) or "—")
        self.correo.setText(e.correo or "—")
        self.acepta_sms.setText(self.tr("Los acepta") if e.acepta_sms else self.tr("No los acepta"))
        self._acciones_sms()

    def _acciones_sms(self) -> None:
        e = self.expediente
        puede = e is not None and e.acepta_sms and bool(e.telefono)
        for b in (self.boton_constancia, self.boton_contacto):
            b.setEnabled(e is not None)
        self.boton_escribir.setEnabled(puede)
        # the message the database would resend (its choice, not the newest row listed)
        r = e.reenvio if e is not None else None
        self.boton_reenviar.setEnabled(puede and r is not None and not self._en_camino(r.estado))
        self.boton_reenviar.setToolTip(r.texto if puede and r is not None else "")
        if e is None:
            self.aviso_sms.clear()
        elif not e.telefono:
            self.aviso_sms.setText(self.tr("Sin teléfono: no se le pueden enviar SMS."))
        elif not e.acepta_sms:
            self.aviso_sms.setText(self.tr("No aceptó recibir SMS: no se le envía ninguno."))
        else:
            aviso = self.tr("Los avisos van al %s.") % telefonos.legible(e.telefono)
            if r is None:
                aviso += " " + self.tr("No ha recibido mensajes que reenviar.")
            elif self._en_camino(r.estado):
                aviso += " " + self.tr("Su último mensaje está «%s»: saldrá en unos momentos.") % (
                    r.estado
                )
            self.aviso_sms.setText(aviso)

    @staticmethod
    def _en_camino(estado: str) -> bool:
        return estado in ("Pendiente", "Enviando")

    def _mostrar_historial(self) -> None:
        e = self.expediente
        filas = self.solicitudes.selectionModel().selectedRows()
        if e is None or not filas:
            return
        s = e.solicitudes[filas[0].row()]
        _llenar(
            self.historial,
            [[p.estado, fecha_hora(p.fecha), p.comentario] for p in s.historial],
        )
        partes = [f"{s.folio}: {s.estado}"]
        if s.pendiente:
            partes.append(s.pendiente)
        # what the application carries, by name (never their contents), under the table: a
        # column of its own cut the others at 1280 px
        documentos = (
            self.tr("Documentos: %s") % ", ".join(s.documentos)
            if s.documentos
            else self.tr("Sin documentos")
        )
        self.pendiente.setText(" — ".join(partes) + "\n" + documentos)
        self.pendiente.setStyleSheet(
            f"color: {COLOR_ERROR}; font-weight: bold;" if s.estado == "Corrección" else ""
        )

    # ------------------------------------------------------------------ actions
    def _recargar(self, aviso: str) -> None:
        if self.expediente is not None:
            self.buscar(self.expediente.curp)
        self._aviso_pendiente = aviso
        dialogos.informacion(self, aviso)

    def cambiar_contacto(self) -> DialogoContacto | None:
        e = self.expediente
        if e is None:
            return None
        d = DialogoContacto(e, self)
        d.accepted.connect(lambda: self._recargar(d.resultado))
        d.finished.connect(lambda _r: self._contacto_cerrado(d))
        self._dialogo_contacto = d
        self.dialogo_abierto.emit(d)
        d.open()
        return d

    def _contacto_cerrado(self, d: DialogoContacto) -> None:
        if self._dialogo_contacto is d:
            self._dialogo_contacto = None

    def _dejar_contacto(self) -> bool:
        """Before another look-up: the contact dialog of the citizen on screen is closed; when
        it has typed changes, only if the clerk chooses to discard them."""
        d = self._dialogo_contacto
        if d is None or not d.isVisible():
            return True
        if not d.boton_guardar.isEnabled():  # being saved: the next look-up waits for it
            self._decir(self.tr("Espere a que se guarden los datos de contacto."), error=True)
            return False
        if d.modificado() and not d.preguntar_descartar():
            d.activateWindow()
            d.telefono.setFocus()
            return False
        d.descartar()
        return True

    def reenviar(self) -> None:
        """Resends the message the database chose for this citizen (``reenvio``), quoted as it
        is, to the phone on screen; the database refuses if either changed since the look-up."""
        e = self.expediente
        if e is None or e.reenvio is None:
            return
        m = e.reenvio
        pregunta = self.tr("¿Reenviar al %s este mensaje del %s (%s)?\n\n«%s»") % (
            telefonos.legible(e.telefono),
            fecha_hora(m.creado),
            m.evento_texto,
            m.texto,
        )
        if not dialogos.confirmar(self, pregunta):
            return
        curp, mensaje, telefono = e.curp, m.id, e.telefono
        ejecutar(
            lambda: consulta.reenviar(curp, mensaje, telefono),
            al_terminar=lambda _i: self._recargar(
                self.tr("El mensaje quedó en la bandeja; saldrá en unos momentos.")
            ),
            padre=self,
        )

    def escribir(self) -> None:
        e = self.expediente
        if e is None:
            return
        d = DialogoSms(e, self)
        if d.exec() == QDialog.DialogCode.Accepted:
            self._recargar(self.tr("El mensaje quedó en la bandeja; saldrá en unos momentos."))

    def constancia(self) -> None:
        e = self.expediente
        if e is None:
            return
        from sipros_desktop.vistas.comun.visor import DialogoPdf

        def mostrar(pdf: bytes) -> None:
            self.dialogo_constancia = DialogoPdf(
                self.tr("Constancia de %s") % e.curp, pdf, f"constancia_{e.curp}.pdf", self
            )
            self.dialogo_constancia.open()

        atiende = self.atiende
        ejecutar(lambda: consulta.constancia_pdf(e, atiende), al_terminar=mostrar, padre=self)


class DialogoSms(QDialog):
    """A message written at the desk, to the citizen's phone, with its count of parts."""

    def __init__(self, e: Expediente, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoSms")
        self.setWindowTitle(self.tr("Mensaje SMS a %s") % e.nombre_completo)
        tamano_comodo(self, 560, 360)
        self.curp = e.curp
        destino = QLabel(self.tr("Al teléfono %s") % telefonos.legible(e.telefono))
        self.editor = EditorSms("textoSms")
        self.errores = etiqueta_error("erroresSms")
        botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.boton_enviar = botones.button(QDialogButtonBox.StandardButton.Ok)
        self.boton_enviar.setText(self.tr("&Enviar"))
        botones.accepted.connect(self.enviar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(destino)
        capa.addWidget(self.editor, 1)
        capa.addWidget(self.errores)
        capa.addWidget(botones)
        self.editor.texto.setFocus()

    def enviar(self) -> None:
        texto = self.editor.valor()
        curp = self.curp
        self.boton_enviar.setEnabled(False)

        def fallo(err: ErrorSipros) -> None:
            self.boton_enviar.setEnabled(True)
            self.errores.setText(err.mensaje)

        ejecutar(
            lambda: consulta.enviar(curp, texto),
            al_terminar=lambda _i: self.accept(),
            al_fallar=fallo,
            padre=self,
        )


class DialogoContacto(QDialog):
    """Phone, e-mail and SMS consent of a citizen, with the identification the clerk checked
    (required by the database for a change of phone or consent). A new phone warns the
    previous one by SMS, whatever the consent: it is a security notice. Closed with typed
    changes (Cancelar, Esc, another look-up), it asks before discarding them."""

    def __init__(self, e: Expediente, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoContacto")
        self.setWindowTitle(self.tr("Datos de contacto de %s") % e.nombre_completo)
        tamano_comodo(self, 560, 460)
        self.expediente = e
        self.resultado = ""

        self.telefono = QLineEdit(telefonos.legible(e.telefono))
        self.telefono.setObjectName("telefonoContacto")
        self.telefono.setPlaceholderText(self.tr("10 dígitos, p. ej. 442 123 4567"))
        self.correo = QLineEdit(e.correo)
        self.correo.setObjectName("correoContacto")
        self.acepta_sms = QCheckBox(self.tr("Acepta recibir avisos por SMS"))
        self.acepta_sms.setObjectName("aceptaSmsContacto")
        self.acepta_sms.setChecked(e.acepta_sms)
        datos = QGroupBox(self.tr("Datos nuevos"))
        fd = QFormLayout(datos)
        fd.addRow(self.tr("Teléfono celular:"), self.telefono)
        fd.addRow(self.tr("Correo electrónico:"), self.correo)
        fd.addRow("", self.acepta_sms)

        self.identificacion = QComboBox()
        self.identificacion.setObjectName("identificacionContacto")
        self.identificacion.addItem(self.tr("— elija —"), "")
        for tipo in consulta.IDENTIFICACIONES:
            self.identificacion.addItem(tipo, tipo)
        self.referencia = QLineEdit()
        self.referencia.setObjectName("referenciaContacto")
        self.referencia.setMaxLength(4)
        self.referencia.setMaximumWidth(90)
        self.referencia.setPlaceholderText("1234")
        self.referencia.setValidator(
            QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9]{0,4}"), self)
        )
        self.referencia.textEdited.connect(self._mayusculas)
        ident = QGroupBox(self.tr("Identificación que revisó"))
        fi = QFormLayout(ident)
        fi.addRow(self.tr("Documento:"), self.identificacion)
        fi.addRow(self.tr("Últimos 4 caracteres de su número:"), self.referencia)
        nota = QLabel(
            self.tr(
                "Obligatoria para cambiar el teléfono o la aceptación de SMS. Anote solo los "
                "últimos 4 caracteres del número del documento."
            )
        )
        nota.setWordWrap(True)
        fi.addRow(nota)

        self.aviso = QLabel()
        self.aviso.setObjectName("avisoCambioTelefono")
        self.aviso.setWordWrap(True)
        self.aviso.setTextFormat(Qt.TextFormat.PlainText)
        self.errores = etiqueta_error("erroresContacto")
        self.errores.setTextFormat(Qt.TextFormat.PlainText)
        botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.boton_guardar = botones.button(QDialogButtonBox.StandardButton.Ok)
        self.boton_guardar.setText(self.tr("&Guardar"))
        botones.accepted.connect(self.guardar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(datos)
        capa.addWidget(ident)
        capa.addWidget(self.aviso)
        capa.addStretch(1)
        capa.addWidget(self.errores)
        capa.addWidget(botones)
        self.telefono.textChanged.connect(self._avisar)
        self._avisar()
        self.telefono.setFocus()

    def modificado(self) -> bool:
        """Something typed or chosen that is not saved."""
        e = self.expediente
        return (
            self._nuevo_telefono() != (e.telefono or "")  # (None: something not a phone yet)
            or self.correo.text().strip() != e.correo
            or self.acepta_sms.isChecked() != e.acepta_sms
            or bool(self.identificacion.currentData())
            or bool(self.referencia.text())
        )

    def preguntar_descartar(self) -> bool:
        """True when the clerk chooses to discard the typed changes."""
        return dialogos.confirmar(
            self,
            self.tr("Los datos de contacto de %s tienen cambios sin guardar. ¿Descartarlos?")
            % self.expediente.nombre_completo,
            si=self.tr("Descartar cambios"),
            no=self.tr("Seguir editando"),
            no_por_omision=True,
        )

    def descartar(self) -> None:
        """Closes without saving and without asking (the caller asked)."""
        super().reject()

    def reject(self) -> None:  # Cancelar, Esc, the window's close button
        if self.boton_guardar.isEnabled() and self.modificado() and not self.preguntar_descartar():
            return
        super().reject()

    def _mayusculas(self, texto: str) -> None:
        if texto != texto.upper():
            posicion = self.referencia.cursorPosition()
            self.referencia.setText(texto.upper())
            self.referencia.setCursorPosition(posicion)

    def _nuevo_telefono(self) -> str | None:
        """The 10 digits typed, "" for none, None while it is not a valid number yet."""
        try:
            return telefonos.normalizar(self.telefono.text())
        except ErrorSipros:
            return None

    def _avisar(self) -> None:
        anterior = self.expediente.telefono
        nuevo = self._nuevo_telefono()
        if anterior and nuevo is not None and nuevo != anterior:
            self.aviso.setText(
                self.tr(
                    "Al guardar se enviará un SMS de aviso al número anterior, %s (lo acepte o "
                    "no): si el ciudadano no pidió el cambio, sabrá que debe acudir."
                )
                % telefonos.legible(anterior)
            )
        else:
            self.aviso.clear()

    def guardar(self) -> None:
        e = self.expediente
        try:
            diez = telefonos.normalizar(self.telefono.text())
        except ErrorSipros as err:
            self.errores.setText(err.mensaje)
            self.telefono.setFocus()
            return
        acepta = self.acepta_sms.isChecked()
        if acepta and not diez:
            self.errores.setText(self.tr("Para recibir SMS, escriba el teléfono celular."))
            self.telefono.setFocus()
            return
        tipo, referencia = self.identificacion.currentData(), self.referencia.text()
        if (diez != e.telefono or acepta != e.acepta_sms) and not (tipo and referencia):
            self.errores.setText(
                self.tr(
                    "Para cambiar el teléfono o la aceptación de SMS, elija la identificación "
                    "que revisó y anote los últimos 4 caracteres de su número."
                )
            )
            (self.referencia if tipo else self.identificacion).setFocus()
            return
        self.errores.clear()
        self.boton_guardar.setEnabled(False)
        curp, correo = e.curp, self.correo.text()

        def listo(aviso: int | None) -> None:
            self.resultado = self.tr("Datos de contacto guardados.")
            if aviso is not None:
                self.resultado += " " + self.tr(
                    "Se envía un SMS de aviso al número anterior (%s)."
                ) % telefonos.legible(e.telefono)
            self.accept()

        def fallo(err: ErrorSipros) -> None:
            self.boton_guardar.setEnabled(True)
            self.errores.setText(err.mensaje)

        ejecutar(
            lambda: consulta.cambiar_contacto(curp, diez, correo, acepta, tipo, referencia),
            al_terminar=listo,
            al_fallar=fallo,
            padre=self,
        )
