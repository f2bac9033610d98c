"""Ver Solicitud: everything captured, the form's answers, the documents (viewer), the full
Historial, and the dictamen the user's profile allows — with a comment where it is required,
and a question with the folio and the citizen's name before a decision that cannot be undone.

The evidence beside it (servicios/evidencia.py) has tabs of its own: the citizen (Registro
Civil with the fields that differ, contact, address), the socio-economic questionnaire, and the
person's other applications and benefits within the user's alcance; a button opens the
citizen's file."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import ciudadanos, documentos, evidencia, solicitudes
from sipros_desktop.servicios.evidencia import Evidencia
from sipros_desktop.servicios.solicitudes import DetalleSolicitud, ErrorConcurrencia
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha, llenar, tabla_solo_lectura
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.correcciones import HistorialCorrecciones
from sipros_desktop.vistas.comun.cuestionario_lectura import CuestionarioLectura, etiqueta_texto
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora, pesos
from sipros_desktop.vistas.comun.hogar_lectura import HogarLectura
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.texto import esc
from sipros_desktop.vistas.comun.visor import VisorDocumento
from sipros_desktop.vistas.solicitudes.entrega import DialogoRegistrarEntrega

ETIQUETAS = {
    "Aprobada": "&Aprobar",
    "Rechazada": "&Rechazar",
    "Corrección": "Pedir &corrección",
    "En proceso": "Corrección &atendida",
    "Baja": "Dar de &baja",
}
# the question before a final decision, and what it means
VERBO = {"Aprobada": "¿Aprobar", "Rechazada": "¿Rechazar", "Baja": "¿Dar de baja"}
CONSECUENCIA = {
    "Aprobada": "Una solicitud aprobada no vuelve a «En proceso»: después solo se entrega o se "
    "da de baja.",
    "Rechazada": "El rechazo es definitivo: la solicitud ya no podrá cambiar de estado.",
    "Baja": "La baja es definitiva: la solicitud ya no podrá cambiar de estado.",
    "": "Esta decisión no se puede deshacer.",
}


def pregunta_definitiva(d: DetalleSolicitud, hacia: str, comentario: str = "") -> str:
    """«¿Rechazar la solicitud FOLIO de NOMBRE?» and what it means (plain text)."""
    inicio = VERBO.get(hacia, f"¿Pasar a «{hacia}»")
    texto = f"{inicio} la solicitud {d.folio} de {d.nombre_completo}?"
    if comentario.strip():
        texto += f"\n\nComentario: {comentario.strip()}"
    return f"{texto}\n\n{CONSECUENCIA.get(hacia, CONSECUENCIA[''])}"


COLOR_VERIFICACION = {"verificada": "#1b5e20", "no encontrada": "#6d6d6d",
                      "con discrepancias": "#9a5b00"}  # fmt: skip


def _desplazable(contenido: QWidget) -> QScrollArea:
    a = QScrollArea()
    a.setWidgetResizable(True)
    a.setWidget(contenido)
    return a


class DialogoVerSolicitud(QDialog):
    cambiada = Signal(int)  # solicitud id, after a dictamen
    evidencia_cargada = Signal()
    dialogo_abierto = Signal(object)  # the citizen's file it opens (for tests and screenshots)

    def __init__(
        self,
        detalle: DetalleSolicitud,
        parent: QWidget | None = None,
        evidencia_: Evidencia | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoVerSolicitud")
        tamano_comodo(self, 980, 720)
        self.pestanas = QTabWidget()
        self.cabecera = QLabel()
        self.cabecera.setTextFormat(Qt.TextFormat.RichText)
        self.tabla_historial = tabla_solo_lectura(["Estado", "Fecha", "Comentario", "Usuario"], [])
        self.tabla_historial.setObjectName("tablaHistorialSolicitud")
        self.tabla_docs = tabla_solo_lectura(["Documento", "Archivo", "Tipo", "Tamaño"], [])
        self.tabla_docs.doubleClicked.connect(lambda _i: self.ver_documento())
        self.boton_ver_doc = QPushButton(self.tr("&Ver documento"))
        self.boton_ver_doc.clicked.connect(self.ver_documento)
        docs = QWidget()
        cd = QVBoxLayout(docs)
        cd.addWidget(self.tabla_docs)
        cd.addWidget(self.boton_ver_doc, 0, Qt.AlignmentFlag.AlignRight)
        self.datos = QWidget()
        self.respuestas = QWidget()
        self.pestanas.addTab(self.datos, self.tr("Datos"))
        self.pestanas.addTab(self.respuestas, self.tr("Formulario"))
        self.pestanas.addTab(docs, self.tr("Documentos"))
        self.pestanas.addTab(self.tabla_historial, self.tr("Historial"))
        self._pestanas_evidencia()
        # what was corrected in the file and the application (a self-contained widget)
        self.correcciones = HistorialCorrecciones()
        self.pestanas.addTab(self.correcciones, self.tr("Datos corregidos"))

        # dictamen
        self.comentario = QPlainTextEdit()
        self.comentario.setObjectName("comentarioDictamen")
        self.comentario.setPlaceholderText(
            self.tr("Comentario (obligatorio para corrección, rechazo y baja)")
        )
        self.comentario.setMaximumHeight(70)
        self.botones_dictamen = QHBoxLayout()
        self.botones_dictamen.addStretch(1)
        self.errores = etiqueta_error("erroresDictamen")
        self.grupo_dictamen = QGroupBox(self.tr("Dictamen"))
        gd = QVBoxLayout(self.grupo_dictamen)
        gd.addWidget(self.comentario)
        gd.addLayout(self.botones_dictamen)
        gd.addWidget(self.errores)
        cerrar = QPushButton(self.tr("Cerrar"))
        cerrar.clicked.connect(self.accept)
        # delivery staff: a programme paid by transfer, card or cheque (no event, no voucher)
        self.boton_entrega = QPushButton(self.tr("Registrar &entrega…"))
        self.boton_entrega.setObjectName("registrarEntrega")
        self.boton_entrega.setToolTip(
            self.tr("Entrega sin evento: transferencia, tarjeta, cheque u orden de pago")
        )
        self.boton_entrega.clicked.connect(self.registrar_entrega)
        abajo = QHBoxLayout()
        abajo.addWidget(self.boton_entrega)
        abajo.addStretch(1)
        abajo.addWidget(cerrar)

        self.boton_expediente = QPushButton(self.tr("Ver &expediente del ciudadano…"))
        self.boton_expediente.setObjectName("botonExpedienteCiudadano")
        self.boton_expediente.clicked.connect(self.ver_expediente)
        arriba = QHBoxLayout()
        arriba.addWidget(self.cabecera, 1)
        arriba.addWidget(self.boton_expediente, 0, Qt.AlignmentFlag.AlignTop)

        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(self.pestanas, 1)
        capa.addWidget(self.grupo_dictamen)
        capa.addLayout(abajo)
        self.botones: dict[str, QPushButton] = {}
        self.evidencia: Evidencia | None = None
        self.mostrar(detalle)
        if evidencia_ is not None:
            self.mostrar_evidencia(evidencia_)
        elif detalle.ve_documentos:  # (delivery staff: the application, not the evidence)
            self.cargar_evidencia()

    # ------------------------------------------------------------------ evidence
    def _pestanas_evidencia(self) -> None:
        """Ciudadano · Cuestionario socioeconómico · Otras solicitudes y beneficios."""
        # the citizen: Registro Civil, contact, address
        self.rc_estado = etiqueta_texto("", "estadoRegistroCivil")
        self.rc_nota = etiqueta_texto("")
        self.tabla_discrepancias = tabla_solo_lectura(
            [self.tr("Dato"), self.tr("Capturado"), self.tr("Registro Civil")], []
        )
        self.tabla_discrepancias.setObjectName("tablaDiscrepancias")
        self.tabla_discrepancias.horizontalHeader().setStretchLastSection(False)
        grupo_rc = QGroupBox(self.tr("Registro Civil"))
        g = QVBoxLayout(grupo_rc)
        g.addWidget(self.rc_estado)
        g.addWidget(self.rc_nota)
        g.addWidget(self.tabla_discrepancias)
        self.contacto = QWidget()
        self.contacto.setObjectName("contactoCiudadano")
        grupo_contacto = QGroupBox(self.tr("Datos personales y contacto"))
        QVBoxLayout(grupo_contacto).addWidget(self.contacto)
        self.domicilio = QWidget()
        self.domicilio.setObjectName("domicilioCiudadano")
        grupo_dom = QGroupBox(self.tr("Domicilio"))
        QVBoxLayout(grupo_dom).addWidget(self.domicilio)
        lado = QHBoxLayout()
        lado.addWidget(grupo_contacto, 1)
        lado.addWidget(grupo_dom, 1)
        ciudadano = QWidget()
        cc = QVBoxLayout(ciudadano)
        cc.addWidget(grupo_rc)
        cc.addLayout(lado)
        cc.addStretch(1)
        self.pestanas.addTab(_desplazable(ciudadano), self.tr("Ciudadano"))

        self.cuestionario = CuestionarioLectura()
        self.pestanas.addTab(self.cuestionario, self.tr("Cuestionario socioeconómico"))
        self.hogar = HogarLectura()
        self.pestanas.addTab(self.hogar, self.tr("Hogar y pobreza"))

        # concurrence: the person's other applications and benefits, within the alcance
        self.nota_alcance = etiqueta_texto("", "notaAlcance")
        self.tabla_otras = tabla_solo_lectura(
            [self.tr("Folio"), self.tr("Programa"), self.tr("Dependencia"),
             self.tr("Tipo de apoyo"), self.tr("Monto"), self.tr("Estado"),
             self.tr("En ese estado desde"), self.tr("Fecha de solicitud")], [],
        )  # fmt: skip
        self.tabla_otras.setObjectName("tablaOtrasSolicitudes")
        self.tabla_beneficios = tabla_solo_lectura(
            [self.tr("Fecha de entrega"), self.tr("Programa"), self.tr("Dependencia"),
             self.tr("Tipo de apoyo"), self.tr("Monto"), self.tr("Origen"),
             self.tr("Folio / carga")], [],
        )  # fmt: skip
        self.tabla_beneficios.setObjectName("tablaBeneficiosSolicitante")
        self.grupo_otras = QGroupBox(self.tr("Otras solicitudes"))
        QVBoxLayout(self.grupo_otras).addWidget(self.tabla_otras)
        self.grupo_beneficios = QGroupBox(self.tr("Beneficios recibidos"))
        QVBoxLayout(self.grupo_beneficios).addWidget(self.tabla_beneficios)
        otras = QWidget()
        co = QVBoxLayout(otras)
        co.addWidget(self.nota_alcance)
        co.addWidget(self.grupo_otras, 1)
        co.addWidget(self.grupo_beneficios, 1)
        self.pestana_otras = otras
        self.pestanas.addTab(otras, self.tr("Otras solicitudes y beneficios"))

    def cargar_evidencia(self) -> None:
        self.rc_estado.setText(self.tr("Cargando…"))
        i = self.detalle.id

        def fallo(e: ErrorSipros) -> None:
            self.rc_estado.setText(e.mensaje)

        ejecutar(
            lambda: evidencia.de_solicitud(i),
            al_terminar=self.mostrar_evidencia, al_fallar=fallo, padre=self,
        )  # fmt: skip

    def mostrar_evidencia(self, e: Evidencia) -> None:
        self.evidencia = e
        v = e.verificacion
        self.rc_estado.setText(v.describir())
        self.rc_estado.setStyleSheet(
            f"color: {COLOR_VERIFICACION.get(v.estado, '#000')}; font-weight: bold;"
        )
        if v.estado == "no encontrada":
            nota = self.tr("La CURP no está en el extracto del Registro Civil cargado.")
        else:
            nota = self.tr("Extracto cargado el %s. ") % fecha(e.registro_importado)
            nota += (
                self.tr("Lo capturado en el expediente frente a lo registrado:")
                if e.discrepancias
                else self.tr("Nombre, apellidos, fecha de nacimiento y sexo coinciden.")
            )
        self.rc_nota.setText(nota)
        t = self.tabla_discrepancias
        llenar(t, [list(x) for x in e.discrepancias])
        t.setVisible(bool(e.discrepancias))
        alto = t.horizontalHeader().height() + 2 * t.frameWidth() + 4
        t.setFixedHeight(alto + sum(t.rowHeight(i) for i in range(t.rowCount())))
        self._formulario(
            self.contacto,
            [
                ("Fecha de nacimiento", fecha(e.nacimiento)), ("Sexo", e.sexo_texto),
                ("Teléfono", e.telefono or ""), ("Correo electrónico", e.correo or ""),
                ("Avisos por SMS", "Acepta" if e.acepta_sms else "No acepta"),
            ],
        )  # fmt: skip
        self._formulario(
            self.domicilio,
            [(k, v or "") for k, v in (e.domicilio or {}).items()]
            or [("—", "Sin domicilio registrado")],
        )
        self.cuestionario.mostrar(e.cuestionario)
        self.hogar.mostrar(e.pobreza)
        if e.alcance_completo:
            self.nota_alcance.setText(
                self.tr("Todas las solicitudes y beneficios del ciudadano en el estado.")
            )
        else:
            self.nota_alcance.setText(
                self.tr(
                    "Solo se muestran las solicitudes y beneficios de los programas de su "
                    "alcance, como en el Padrón."
                )
            )
        llenar(
            self.tabla_otras,
            [[o.folio, o.programa, o.dependencia, o.tipo_apoyo, pesos(o.monto), o.estado,
              fecha(o.fecha_estado), fecha(o.fecha_solicitud)]
             for o in e.otras_solicitudes],
        )  # fmt: skip
        llenar(
            self.tabla_beneficios,
            [[fecha(b.fecha_entrega), b.programa, b.dependencia, b.tipo_apoyo or "",
              pesos(b.monto), b.origen, b.referencia]
             for b in e.beneficios],
        )  # fmt: skip
        self.grupo_otras.setTitle(self.tr("Otras solicitudes (%d)") % len(e.otras_solicitudes))
        self.grupo_beneficios.setTitle(self.tr("Beneficios recibidos (%d)") % len(e.beneficios))
        i = self.pestanas.indexOf(self.pestana_otras)
        self.pestanas.setTabText(
            i, self.tr("Otras solicitudes y beneficios (%d)")
            % (len(e.otras_solicitudes) + len(e.beneficios)),
        )  # fmt: skip
        self.evidencia_cargada.emit()

    def ver_expediente(self) -> None:
        cid = self.detalle.ciudadano_id

        def abrir(f) -> None:
            d = DialogoFicha(f, self)
            self.dialogo_abierto.emit(d)
            d.open()

        ejecutar(lambda: ciudadanos.ficha(cid), al_terminar=abrir, padre=self)

    def mostrar(self, d: DetalleSolicitud) -> None:
        self.detalle = d
        # the evidence is for who decides: delivery staff see the application, its history
        # and how it was delivered, not the citizen's file (the database refuses it to them)
        self.boton_expediente.setVisible(d.ve_documentos)
        for i in range(4, self.pestanas.count()):
            self.pestanas.setTabVisible(i, d.ve_documentos)
        if d.ve_documentos:
            self.correcciones.cargar(solicitud_id=d.id)
        self.setWindowTitle(self.tr("Solicitud %s") % d.folio)
        self.cabecera.setText(
            f"<span style='font-size:14pt'><b>{esc(d.folio)}</b></span> · "
            f"<b>{esc(d.estado)}</b><br>"
            f"{esc(d.nombre_completo)} · CURP {esc(d.curp)}"
        )
        self._formulario(
            self.datos,
            [
                ("Folio", d.folio), ("Fecha de solicitud", fecha(d.fecha_solicitud)),
                ("Estado", d.estado), ("Solicitante", d.nombre_completo), ("CURP", d.curp),
                ("Programa (Solicitud)", d.programa),
                ("Convocatoria", f"{d.convocatoria} (proceso {d.proceso})"),
                ("Tipo de apoyo", d.tipo_apoyo),
            ] + ([("Entrega sin evento", d.entrega_sin_evento)] if d.entrega_sin_evento else [])
              + ([("Brigada de campo", d.brigada)] if d.brigada else []),
        )  # fmt: skip
        self._formulario(
            self.respuestas, d.respuestas or [("—", "La convocatoria no tiene formulario propio")]
        )
        llenar(
            self.tabla_historial,
            [[h.estado, fecha_hora(h.fecha), h.comentario or "", h.usuario] for h in d.historial],
        )
        llenar(
            self.tabla_docs,
            [
                [
                    x.tipo,
                    x.nombre_archivo,
                    documentos.TIPOS[x.mime][0],
                    f"{x.tamano / 1024:,.0f} KB",
                ]
                for x in d.documentos
            ],
        )
        if d.documentos:
            self.tabla_docs.selectRow(0)
        for b in self.botones.values():
            b.deleteLater()
        self.botones = {}
        for t in d.transiciones:
            b = QPushButton(self.tr(ETIQUETAS.get(t.hacia, t.hacia)))
            b.setObjectName(f"dictamen_{t.hacia}")
            b.setToolTip(
                t.descripcion + (" (requiere comentario)" if t.comentario_requerido else "")
            )
            b.clicked.connect(lambda _c=False, h=t.hacia: self.dictaminar(h))
            self.botones_dictamen.addWidget(b)
            self.botones[t.hacia] = b
        self.grupo_dictamen.setVisible(bool(d.transiciones))
        self.boton_entrega.setVisible(d.puede_registrar_entrega)
        self.pestanas.setTabVisible(2, d.ve_documentos)

    @staticmethod
    def _formulario(w: QWidget, pares: list[tuple[str, str]]) -> None:
        if w.layout() is None:
            QFormLayout(w)
        forma: QFormLayout = w.layout()  # type: ignore[assignment]
        while forma.rowCount():
            forma.removeRow(0)
        for etiqueta, valor in pares:
            # questions and answers come from the database: plain text, both of them
            q = etiqueta_texto(f"{etiqueta}:")
            q.setWordWrap(len(etiqueta) > 40)  # (a long question wraps, a field name does not)
            forma.addRow(q, etiqueta_texto(valor or "—"))

    def ver_documento(self) -> None:
        filas = self.tabla_docs.selectionModel().selectedRows()
        if not filas:
            return
        doc = self.detalle.documentos[filas[0].row()]

        def abrir(r) -> None:
            mime, contenido = r
            try:
                self.visor = VisorDocumento(
                    f"{doc.tipo} — {doc.nombre_archivo}", mime, contenido, self
                )
            except ErrorSipros as e:
                dialogos.error(self, e.mensaje)
                return
            self.visor.open()

        ejecutar(lambda: documentos.contenido(doc.id), al_terminar=abrir, padre=self)

    def dictaminar(self, hacia: str) -> None:
        d = self.detalle
        comentario = self.comentario.toPlainText()
        t = next((t for t in d.transiciones if t.hacia == hacia), None)
        if t is not None and t.comentario_requerido and not comentario.strip():
            self.errores.setText(
                self.tr("Escriba el comentario: pasar a «%s» lo requiere.") % hacia
            )
            self.comentario.setFocus()
            return
        pregunta = pregunta_definitiva(d, hacia, comentario)
        if (
            t is not None
            and t.definitiva
            and not dialogos.confirmar(self, pregunta, no_por_omision=True)
        ):
            return  # nothing changes: the comment stays for another try
        for b in self.botones.values():
            b.setEnabled(False)
        self.errores.clear()

        def hecho(_version: int) -> None:
            self.comentario.clear()
            self.cambiada.emit(d.id)
            self.recargar()

        def fallo(e: ErrorSipros) -> None:
            for b in self.botones.values():
                b.setEnabled(True)
            self.errores.setText(e.mensaje)
            if isinstance(e, ErrorConcurrencia):
                self.recargar()  # show what the other official did

        ejecutar(
            lambda: solicitudes.dictaminar(d.id, d.version, hacia, comentario),
            al_terminar=hecho,
            al_fallar=fallo,
            padre=self,
        )

    def registrar_entrega(self) -> None:
        d = self.detalle
        self.dialogo_entrega = DialogoRegistrarEntrega(d, d.hoy or date.today(), self)

        def registrada(_r) -> None:
            self.cambiada.emit(d.id)
            self.recargar()

        self.dialogo_entrega.registrada.connect(registrada)
        self.dialogo_entrega.open()

    def recargar(self) -> None:
        ejecutar(lambda: solicitudes.detalle(self.detalle.id), al_terminar=self.mostrar, padre=self)
