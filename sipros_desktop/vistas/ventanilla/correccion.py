"""«Corregir datos…» and «Atender corrección…»: the citizen's file (datos, CURP, domicilio,
contacto, cuestionario) and, when attending an application, its answers, support type and
documents — saved in one transaction with the reason, and the application back to review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import documentos
from sipros_desktop.servicios.correcciones import Actuales, Cambios, Resultado, corregir
from sipros_desktop.servicios.documentos import DocumentoNuevo
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.correcciones import HistorialCorrecciones
from sipros_desktop.vistas.comun.formato import fecha
from sipros_desktop.vistas.comun.formulario import FormularioDinamico
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.ventanilla.registro import GrupoDomicilio
from sipros_desktop.vistas.ventanilla.solicitud import FILTRO_DOCUMENTOS


def _desplazable(w: QWidget) -> QScrollArea:
    a = QScrollArea()
    a.setWidgetResizable(True)
    a.setWidget(w)
    return a


class DialogoCorregirDatos(QDialog):
    """Without an application: «Corregir datos…» of the file. With one in «Corrección»: what
    the official asked for on top, and *Regresar a revisión*."""

    corregido = Signal(object)  # servicios.correcciones.Resultado
    atendida = Signal(int)  # the application's new version, when it went back to review

    def __init__(self, actuales: Actuales, municipios: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dialogoCorregirDatos")
        self.actuales = a = actuales
        self.sol = s = actuales.solicitud
        self.atender = s is not None and s.estado == "Corrección"
        self.setWindowTitle(
            self.tr("Atender corrección — %s") % s.folio
            if self.atender
            else self.tr("Corregir datos — %s") % a.curp
        )
        tamano_comodo(self, 1000, 680)
        self.adjuntos: dict[str, DocumentoNuevo] = {}

        # --- what the official asked for (plain text: it comes from the database)
        self.pedido = QLabel()
        self.pedido.setObjectName("pedidoCorreccion")
        self.pedido.setTextFormat(Qt.TextFormat.PlainText)
        self.pedido.setWordWrap(True)
        self.pedido.setStyleSheet("background: #fff4e0; padding: 6px;")
        if s is not None and s.pedido:
            self.pedido.setText(
                self.tr("Lo que pidió el funcionario (%s): %s") % (s.pedido_por, s.pedido)
            )
        self.pedido.setVisible(s is not None)

        # --- datos personales and CURP
        self.nombre = QLineEdit(a.nombre)
        self.paterno = QLineEdit(a.apellido_paterno)
        self.materno = QLineEdit(a.apellido_materno)
        self.curp_nueva = QLineEdit()
        for w, n in ((self.nombre, "nombre"), (self.paterno, "paterno"),
                     (self.materno, "materno"), (self.curp_nueva, "curpNueva")):  # fmt: skip
            w.setObjectName(n)
            w.setMaxLength(80)
        self.curp_nueva.setMaxLength(18)
        self.curp_nueva.setPlaceholderText(self.tr("solo si RENAPO emitió una CURP corregida"))
        self.derivados = QLabel()
        self.derivados.setObjectName("derivadosCurp")
        self.derivados.setTextFormat(Qt.TextFormat.PlainText)
        self.derivados.setWordWrap(True)
        self.curp_nueva.textChanged.connect(self._curp_cambiada)
        personales = QWidget()
        fp = QFormLayout(personales)
        actual = QLabel(a.curp)
        actual.setTextFormat(Qt.TextFormat.PlainText)
        fp.addRow(self.tr("CURP actual:"), actual)
        fp.addRow(self.tr("CURP corregida:"), self.curp_nueva)
        fp.addRow(self.tr("Según la CURP:"), self.derivados)
        fp.addRow(self.tr("Nombre(s) *:"), self.nombre)
        fp.addRow(self.tr("Primer apellido *:"), self.paterno)
        fp.addRow(self.tr("Segundo apellido:"), self.materno)
        self._curp_cambiada()

        # --- domicilio: the registration's group and cascades
        self.domicilio = GrupoDomicilio(municipios)
        self.domicilio.fijar(a.domicilio)
        # only an address the clerk edited is saved (the lists arrive later and may not hold
        # an old file's localidad or colonia)
        self.domicilio_editado = False
        g = self.domicilio
        for w in (g.calle, g.num_ext, g.num_int, g.cp, g.latitud, g.longitud):
            w.textEdited.connect(self._domicilio_editado)
        for c in (g.municipio, g.localidad, g.colonia):
            c.activated.connect(self._domicilio_editado)

        # --- contacto
        self.telefono = QLineEdit(a.telefono)
        self.telefono.setObjectName("telefono")
        self.correo = QLineEdit(a.correo)
        self.correo.setObjectName("correo")
        self.acepta_sms = QCheckBox(self.tr("Acepta recibir por SMS los avisos de sus trámites"))
        self.acepta_sms.setChecked(a.acepta_sms)
        contacto = QWidget()
        fc = QFormLayout(contacto)
        fc.addRow(self.tr("Teléfono:"), self.telefono)
        fc.addRow("", self.acepta_sms)
        fc.addRow(self.tr("Correo electrónico:"), self.correo)

        # --- questionnaire (a new answer set; the previous one is kept)
        self.cuestionario = FormularioDinamico(a.cuestionario)
        self.cuestionario.fijar(a.respuestas_cuestionario)
        self._cuestionario_inicial = self.cuestionario.respuestas()  # only a change is saved

        self.pestanas = QTabWidget()
        self.pestanas.setObjectName("pestanasCorreccion")
        self.pestanas.addTab(personales, self.tr("Datos personales y CURP"))
        self.pestanas.addTab(_desplazable(self.domicilio), self.tr("Domicilio"))
        self.pestanas.addTab(contacto, self.tr("Contacto"))
        self.pestanas.addTab(_desplazable(self.cuestionario), self.tr("Cuestionario"))

        # --- the application: answers, support type, documents
        self.tipo = QComboBox()
        self.tipo.setObjectName("tipoApoyoCorreccion")
        self.respuestas: FormularioDinamico | None = None
        self.tabla = QTableWidget(0, 2)
        if s is not None:
            for t in s.tipos:
                self.tipo.addItem(t.nombre, t.id)
            self.tipo.setCurrentIndex(max(0, self.tipo.findData(s.tipo_apoyo_id)))
            w = QWidget()
            cw = QVBoxLayout(w)
            ft = QFormLayout()
            ft.addRow(self.tr("Tipo de apoyo:"), self.tipo)
            cw.addLayout(ft)
            if s.formulario is not None:
                self.respuestas = FormularioDinamico(s.formulario)
                self.respuestas.fijar(s.respuestas)
                self._respuestas_iniciales = self.respuestas.respuestas()
                cw.addWidget(self.respuestas, 1)
            else:
                cw.addStretch(1)
            self.pestanas.addTab(_desplazable(w), self.tr("Solicitud %s") % s.folio)
            self.tipos_doc = s.documentos_requeridos
            self.tabla.setRowCount(len(self.tipos_doc))
            self.tabla.setHorizontalHeaderLabels([self.tr("Documento"), self.tr("Archivo nuevo")])
            self.tabla.verticalHeader().hide()
            self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.tabla.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            self._pintar()
            if self.tipos_doc:
                self.tabla.selectRow(0)
            docs = QWidget()
            cd = QVBoxLayout(docs)
            cd.addWidget(self.tabla, 1)
            reemplazar = QPushButton(self.tr("&Reemplazar documento…"))
            reemplazar.clicked.connect(self.reemplazar)
            cd.addWidget(reemplazar, 0, Qt.AlignmentFlag.AlignRight)
            self.pestanas.addTab(docs, self.tr("Documentos"))

        # --- history of this file
        self.historial = HistorialCorrecciones()
        self.pestanas.addTab(self.historial, self.tr("Historial de correcciones"))
        self.historial.cargar(ciudadano_id=a.ciudadano_id)

        # --- reason and actions
        self.motivo = QLineEdit()
        self.motivo.setObjectName("motivoCorreccion")
        self.motivo.setMaxLength(1000)
        self.motivo.setPlaceholderText(
            self.tr("Qué se corrigió y por qué (p. ej. «El domicilio tenía otra calle»)")
        )
        self.comentario = self.motivo  # (the comment of the history row, when attending)
        self.errores = etiqueta_error("erroresCorreccion")
        self.motivo.textEdited.connect(lambda _t: self.errores.clear())
        self.boton_guardar = QPushButton(
            self.tr("Regresar a re&visión") if self.atender else self.tr("&Guardar corrección")
        )
        self.boton_guardar.setObjectName(
            "regresarRevision" if self.atender else "guardarCorreccion"
        )
        self.boton_guardar.setDefault(True)
        self.boton_guardar.clicked.connect(self.enviar)
        cancelar = QPushButton(self.tr("Cancelar"))
        cancelar.clicked.connect(self.reject)
        fm = QFormLayout()
        fm.addRow(self.tr("Motivo *:"), self.motivo)
        botones = QHBoxLayout()
        botones.addStretch(1)
        botones.addWidget(cancelar)
        botones.addWidget(self.boton_guardar)
        capa = QVBoxLayout(self)
        capa.addWidget(self.pedido)
        capa.addWidget(self.pestanas, 1)
        capa.addLayout(fm)
        capa.addWidget(self.errores)
        capa.addLayout(botones)

    # ------------------------------------------------------------------ behaviour
    def _curp_cambiada(self) -> None:
        texto = scurp.limpiar(self.curp_nueva.text())
        curp = texto or self.actuales.curp
        info = scurp.analizar(curp)
        if texto and not info.valida:
            self.derivados.setText(" ".join(info.errores))
        elif info.fecha_nacimiento:
            self.derivados.setText(
                self.tr("Nació el %s · %s · %s")
                % (
                    fecha(info.fecha_nacimiento),
                    scurp.SEXOS.get(info.sexo or "", ""),
                    info.entidad_nombre,
                )
            )

    def _domicilio_editado(self, *_a) -> None:
        self.domicilio_editado = True

    def _pintar(self) -> None:
        for fila, tipo in enumerate(self.tipos_doc):
            doc = self.adjuntos.get(tipo)
            self.tabla.setItem(fila, 0, QTableWidgetItem(tipo))
            self.tabla.setItem(
                fila, 1, QTableWidgetItem(doc.nombre_archivo if doc else self.tr("(sin cambio)"))
            )

    def reemplazar(self) -> None:
        filas = self.tabla.selectionModel().selectedRows() if self.sol else []
        if not filas:
            return
        tipo = self.tipos_doc[filas[0].row()]
        ruta = dialogos.abrir_archivo(
            self, self.tr("Documento corregido: %s") % tipo, FILTRO_DOCUMENTOS
        )
        if not ruta:
            return

        def listo(doc: DocumentoNuevo) -> None:
            self.adjuntos[tipo] = doc
            self.errores.clear()
            self._pintar()

        ejecutar(
            lambda: documentos.leer(ruta, tipo),
            al_terminar=listo,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def cambios(self) -> Cambios:
        a, s = self.actuales, self.sol
        nueva = scurp.limpiar(self.curp_nueva.text())
        info = scurp.analizar(nueva) if nueva else None
        motivo = self.motivo.text().strip()
        return Cambios(
            ciudadano_id=a.ciudadano_id,
            motivo=motivo,
            curp=nueva or None,
            fecha_nacimiento=info.fecha_nacimiento if info and info.valida else None,
            sexo=info.sexo if info and info.valida else None,
            nombre=self.nombre.text(),
            apellido_paterno=self.paterno.text(),
            apellido_materno=self.materno.text(),
            domicilio=self.domicilio.datos() if self.domicilio_editado else None,
            telefono=self.telefono.text(),
            correo=self.correo.text(),
            acepta_sms=self.acepta_sms.isChecked(),
            cuestionario=(
                None if (c := self.cuestionario.respuestas()) == self._cuestionario_inicial else c
            ),
            solicitud_id=s.id if s else None,
            version=s.version if s else None,
            respuestas=(
                r
                if self.respuestas
                and (r := self.respuestas.respuestas()) != self._respuestas_iniciales
                else None
            ),
            tipo_apoyo_id=self.tipo.currentData() if s else None,
            documentos=list(self.adjuntos.values()),
            regresar_a_revision=self.atender,
            comentario=motivo,
        )

    def enviar(self) -> None:
        if self.domicilio_editado and self.domicilio.cargando():
            self.errores.setText(self.tr("Espere a que carguen las localidades y colonias."))
            return
        k = self.cambios()
        self.boton_guardar.setEnabled(False)

        def listo(r: Resultado) -> None:
            self.resultado = r
            self.corregido.emit(r)
            if r.en_revision and r.version is not None:
                self.atendida.emit(r.version)
            self.accept()

        def fallo(e: ErrorSipros) -> None:
            self.boton_guardar.setEnabled(True)
            self.errores.setText(e.mensaje)

        ejecutar(lambda: corregir(k), al_terminar=listo, al_fallar=fallo, padre=self)
