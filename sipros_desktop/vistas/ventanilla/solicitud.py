"""Filing an application: support type, the call's own form, the required documents (checked
by content, viewable), then the receipt with folio and QR, to print or save."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import acuse, borradores, documentos, sesion, ventanilla
from sipros_desktop.servicios.documentos import DocumentoExpediente, DocumentoNuevo, Expediente
from sipros_desktop.servicios.formularios import DefinicionFormulario
from sipros_desktop.servicios.ventanilla import ConvocatoriaDisponible, DatosSolicitud
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha, pesos
from sipros_desktop.vistas.comun.formulario import FormularioDinamico
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.comun.texto import esc
from sipros_desktop.vistas.comun.visor import Paginas, VisorDocumento, paginas_pdf
from sipros_desktop.vistas.ventanilla.guardado import GuardadoConReintento
from sipros_desktop.vistas.ventanilla.reutilizar import DialogoDocumentosExpediente, descripcion

FILTRO_DOCUMENTOS = "Documentos (*.pdf *.jpg *.jpeg *.png);;Todos los archivos (*)"


class DialogoSolicitud(QDialog):
    presentada = Signal(object)  # SolicitudPresentada

    def __init__(
        self,
        ciudadano_id: int,
        nombre_ciudadano: str,
        conv: ConvocatoriaDisponible,
        formulario: DefinicionFormulario | None,
        parent: QWidget | None = None,
        borrador: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoSolicitud")
        self.setWindowTitle(self.tr("Nueva solicitud — %s") % conv.nombre)
        tamano_comodo(self, 860, 760)
        self.ciudadano_id = ciudadano_id
        self.nombre_ciudadano = nombre_ciudadano
        self.conv = conv
        self.clave_captura = uuid.UUID(borrador["clave_captura"]) if borrador else uuid.uuid4()
        self.usuario = sesion.usuario_actual()  # whose draft this is
        self.adjuntos: dict[str, tuple[DocumentoNuevo, str]] = {}  # tipo → (documento, ruta)
        # tipo → a document already on the citizen's file, linked without scanning it again
        self.reutilizados: dict[str, DocumentoExpediente] = {}
        self.expediente: Expediente | None = None  # read the first time it is needed

        cabecera = QLabel(
            f"<b>{esc(conv.programa)}</b> · {esc(conv.nombre)} (proceso {conv.proceso})<br>"
            + self.tr("Solicitante: %s · La convocatoria cierra el %s")
            % (esc(nombre_ciudadano), fecha(conv.fecha_cierre))
        )
        cabecera.setTextFormat(Qt.TextFormat.RichText)
        self.tipo = QComboBox()
        self.tipo.setObjectName("tipoApoyo")
        for t in conv.tipos:
            monto = f" — {pesos(t.monto)}" if t.monto else ""
            self.tipo.addItem(f"{t.nombre} ({t.modalidad}){monto}", t.id)
        datos = QGroupBox(self.tr("Apoyo"))
        fa = QFormLayout(datos)
        fa.addRow(self.tr("Tipo de apoyo *:"), self.tipo)

        self.formulario = FormularioDinamico(formulario) if formulario else None

        self.tabla_docs = QTableWidget(len(conv.documentos_requeridos), 4)
        self.tabla_docs.setObjectName("tablaDocumentos")
        self.tabla_docs.setHorizontalHeaderLabels(
            [self.tr("Documento requerido"), self.tr("Archivo"), self.tr("Tipo"),
             self.tr("Escaneado")]
        )  # fmt: skip
        self.tabla_docs.verticalHeader().hide()
        self.tabla_docs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla_docs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla_docs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla_docs.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabla_docs.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla_docs.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tabla_docs.doubleClicked.connect(lambda _i: self.adjuntar())
        self.boton_adjuntar = QPushButton(self.tr("&Adjuntar archivo…"))
        self.boton_adjuntar.setObjectName("adjuntar")
        self.boton_expediente = QPushButton(self.tr("Usar del &expediente…"))
        self.boton_expediente.setObjectName("usarExpediente")
        self.boton_expediente.setToolTip(
            self.tr("Un documento que el ciudadano ya entregó (INE, comprobante, acta…)")
        )
        self.boton_expediente.clicked.connect(self.usar_expediente)
        self.boton_ver = QPushButton(self.tr("&Ver"))
        self.boton_quitar = QPushButton(self.tr("&Quitar"))
        self.boton_adjuntar.clicked.connect(self.adjuntar)
        self.boton_ver.clicked.connect(self.ver)
        self.boton_quitar.clicked.connect(self.quitar)
        grupo_docs = QGroupBox(self.tr("Documentos (PDF, JPEG o PNG)"))
        cd = QVBoxLayout(grupo_docs)
        # what this call asks to be recent (the database refuses an older one too)
        self.aviso_vigencia = QLabel(
            "\n".join(
                self.tr("Esta convocatoria acepta «%s» con antigüedad máxima de %s.")
                % (t, f"{m} {'mes' if m == 1 else 'meses'}")
                for t, m in conv.vigencias.items()
            )
        )
        self.aviso_vigencia.setObjectName("avisoVigencia")
        self.aviso_vigencia.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso_vigencia.setWordWrap(True)
        self.aviso_vigencia.setVisible(bool(conv.vigencias))
        cd.addWidget(self.aviso_vigencia)
        cd.addWidget(self.tabla_docs)
        bd_ = QHBoxLayout()
        bd_.addStretch(1)
        for b in (self.boton_adjuntar, self.boton_expediente, self.boton_ver, self.boton_quitar):
            bd_.addWidget(b)
        cd.addLayout(bd_)
        self.tabla_docs.itemSelectionChanged.connect(self._habilitar_documento)
        self._pintar_documentos()
        if conv.documentos_requeridos:
            self.tabla_docs.selectRow(0)
        self._habilitar_documento()

        self.errores = etiqueta_error("erroresSolicitud")
        self.estado = etiqueta_estado("estadoSolicitud")
        self.boton_presentar = QPushButton(self.tr("Presentar solicitud (Ctrl+Enter)"))
        self.boton_presentar.setObjectName("presentar")
        self.boton_presentar.setAutoDefault(False)
        self.boton_cancelar = QPushButton(self.tr("Cancelar"))
        self.boton_cancelar.setAutoDefault(False)
        self.boton_presentar.clicked.connect(self.presentar)
        self.boton_cancelar.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.presentar)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.presentar)

        contenido = QWidget()
        c = QVBoxLayout(contenido)
        c.addWidget(datos)
        if self.formulario is not None:
            grupo_f = QGroupBox(formulario.nombre)
            QVBoxLayout(grupo_f).addWidget(self.formulario)
            c.addWidget(grupo_f)
        c.addWidget(grupo_docs)
        c.addStretch(1)
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(contenido)
        botones = QHBoxLayout()
        botones.addWidget(self.estado, 1)
        botones.addWidget(self.boton_cancelar)
        botones.addWidget(self.boton_presentar)
        capa = QVBoxLayout(self)
        capa.addWidget(cabecera)
        capa.addWidget(desplazable, 1)
        capa.addWidget(self.errores)
        capa.addLayout(botones)

        self.guardado = GuardadoConReintento(self)
        self.guardado.estado.connect(self.estado.setText)
        self.guardado.guardado.connect(self._presentada)
        self.guardado.fallido.connect(self._fallo)
        if self.formulario is not None:
            self.formulario.cambiado.connect(self._guardar_borrador)
        self.tipo.currentIndexChanged.connect(self._guardar_borrador)
        if borrador:
            self._restaurar(borrador)
        (self.tipo if self.tipo.count() > 1 else self.formulario_o_docs()).setFocus()

    def formulario_o_docs(self) -> QWidget:
        if self.formulario is not None and self.formulario.primer_editor() is not None:
            return self.formulario.primer_editor()
        return self.tabla_docs

    # ------------------------------------------------------------------ documents
    def _tipo_actual(self) -> str | None:
        filas = self.tabla_docs.selectionModel().selectedRows()
        if not filas:
            return None
        return self.conv.documentos_requeridos[filas[0].row()]

    def adjuntar(self) -> None:
        tipo = self._tipo_actual()
        if tipo is None:
            return
        ruta = dialogos.abrir_archivo(self, self.tr("Adjuntar: %s") % tipo, FILTRO_DOCUMENTOS)
        if not ruta:
            return
        ejecutar(
            lambda: documentos.leer(ruta, tipo),
            al_terminar=lambda doc: self._adjuntado(doc, ruta),
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _adjuntado(self, doc: DocumentoNuevo, ruta: str) -> None:
        self.adjuntos[doc.tipo] = (doc, ruta)
        self.reutilizados.pop(doc.tipo, None)
        self._cubierto(doc.tipo)

    def _cubierto(self, tipo: str) -> None:
        self.errores.clear()
        self._pintar_documentos()
        fila = self.conv.documentos_requeridos.index(tipo)
        siguiente = next(
            (i for i, t in enumerate(self.conv.documentos_requeridos) if not self._tiene(t)),
            fila,
        )
        self.tabla_docs.selectRow(siguiente)
        # the focus leaves «Adjuntar archivo…» (Enter there would open the file dialog again):
        # the next missing document, or «Presentar» when every one is attached
        if all(self._tiene(t) for t in self.conv.documentos_requeridos):
            self.boton_presentar.setFocus()
        else:
            self.tabla_docs.setFocus()
        self._guardar_borrador()

    def _tiene(self, tipo: str | None) -> bool:
        return tipo in self.adjuntos or tipo in self.reutilizados

    def usar_expediente(self) -> None:
        """Cover the selected required document with one already on the citizen's file."""
        tipo = self._tipo_actual()
        if tipo is None:
            return
        if self.expediente is not None:
            self._elegir_del_expediente(tipo)
            return

        def leido(e: Expediente) -> None:
            self.expediente = e
            self._elegir_del_expediente(tipo)

        ejecutar(
            lambda: documentos.del_expediente(self.ciudadano_id),
            al_terminar=leido,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _elegir_del_expediente(self, tipo: str) -> None:
        assert self.expediente is not None
        d = DialogoDocumentosExpediente(tipo, self.expediente, self.conv.vigencias.get(tipo), self)
        self.dialogo_expediente = d

        def elegido() -> None:
            if d.elegido is not None:
                self.reutilizados[tipo] = d.elegido
                self.adjuntos.pop(tipo, None)
                self._cubierto(tipo)

        d.accepted.connect(elegido)
        d.open()

    def quitar(self) -> None:
        tipo = self._tipo_actual()
        if self._tiene(tipo):
            self.adjuntos.pop(tipo, None)
            self.reutilizados.pop(tipo, None)
            self._pintar_documentos()
            self._guardar_borrador()

    def ver(self) -> None:
        tipo = self._tipo_actual()
        if tipo in self.reutilizados:
            self._ver_del_expediente(tipo, self.reutilizados[tipo])
            return
        if tipo not in self.adjuntos:
            return
        doc = self.adjuntos[tipo][0]
        try:
            v = VisorDocumento(f"{tipo} — {doc.nombre_archivo}", doc.mime, doc.contenido, self)
        except ErrorSipros as e:
            dialogos.error(self, e.mensaje)
            return
        self.visor = v
        v.open()

    def _ver_del_expediente(self, tipo: str, doc: DocumentoExpediente) -> None:
        def abrir(r) -> None:
            mime, contenido = r
            try:
                self.visor = VisorDocumento(f"{tipo} — {doc.nombre_archivo}", mime, contenido, self)
            except ErrorSipros as e:
                dialogos.error(self, e.mensaje)
                return
            self.visor.open()

        ejecutar(
            lambda: documentos.contenido(doc.id),
            al_terminar=abrir,
            al_fallar=lambda e: dialogos.error(self, e.mensaje),
            padre=self,
        )

    def _habilitar_documento(self) -> None:
        """«Ver» and «Quitar» only for a row that has a file attached."""
        hay = self._tiene(self._tipo_actual())
        self.boton_ver.setEnabled(hay)
        self.boton_quitar.setEnabled(hay)

    def _pintar_documentos(self) -> None:
        for fila, tipo in enumerate(self.conv.documentos_requeridos):
            doc = self.adjuntos.get(tipo, (None, ""))[0]
            del_expediente = self.reutilizados.get(tipo)
            if del_expediente is not None:
                archivo = del_expediente.nombre_archivo
                formato = descripcion(del_expediente)
                escaneado = self.tr("Expediente: %s") % f"{del_expediente.fecha:%d/%m/%Y}"
            else:
                archivo = doc.nombre_archivo if doc else self.tr("Falta")
                formato = (
                    f"{documentos.TIPOS[doc.mime][0]}, {doc.tamano / 1024:,.0f} KB" if doc else ""
                )
                escaneado = self.tr("Nuevo") if doc else ""
            valores = (tipo, archivo, formato, escaneado)
            for col, v in enumerate(valores):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if doc is None and del_expediente is None and col == 1:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.tabla_docs.setItem(fila, col, item)
        self._habilitar_documento()

    # ------------------------------------------------------------------ drafts
    def clave_borrador(self) -> str:
        return str(self.clave_captura)

    def borrador(self) -> dict[str, Any]:
        return {
            "tipo": "solicitud",
            "clave_captura": str(self.clave_captura),
            "ciudadano_id": self.ciudadano_id,
            "ciudadano": self.nombre_ciudadano,
            "convocatoria_id": self.conv.id,
            "convocatoria": self.conv.nombre,
            "tipo_apoyo_id": self.tipo.currentData(),
            "respuestas": self.formulario.respuestas() if self.formulario else {},
            "documentos": {t: ruta for t, (_d, ruta) in self.adjuntos.items()},
            "reutilizados": {
                t: [d.id, d.tipo, d.nombre_archivo, d.fecha.isoformat(), d.mime, d.tamano]
                for t, d in self.reutilizados.items()
            },
        }

    def _guardar_borrador(self) -> None:
        borradores.guardar(self.clave_borrador(), self.borrador(), usuario=self.usuario)

    def _restaurar(self, b: dict[str, Any]) -> None:
        i = self.tipo.findData(b.get("tipo_apoyo_id"))
        if i >= 0:
            self.tipo.setCurrentIndex(i)
        if self.formulario is not None:
            self.formulario.fijar(b.get("respuestas") or {})
        for t, (i, tipo, nombre, escaneado, mime, tamano) in (b.get("reutilizados") or {}).items():
            if t in self.conv.documentos_requeridos:
                self.reutilizados[t] = DocumentoExpediente(
                    i, tipo, nombre, date.fromisoformat(escaneado), mime, tamano
                )
        self._pintar_documentos()
        rutas = dict(b.get("documentos") or {})
        if rutas:  # files are read and checked off the UI thread
            ejecutar(lambda: _leer_adjuntos(rutas), al_terminar=self._adjuntos_leidos, padre=self)

    def _adjuntos_leidos(self, leidos: dict[str, tuple[DocumentoNuevo, str]]) -> None:
        self.adjuntos.update(leidos)
        self._pintar_documentos()

    # ------------------------------------------------------------------ filing
    def datos(self) -> DatosSolicitud:
        return DatosSolicitud(
            ciudadano_id=self.ciudadano_id,
            convocatoria_id=self.conv.id,
            tipo_apoyo_id=self.tipo.currentData(),
            respuestas=self.formulario.respuestas() if self.formulario else {},
            documentos=[d for d, _r in self.adjuntos.values()],
            clave_captura=self.clave_captura,
            reutilizados={t: d.id for t, d in self.reutilizados.items()},
        )

    def errores_locales(self) -> list[str]:
        e = self.formulario.errores() if self.formulario else []
        e += [
            self.tr("Falta adjuntar: %s.") % t
            for t in self.conv.documentos_requeridos
            if not self._tiene(t)
        ]
        return e

    def presentar(self) -> None:
        if self.guardado.en_curso or self.guardado.esperando:
            return
        errores = self.errores_locales()
        if errores:
            self.errores.setText(
                self.tr("No se puede presentar todavía:\n• ") + "\n• ".join(errores)
            )
            return
        self.errores.clear()
        self._guardar_borrador()
        datos = self.datos()
        self.boton_presentar.setEnabled(False)
        self.guardado.guardar(lambda: ventanilla.presentar(datos))

    def _presentada(self, r) -> None:
        borradores.borrar(self.clave_borrador(), usuario=self.usuario)
        self.resultado = r
        self.presentada.emit(r)
        self.accept()

    def _fallo(self, e: ErrorSipros) -> None:
        self.boton_presentar.setEnabled(True)
        self.errores.setText(e.mensaje)

    def reject(self) -> None:
        self.guardado.cancelar()
        super().reject()


def _leer_adjuntos(rutas: dict[str, str]) -> dict[str, tuple[DocumentoNuevo, str]]:
    """The documents of a draft that can still be read (a moved file shows as missing)."""
    leidos = {}
    for tipo, ruta in rutas.items():
        try:
            leidos[tipo] = (documentos.leer(ruta, tipo), ruta)
        except ErrorSipros:
            continue
    return leidos


class DialogoAcuse(QDialog):
    """The receipt: a preview of the PDF, print through Qt's dialog, or save."""

    def __init__(self, solicitud_id: int, folio: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoAcuse")
        self.setWindowTitle(self.tr("Acuse de la solicitud %s") % folio)
        tamano_comodo(self, 760, 900)
        self.solicitud_id = solicitud_id
        self.folio = folio
        self.pdf: bytes | None = None
        self.titulo = QLabel(self.tr("Solicitud presentada con folio <b>%s</b>") % esc(folio))
        self.titulo.setObjectName("folioAcuse")
        self.titulo.setTextFormat(Qt.TextFormat.RichText)
        self.vista = QVBoxLayout()
        self.cargando = QLabel(self.tr("Preparando el acuse…"))
        self.vista.addWidget(self.cargando, 1)
        self.boton_imprimir = QPushButton(self.tr("&Imprimir…"))
        self.boton_imprimir.setObjectName("imprimirAcuse")
        self.boton_guardar = QPushButton(self.tr("&Guardar PDF…"))
        self.boton_cerrar = QPushButton(self.tr("Cerrar"))
        for b in (self.boton_imprimir, self.boton_guardar):
            b.setEnabled(False)
        self.boton_imprimir.clicked.connect(self.imprimir)
        self.boton_guardar.clicked.connect(self.guardar)
        self.boton_cerrar.clicked.connect(self.accept)
        botones = QHBoxLayout()
        botones.addStretch(1)
        for b in (self.boton_imprimir, self.boton_guardar, self.boton_cerrar):
            botones.addWidget(b)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addLayout(self.vista, 1)
        capa.addLayout(botones)
        ejecutar(lambda: self._preparar(solicitud_id), al_terminar=self._listo, padre=self)

    @staticmethod
    def _preparar(solicitud_id: int):
        pdf = acuse.pdf_de_solicitud(solicitud_id)
        return pdf, paginas_pdf(pdf, escala=1.2)

    def _listo(self, r) -> None:
        self.pdf, imagenes = r
        self.cargando.hide()
        self.paginas = Paginas(imagenes, ancho=680)
        self.vista.addWidget(self.paginas, 1)
        self.boton_imprimir.setEnabled(True)
        self.boton_guardar.setEnabled(True)
        self.boton_imprimir.setDefault(True)
        self.boton_imprimir.setFocus()

    def imprimir(self) -> None:
        if self.pdf is not None:
            dialogos.imprimir_pdf(self, self.pdf, self.tr("Acuse %s") % self.folio)

    def guardar(self) -> None:
        if self.pdf is None:
            return
        sugerido = f"acuse_{self.folio.replace('/', '')}.pdf"
        ruta = dialogos.guardar_archivo(self, self.tr("Guardar acuse"), sugerido, "PDF (*.pdf)")
        if ruta:
            try:
                Path(ruta).write_bytes(self.pdf)
            except OSError as e:
                dialogos.error(self, self.tr("No se pudo guardar el acuse: %s") % e.strerror)
