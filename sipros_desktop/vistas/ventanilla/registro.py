"""The walk-in registration form: datos, domicilio (cascading catalogues), contacto, the
socio-economic questionnaire, the privacy notice and the possible duplicates.

Keyboard first: Tab follows the order of the screen, combos search as you type, Ctrl+S saves.
Every change is kept as a local draft.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import geografia, pobreza, ventanilla
from sipros_desktop.servicios.ventanilla import (
    Candidato,
    CatalogoRegistro,
    DatosCiudadano,
    DatosDomicilio,
)
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha
from sipros_desktop.vistas.comun.formulario import FormularioDinamico
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.texto import esc

ESPERA_DUPLICADOS_MS = 400
ELIJA = "— elija —"


def _combo(opciones: list[Any], vacio: str = ELIJA) -> QComboBox:
    c = QComboBox()
    llenar_combo(c, opciones, vacio)
    return c


def llenar_combo(c: QComboBox, opciones: list[Any], vacio: str = ELIJA) -> None:
    c.blockSignals(True)
    c.clear()
    c.addItem(vacio, None)
    for o in opciones:
        c.addItem(o.nombre, o.id)
        if getattr(o, "codigo_postal", None):
            c.setItemData(c.count() - 1, o.codigo_postal, Qt.ItemDataRole.UserRole + 1)
    c.blockSignals(False)


def _decimal(texto: str) -> Decimal | None:
    try:
        return Decimal(texto.strip()) if texto.strip() else None
    except InvalidOperation:
        return Decimal("NaN")


class FormularioRegistro(QWidget):
    guardar_pedido = Signal()
    descartar_pedido = Signal()
    abrir_expediente = Signal(int)  # a duplicate candidate's file
    cambiado = Signal()

    def __init__(
        self, catalogo: CatalogoRegistro, parent: QWidget | None = None, fuente: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formularioRegistro")
        self.catalogo = catalogo
        self.curp = ""
        self.info: scurp.InfoCurp | None = None
        self.clave_captura = uuid.uuid4()
        self.candidatos: list[Candidato] = []
        self._cargando = False

        # --- datos personales
        self.etiqueta_curp = QLabel()
        self.etiqueta_curp.setObjectName("curpRegistro")
        self.nombre = QLineEdit()
        self.paterno = QLineEdit()
        self.materno = QLineEdit()
        for w, nombre in ((self.nombre, "nombre"), (self.paterno, "paterno"),
                          (self.materno, "materno")):  # fmt: skip
            w.setObjectName(nombre)
            w.setMaxLength(80)
        self.derivados = QLabel()
        self.derivados.setObjectName("derivadosCurp")
        self.discrepancias = QLabel()
        self.discrepancias.setObjectName("discrepancias")
        self.discrepancias.setWordWrap(True)
        self.discrepancias.setStyleSheet("color: #9a5b00;")
        datos = QGroupBox(self.tr("Datos personales"))
        f = QFormLayout(datos)
        self._marcas: dict[str, QLabel] = {}
        f.addRow(self.tr("CURP:"), self.etiqueta_curp)
        f.addRow("", self._marca("curp"))
        f.addRow(self.tr("Nombre(s) *:"), self.nombre)
        f.addRow("", self._marca("nombre"))
        f.addRow(self.tr("Primer apellido *:"), self.paterno)
        f.addRow("", self._marca("paterno"))
        f.addRow(self.tr("Segundo apellido:"), self.materno)
        f.addRow(self.tr("Según la CURP:"), self.derivados)
        f.addRow(self.discrepancias)

        # --- possible duplicates (shown only when there are some)
        self.grupo_duplicados = QGroupBox(self.tr("Posibles duplicados"))
        self.grupo_duplicados.setObjectName("grupoDuplicados")
        self.tabla_duplicados = QTableWidget(0, 5)
        self.tabla_duplicados.setObjectName("tablaDuplicados")
        self.tabla_duplicados.setHorizontalHeaderLabels(
            [self.tr("CURP"), self.tr("Nombre"), self.tr("Municipio"), self.tr("Parecido"),
             self.tr("Decisión")]
        )  # fmt: skip
        self.tabla_duplicados.verticalHeader().hide()
        self.tabla_duplicados.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla_duplicados.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla_duplicados.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabla_duplicados.horizontalHeader().setStretchLastSection(True)
        self.tabla_duplicados.setMaximumHeight(150)
        self.boton_ver_duplicado = QPushButton(self.tr("Abrir expediente del seleccionado"))
        self.boton_ver_duplicado.clicked.connect(self._abrir_duplicado)
        aviso_dup = QLabel(
            self.tr(
                "Mismo día de nacimiento y sexo, y nombre parecido, con otra CURP. Revise con el "
                "ciudadano y decida en cada renglón antes de guardar."
            )
        )
        aviso_dup.setWordWrap(True)
        cd = QVBoxLayout(self.grupo_duplicados)
        cd.addWidget(aviso_dup)
        cd.addWidget(self.tabla_duplicados)
        cd.addWidget(self.boton_ver_duplicado, 0, Qt.AlignmentFlag.AlignRight)
        self.grupo_duplicados.hide()

        # --- domicilio (the same group, with its cascades, corrects an address later)
        self.grupo_domicilio = GrupoDomicilio(catalogo.municipios, self._marca, fuente=fuente)
        g = self.grupo_domicilio
        self.municipio, self.localidad, self.colonia = g.municipio, g.localidad, g.colonia
        self.calle, self.num_ext, self.num_int, self.cp = g.calle, g.num_ext, g.num_int, g.cp
        self.latitud, self.longitud = g.latitud, g.longitud
        dom = g

        # --- contacto
        self.telefono = QLineEdit()
        self.telefono.setObjectName("telefono")
        self.telefono.setValidator(QRegularExpressionValidator(r"[0-9 ()+-]{0,20}"))
        self.telefono.setPlaceholderText(self.tr("10 dígitos, p. ej. 442 123 4567"))
        self.acepta_sms = QCheckBox(
            self.tr("Acepta recibir por SMS los avisos de sus trámites (folio, correcciones, "
                    "fecha y lugar de entrega)")
        )  # fmt: skip
        self.acepta_sms.setObjectName("aceptaSms")
        self.correo = QLineEdit()
        self.correo.setObjectName("correo")
        contacto = QGroupBox(self.tr("Contacto"))
        fc = QFormLayout(contacto)
        fc.addRow(self.tr("Teléfono:"), self.telefono)
        fc.addRow("", self._marca("telefono"))
        fc.addRow("", self.acepta_sms)
        fc.addRow(self.tr("Correo electrónico:"), self.correo)
        fc.addRow("", self._marca("correo"))

        # --- socio-economic questionnaire (a form defined as data)
        self.cuestionario = FormularioDinamico(catalogo.cuestionario)
        cuis = QGroupBox(catalogo.cuestionario.nombre)
        QVBoxLayout(cuis).addWidget(self.cuestionario)

        # --- privacy notice
        self.aviso = QCheckBox(
            self.tr(
                "El ciudadano conoce el aviso de privacidad y acepta el tratamiento de sus datos"
            )
        )
        self.aviso.setObjectName("avisoPrivacidad")
        texto_aviso = QLabel(catalogo.aviso_privacidad)
        texto_aviso.setWordWrap(True)
        texto_aviso.setObjectName("textoAviso")
        grupo_aviso = QGroupBox(self.tr("Aviso de privacidad"))
        ca = QVBoxLayout(grupo_aviso)
        ca.addWidget(texto_aviso)
        ca.addWidget(self.aviso)
        ca.addWidget(self._marca("aviso"))

        # --- actions
        self.errores = etiqueta_error("erroresRegistro")
        self.estado = etiqueta_estado("estadoGuardado")
        self.boton_guardar = QPushButton(self.tr("Guardar ciudadano (Ctrl+S)"))
        self.boton_guardar.setObjectName("guardarCiudadano")
        self.boton_guardar.setDefault(True)
        self.boton_descartar = QPushButton(self.tr("Descartar captura"))
        self.boton_guardar.clicked.connect(self.guardar_pedido)
        self.boton_descartar.clicked.connect(self.descartar_pedido)
        botones = QHBoxLayout()
        botones.addWidget(self.estado, 1)
        botones.addWidget(self.boton_descartar)
        botones.addWidget(self.boton_guardar)

        contenido = QWidget()
        c = QVBoxLayout(contenido)
        for w in (datos, self.grupo_duplicados, dom, contacto, cuis, grupo_aviso):
            c.addWidget(w)
        c.addStretch(1)
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(contenido)
        self.desplazable = desplazable
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(desplazable, 1)
        capa.addWidget(self.errores)
        capa.addLayout(botones)
        QShortcut(QKeySequence("Ctrl+S"), self, self.guardar_pedido.emit)

        # --- behaviour
        g.cambiado.connect(self._avisar_cambio)
        self.reloj_duplicados = QTimer(self)
        self.reloj_duplicados.setSingleShot(True)
        self.reloj_duplicados.setInterval(ESPERA_DUPLICADOS_MS)
        self.reloj_duplicados.timeout.connect(self.buscar_duplicados)
        for w in (self.nombre, self.paterno, self.materno):
            w.textChanged.connect(self._nombre_cambiado)
        for w in (self.calle, self.num_ext, self.num_int, self.cp, self.latitud, self.longitud,
                  self.telefono, self.correo):  # fmt: skip
            w.textChanged.connect(self._avisar_cambio)
        self.aviso.toggled.connect(self._avisar_cambio)
        self.acepta_sms.toggled.connect(self._avisar_cambio)
        self.cuestionario.cambiado.connect(self._avisar_cambio)
        # the scroll area follows the keyboard focus
        for w in contenido.findChildren(QWidget):
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                w.installEventFilter(self)

    # ------------------------------------------------------------------ state
    def iniciar(self, curp: str) -> None:
        """A new capture for this (valid) CURP."""
        self._cargando = True
        self.clave_captura = uuid.uuid4()
        self.curp = scurp.limpiar(curp)
        self.info = scurp.analizar(self.curp)
        for w in (self.nombre, self.paterno, self.materno, self.calle, self.num_ext,
                  self.num_int, self.cp, self.latitud, self.longitud, self.telefono,
                  self.correo):  # fmt: skip
            w.clear()
        self.municipio.setCurrentIndex(0)
        self.aviso.setChecked(False)
        self.acepta_sms.setChecked(False)
        # the household's first member is the applicant: sex and age from the CURP
        self.cuestionario.fijar(pobreza.respuestas_iniciales(
            self.catalogo.cuestionario, self.info.fecha_nacimiento if self.info else None,
            self.info.sexo if self.info else None, self.catalogo.hoy,
        ))  # fmt: skip
        self.candidatos = []
        self._mostrar_candidatos([])
        self.limpiar_errores()
        self.estado.clear()
        self._cargando = False
        self._mostrar_curp()
        self.nombre.setFocus()

    def _mostrar_curp(self) -> None:
        i = self.info
        self.etiqueta_curp.setTextFormat(Qt.TextFormat.RichText)
        self.etiqueta_curp.setText(f"<b>{esc(self.curp)}</b>")
        if i is not None and i.fecha_nacimiento:
            self.derivados.setText(
                self.tr("Nació el %s · %s · %s")
                % (fecha(i.fecha_nacimiento), scurp.SEXOS.get(i.sexo or "", ""), i.entidad_nombre)
            )
        self._revisar_discrepancias()

    # ------------------------------------------------------------------ errors next to fields
    def _marca(self, campo: str) -> QLabel:
        """The short red text under a field, shown only while that field has a problem."""
        marca = QLabel()
        marca.setObjectName(f"error_{campo}")
        marca.setWordWrap(True)
        marca.setStyleSheet("color: #B00020; font-size: 9pt;")
        marca.hide()
        self._marcas[campo] = marca
        return marca

    def _campos(self) -> dict[str, QWidget]:
        return {
            "curp": self.etiqueta_curp, "nombre": self.nombre, "paterno": self.paterno,
            "municipio": self.municipio, "calle": self.calle, "cp": self.cp,
            "coordenadas": self.latitud, "telefono": self.telefono, "correo": self.correo,
            "aviso": self.aviso,
        }  # fmt: skip

    def limpiar_errores(self) -> None:
        self.errores.clear()
        self.cuestionario.limpiar_marcas()
        for marca in self._marcas.values():
            marca.clear()
            marca.hide()
        for w in self._campos().values():
            w.setStyleSheet("")

    def mostrar_errores(self, errores: list[tuple[str, str]]) -> None:
        """Each problem next to its field (red border and a short text under it), one summary
        line at the bottom, and the focus on the first field to fix."""
        self.limpiar_errores()
        campos = self._campos()
        textos: dict[str, list[str]] = {}
        otros: list[str] = []
        preguntas: dict[str, str] = {}
        for campo, mensaje in errores:
            if campo in self._marcas:
                textos.setdefault(campo, []).append(mensaje)
            elif campo.startswith("pregunta:"):
                preguntas.setdefault(campo.removeprefix("pregunta:"), mensaje)
            else:
                otros.append(mensaje)
        primera_pregunta = self.cuestionario.marcar(preguntas)
        for campo, mensajes in textos.items():
            self._marcas[campo].setText(" ".join(mensajes))
            self._marcas[campo].show()
            if isinstance(campos[campo], QLineEdit):  # (a border breaks combo boxes' size)
                campos[campo].setStyleSheet("border: 2px solid #B00020;")
        n = len(errores)
        resumen = (
            self.tr("Falta corregir 1 dato (marcado en rojo).")
            if n == 1
            else self.tr("Falta corregir %d datos (marcados en rojo).") % n
        )
        if otros:
            resumen += " " + " ".join(otros[:3]) + (" …" if len(otros) > 3 else "")
        self.errores.setText(resumen)
        primero = next((campos[c] for c, _m in errores if c in textos and c != "curp"), None)
        primero = primero or primera_pregunta
        if primero is not None:
            self.desplazable.ensureWidgetVisible(primero)
            primero.setFocus()

    def datos(self) -> DatosCiudadano:
        i = self.info
        return DatosCiudadano(
            curp=self.curp,
            nombre=self.nombre.text().strip(),
            apellido_paterno=self.paterno.text().strip(),
            apellido_materno=self.materno.text().strip(),
            fecha_nacimiento=i.fecha_nacimiento if i else None,
            sexo=(i.sexo if i else "") or "",
            entidad_nacimiento=(i.entidad if i else "") or "",
            telefono=self.telefono.text().strip(),
            correo=self.correo.text().strip(),
            acepta_sms=self.acepta_sms.isChecked(),
            domicilio=self.grupo_domicilio.datos(),
            aviso_aceptado=self.aviso.isChecked(),
            cuestionario_id=self.catalogo.cuestionario.id,
            respuestas=self.cuestionario.respuestas(),
            decisiones=self.decisiones(),
            clave_captura=self.clave_captura,
        )

    def decisiones(self) -> dict[int, str]:
        r = {}
        for fila, c in enumerate(self.candidatos):
            combo = self.tabla_duplicados.cellWidget(fila, 4)
            if combo is not None and combo.currentIndex() > 0:
                r[c.id] = combo.currentText()
        return r

    def pendientes_de_decidir(self) -> int:
        return len(self.candidatos) - len(self.decisiones())

    # ------------------------------------------------------------------ drafts
    def borrador(self) -> dict[str, Any]:
        return {
            "tipo": "registro",
            "curp": self.curp,
            "clave_captura": str(self.clave_captura),
            "campos": {
                "nombre": self.nombre.text(),
                "paterno": self.paterno.text(),
                "materno": self.materno.text(),
                "calle": self.calle.text(),
                "num_ext": self.num_ext.text(),
                "num_int": self.num_int.text(),
                "cp": self.cp.text(),
                "latitud": self.latitud.text(),
                "longitud": self.longitud.text(),
                "telefono": self.telefono.text(),
                "correo": self.correo.text(),
            },
            "municipio_id": self.municipio.currentData(),
            "localidad_id": self.localidad.currentData(),
            "colonia_id": self.colonia.currentData(),
            "aviso": self.aviso.isChecked(),
            "acepta_sms": self.acepta_sms.isChecked(),
            "respuestas": self.cuestionario.respuestas(),
        }

    def restaurar(self, b: dict[str, Any]) -> None:
        self.iniciar(b["curp"])
        self._cargando = True
        self.clave_captura = uuid.UUID(b["clave_captura"])
        for nombre, valor in b.get("campos", {}).items():
            w = {"num_ext": self.num_ext, "num_int": self.num_int}.get(nombre) or getattr(
                self, nombre, None
            )
            if isinstance(w, QLineEdit):
                w.setText(valor or "")
        self.grupo_domicilio.elegir(
            b.get("municipio_id"), b.get("localidad_id"), b.get("colonia_id")
        )
        self.aviso.setChecked(bool(b.get("aviso")))
        self.acepta_sms.setChecked(bool(b.get("acepta_sms")))
        self.cuestionario.fijar(b.get("respuestas") or {})
        self._cargando = False
        self._revisar_discrepancias()
        self.reloj_duplicados.start()

    # ------------------------------------------------------------------ behaviour
    def _avisar_cambio(self) -> None:
        if not self._cargando:
            self.cambiado.emit()

    def _nombre_cambiado(self) -> None:
        self._revisar_discrepancias()
        self.reloj_duplicados.start()
        self._avisar_cambio()

    def _revisar_discrepancias(self) -> None:
        d = self.datos()
        if not (d.nombre and d.apellido_paterno):
            self.discrepancias.clear()
            return
        lista = d.discrepancias()
        self.discrepancias.setText(
            self.tr("La CURP no coincide con el nombre capturado:\n") + "\n".join(lista)
            if lista
            else ""
        )

    def buscar_duplicados(self) -> None:
        d = self.datos()
        if not (d.nombre and d.apellido_paterno and d.fecha_nacimiento):
            return
        ejecutar(
            lambda: ventanilla.candidatos_duplicados(
                d.curp,
                d.nombre,
                d.apellido_paterno,
                d.apellido_materno or None,
                d.fecha_nacimiento,
                d.sexo,
            ),
            al_terminar=self._mostrar_candidatos,
            padre=self,
        )

    def _mostrar_candidatos(self, candidatos: list[Candidato]) -> None:
        previas = self.decisiones()
        self.candidatos = candidatos
        t = self.tabla_duplicados
        t.setRowCount(len(candidatos))
        for fila, c in enumerate(candidatos):
            for col, texto in enumerate(
                (c.curp, c.nombre_completo, c.municipio or "", f"{c.similitud:.0%}")
            ):
                t.setItem(fila, col, QTableWidgetItem(texto))
            combo = QComboBox()
            combo.addItems([self.tr("— decida —"), *ventanilla.DECISIONES])
            if c.id in previas:
                combo.setCurrentText(previas[c.id])
            combo.currentIndexChanged.connect(self._avisar_cambio)
            t.setCellWidget(fila, 4, combo)
        self.grupo_duplicados.setVisible(bool(candidatos))

    def _abrir_duplicado(self) -> None:
        filas = self.tabla_duplicados.selectionModel().selectedRows()
        if filas:
            self.abrir_expediente.emit(self.candidatos[filas[0].row()].id)

    def eventFilter(self, objeto, evento) -> bool:
        from PySide6.QtCore import QEvent

        if evento.type() == QEvent.Type.FocusIn and isinstance(objeto, QWidget):
            self.desplazable.ensureWidgetVisible(objeto, 20, 40)
        return False


def _elegir(combo: QComboBox, valor: Any) -> None:
    i = combo.findData(valor) if valor is not None else 0
    combo.setCurrentIndex(max(i, 0))


class GrupoDomicilio(QGroupBox):
    """The address with its cascades (municipio → localidad → colonia, the colonia fills the
    CP): the registration's group, reused to correct an address. ``fuente`` answers
    ``localidades(municipio)`` and ``colonias(municipio, localidad)``: the database's
    catalogues (``servicios.geografia``), or a field brigade's kit."""

    cambiado = Signal()

    def __init__(
        self, municipios: list[Any], marca=None, parent: QWidget | None = None, fuente: Any = None
    ) -> None:
        super().__init__(self.tr("Domicilio"), parent)
        self.setObjectName("grupoDomicilio")
        self.fuente = fuente or geografia
        marca = marca or (lambda _campo: QLabel())
        self._pendiente_localidad: int | None = None
        self._pendiente_colonia: int | None = None
        self.municipio = _combo(municipios)
        self.localidad = _combo([], self.tr("— sin localidad —"))
        self.colonia = _combo([], self.tr("— sin colonia —"))
        self.calle = QLineEdit()
        self.num_ext = QLineEdit()
        self.num_int = QLineEdit()
        self.cp = QLineEdit()
        self.latitud = QLineEdit()
        self.longitud = QLineEdit()
        for w, nombre in (
            (self.municipio, "municipio"), (self.localidad, "localidad"),
            (self.colonia, "colonia"), (self.calle, "calle"), (self.num_ext, "numExt"),
            (self.num_int, "numInt"), (self.cp, "cp"), (self.latitud, "latitud"),
            (self.longitud, "longitud"),
        ):  # fmt: skip
            w.setObjectName(nombre)
        self.num_ext.setMaxLength(20)
        self.num_int.setMaxLength(20)
        self.cp.setValidator(QRegularExpressionValidator(r"[0-9]{0,5}"))
        self.latitud.setPlaceholderText(self.tr("opcional, p. ej. 20.5931"))
        self.longitud.setPlaceholderText(self.tr("opcional, p. ej. -100.3920"))
        fd = QFormLayout(self)
        fd.addRow(self.tr("Municipio *:"), self.municipio)
        fd.addRow("", marca("municipio"))
        fd.addRow(self.tr("Localidad:"), self.localidad)
        fd.addRow(self.tr("Colonia:"), self.colonia)
        fd.addRow(self.tr("Calle *:"), self.calle)
        fd.addRow("", marca("calle"))
        numeros = QHBoxLayout()
        numeros.addWidget(self.num_ext)
        numeros.addWidget(QLabel(self.tr("Interior:")))
        numeros.addWidget(self.num_int)
        fd.addRow(self.tr("Número exterior:"), numeros)
        fd.addRow(self.tr("Código postal:"), self.cp)
        fd.addRow("", marca("cp"))
        coords = QHBoxLayout()
        coords.addWidget(self.latitud)
        coords.addWidget(self.longitud)
        fd.addRow(self.tr("Coordenadas:"), coords)
        fd.addRow("", marca("coordenadas"))
        self.municipio.currentIndexChanged.connect(self._municipio_cambiado)
        self.localidad.currentIndexChanged.connect(self._localidad_cambiada)
        self.colonia.currentIndexChanged.connect(self._colonia_cambiada)
        for w in (self.calle, self.num_ext, self.num_int, self.cp, self.latitud, self.longitud):
            w.textChanged.connect(self.cambiado)

    def datos(self) -> DatosDomicilio:
        return DatosDomicilio(
            municipio_id=self.municipio.currentData(),
            localidad_id=self.localidad.currentData(),
            colonia_id=self.colonia.currentData(),
            calle=self.calle.text().strip(),
            numero_exterior=self.num_ext.text().strip(),
            numero_interior=self.num_int.text().strip(),
            codigo_postal=self.cp.text().strip(),
            latitud=_decimal(self.latitud.text()),
            longitud=_decimal(self.longitud.text()),
        )

    def elegir(self, municipio: int | None, localidad: int | None, colonia: int | None) -> None:
        """Select a municipio; its localidad and colonia once their lists arrive."""
        self._pendiente_localidad = localidad
        self._pendiente_colonia = colonia
        _elegir(self.municipio, municipio)

    def fijar(self, d: DatosDomicilio) -> None:
        for w, v in ((self.calle, d.calle), (self.num_ext, d.numero_exterior),
                     (self.num_int, d.numero_interior), (self.cp, d.codigo_postal),
                     (self.latitud, "" if d.latitud is None else str(d.latitud)),
                     (self.longitud, "" if d.longitud is None else str(d.longitud))):  # fmt: skip
            w.setText(v or "")
        self.elegir(d.municipio_id, d.localidad_id, d.colonia_id)

    def cargando(self) -> bool:
        """True while the lists of a municipio are still on their way."""
        return self._pendiente_localidad is not None or self._pendiente_colonia is not None

    def _municipio_cambiado(self) -> None:
        mid = self.municipio.currentData()
        llenar_combo(self.localidad, [], self.tr("— sin localidad —"))
        llenar_combo(self.colonia, [], self.tr("— sin colonia —"))
        if mid is not None:
            ejecutar(
                lambda: (self.fuente.localidades(mid), self.fuente.colonias(mid)),
                al_terminar=self._geografia_cargada,
                padre=self,
            )
        self.cambiado.emit()

    def _geografia_cargada(self, r) -> None:
        locs, cols = r
        llenar_combo(self.localidad, locs, self.tr("— sin localidad —"))
        llenar_combo(self.colonia, cols, self.tr("— sin colonia —"))
        if self._pendiente_localidad:
            _elegir(self.localidad, self._pendiente_localidad)
        if self._pendiente_colonia:
            _elegir(self.colonia, self._pendiente_colonia)
        if not self._pendiente_localidad:  # else the localidad's own list brings the colonia
            self._pendiente_colonia = None
        self._pendiente_localidad = None

    def _localidad_cambiada(self) -> None:
        mid, lid = self.municipio.currentData(), self.localidad.currentData()
        if mid is not None:
            ejecutar(
                lambda: self.fuente.colonias(mid, lid),
                al_terminar=self._colonias_cargadas,
                padre=self,
            )
        self.cambiado.emit()

    def _colonias_cargadas(self, cols) -> None:
        llenar_combo(self.colonia, cols, self.tr("— sin colonia —"))
        if self._pendiente_colonia:
            _elegir(self.colonia, self._pendiente_colonia)
            self._pendiente_colonia = None

    def _colonia_cambiada(self) -> None:
        cp = self.colonia.currentData(Qt.ItemDataRole.UserRole + 1)
        if cp and not self.cp.text():
            self.cp.setText(cp)
        self.cambiado.emit()


def confirmar_discrepancias(padre: QWidget, datos: DatosCiudadano) -> bool:
    """True when the CURP follows from the captured name, or the clerk confirms saving anyway
    (RENAPO's rules: the clerk checks the name against the citizen's document)."""
    discrepancias = datos.discrepancias()
    return not discrepancias or dialogos.confirmar(
        padre,
        padre.tr(
            "La CURP no corresponde al nombre capturado:\n\n%s\n\nRevise el nombre con el "
            "documento del ciudadano. ¿Guardar así de todos modos?"
        )
        % "\n".join(discrepancias),
    )
