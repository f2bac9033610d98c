"""Ver Solicitud: everything captured, the form's answers, the documents (viewer), the full
Historial, and the dictamen the user's profile allows — with a comment where it is required,
and a question with the folio and the citizen's name before a decision that cannot be undone."""

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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import documentos, solicitudes
from sipros_desktop.servicios.solicitudes import DetalleSolicitud, ErrorConcurrencia
from sipros_desktop.vistas.ciudadanos.ficha import llenar, tabla_solo_lectura
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora
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


class DialogoVerSolicitud(QDialog):
    cambiada = Signal(int)  # solicitud id, after a dictamen

    def __init__(self, detalle: DetalleSolicitud, parent: QWidget | None = None) -> None:
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

        capa = QVBoxLayout(self)
        capa.addWidget(self.cabecera)
        capa.addWidget(self.pestanas, 1)
        capa.addWidget(self.grupo_dictamen)
        capa.addLayout(abajo)
        self.botones: dict[str, QPushButton] = {}
        self.mostrar(detalle)

    def mostrar(self, d: DetalleSolicitud) -> None:
        self.detalle = d
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
            ] + ([("Entrega sin evento", d.entrega_sin_evento)] if d.entrega_sin_evento else []),
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
            v = QLabel(valor or "—")
            v.setTextFormat(Qt.TextFormat.PlainText)  # database text: never rich text
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            forma.addRow(f"{etiqueta}:", v)

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
