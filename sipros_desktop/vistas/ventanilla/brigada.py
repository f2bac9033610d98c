"""Ventanilla → Brigada: field brigades that register citizens and file applications without a
connection (``servicios.brigada``).

Five tabs: «Paquete» (online: the open calls and the municipalities to take, the days; the kit
on this PC), «Registrar» (the registration form and the CUIS, checked against the kit),
«Solicitud» (for a person captured here or registered before, by CURP: the calls with their
eligibility, the call's form and documents, then the provisional acuse), «Por sincronizar»
(the journal and «Sincronizar») and «Por revisar» (what the sync could not apply, with what can
be done and a note). Only «Paquete», «Sincronizar» and one review decision reach the database;
the rest reads the kit and writes the local journal.

The same panel is the whole window of a login without the server (``sin_conexion``, see
``vistas.brigada_sin_conexion``): there «Paquete» only shows the kit on this PC, «Sincronizar»
says it needs the connection and the review decision that asks the server is not offered.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorConexion, ErrorSipros
from sipros_desktop.servicios import brigada
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios.documentos import DocumentoNuevo
from sipros_desktop.servicios.geografia import Opcion
from sipros_desktop.servicios.ventanilla import CatalogoRegistro, ConvocatoriaDisponible
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.campo_curp import fila_curp, leer_curp
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora
from sipros_desktop.vistas.comun.mensajes import decir, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo
from sipros_desktop.vistas.ventanilla.registro import FormularioRegistro, confirmar_discrepancias
from sipros_desktop.vistas.ventanilla.solicitud import DialogoSolicitud

PAQUETE, REGISTRAR, SOLICITUD, POR_SINCRONIZAR, POR_REVISAR = range(5)
ESTADOS = {
    "pendiente": "Pendiente",
    "aplicada": "Aplicada",
    "conflicto": "Por revisar",
    "descartada": "Descartada",
}
TIPOS = {"registro": "Registro", "solicitud": "Solicitud", "ilegible": "Renglón ilegible"}
COLOR_AVISO = "#9a5b00"
NECESITA_SERVIDOR = "Necesita la conexión con el servidor."


def _texto(etiqueta: QLabel) -> QLabel:
    """A label that shows data: plain text, wrapped."""
    etiqueta.setTextFormat(Qt.TextFormat.PlainText)
    etiqueta.setWordWrap(True)
    return etiqueta


def _tabla(encabezados: list[str], nombre: str) -> QTableWidget:
    t = QTableWidget(0, len(encabezados))
    t.setObjectName(nombre)
    t.setHorizontalHeaderLabels(encabezados)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _llenar(t: QTableWidget, filas: list[tuple[str, ...]], gris: frozenset[int] = frozenset()):
    t.setRowCount(len(filas))
    for i, valores in enumerate(filas):
        for j, v in enumerate(valores):
            item = QTableWidgetItem(v)
            item.setToolTip(v)
            if i in gris:
                item.setForeground(Qt.GlobalColor.gray)
            t.setItem(i, j, item)


def _cuando(texto: Any) -> str:
    try:
        return fecha_hora(datetime.fromisoformat(str(texto)))
    except ValueError:
        return str(texto or "")


def _mb(n: int | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:,.1f} MB"


def _cuantas(n: int, una: str, varias: str) -> str:
    return f"{n} {una if n == 1 else varias}"


def _convocatoria(programa: str, nombre: str) -> str:
    """A call as a list shows it: its name, after its programme's unless it says it."""
    if brigada.normaliza(nombre).startswith(brigada.normaliza(programa)):
        return nombre
    return f"{programa} · {nombre}"


def _mismo(a: brigada.Kit | None, b: brigada.Kit | None) -> bool:
    """The same kit, read again from its file (or no kit either time)."""
    return (a is None and b is None) or (a is not None and b is not None and a.id == b.id)


def _quien(e: brigada.Estado, estados: dict[str, brigada.Estado]) -> str:
    """Who a capture is about: the name and CURP captured, or the CURP registered before."""
    c = e.captura
    if c.get("tipo") == "registro":
        d = c.get("datos") or {}
        nombre = " ".join(
            str(d.get(k) or "") for k in ("nombre", "apellido_paterno", "apellido_materno")
        ).split()
        return f"{' '.join(nombre).upper()} ({d.get('curp', '')})"
    if c.get("tipo") == "solicitud":
        p = c.get("persona") or {}
        if p.get("registro") and p["registro"] in estados:
            return _quien(estados[p["registro"]], estados)
        return f"{p.get('curp', '')} (registrada antes)"
    return f"renglón {c.get('renglon', '')}"


# --------------------------------------------------------------------------- the kit's data


class GeografiaDelPaquete:
    """The address cascades from the kit (``GrupoDomicilio``'s ``fuente``): no database."""

    def __init__(self, kit: brigada.Kit) -> None:
        self.kit = kit

    def localidades(self, municipio_id: int) -> list[Opcion]:
        m = self.kit.municipio(municipio_id) or {}
        return [Opcion(x["id"], "", x["nombre"]) for x in m.get("localidades", [])]

    def colonias(self, municipio_id: int, localidad_id: int | None = None) -> list[Opcion]:
        m = self.kit.municipio(municipio_id) or {}
        return [
            Opcion(x["id"], "", x["nombre"], x.get("codigo_postal"))
            for x in m.get("colonias", [])
            if localidad_id is None or x.get("localidad_id") in (localidad_id, None)
        ]


class FormularioBrigada(FormularioRegistro):
    """The Ventanilla's registration form over the kit: its municipalities and their
    localities and colonias, its CUIS and privacy notice. Instead of the database's possible
    duplicates, the kit says when someone with this name and birth date is registered: a
    warning, not a stop (the sync sends it to review)."""

    def __init__(self, kit: brigada.Kit, parent: QWidget | None = None) -> None:
        catalogo = CatalogoRegistro(
            municipios=[Opcion(m["id"], m["clave"], m["nombre"]) for m in kit.municipios],
            cuestionario=kit.cuestionario,
            aviso_privacidad=kit.aviso_privacidad,
            hoy=date.today(),
        )
        super().__init__(catalogo, parent, fuente=GeografiaDelPaquete(kit))
        self.setObjectName("formularioBrigada")
        self.kit = kit
        self.aviso_parecido = _texto(
            QLabel(
                self.tr(
                    "Alguien con este nombre y esta fecha de nacimiento ya está registrado (con "
                    "otra CURP). Pregunte si ya se registró antes: si es la misma persona, "
                    "presente su solicitud con la CURP con que se registró. Si se guarda, al "
                    "sincronizar se revisa como posible duplicado."
                )
            )
        )
        self.aviso_parecido.setObjectName("avisoParecido")
        self.aviso_parecido.setStyleSheet(f"color: {COLOR_AVISO}; font-weight: bold;")
        self.aviso_parecido.hide()
        self.layout().insertWidget(0, self.aviso_parecido)
        self.boton_guardar.setText(self.tr("Guardar en el diario (Ctrl+S)"))

    def iniciar(self, curp: str) -> None:
        super().iniciar(curp)
        self.aviso_parecido.hide()

    def buscar_duplicados(self) -> None:
        d = self.datos()
        parecido = bool(d.nombre and d.apellido_paterno and d.fecha_nacimiento) and (
            self.kit.parecido_registrado(
                d.nombre, d.apellido_paterno, d.apellido_materno or None, d.fecha_nacimiento, d.sexo
            )
        )
        self.aviso_parecido.setVisible(parecido)


class DialogoSolicitudBrigada(DialogoSolicitud):
    """The Ventanilla's application dialog, offline: the documents are read and checked here
    with the kit's size limit, and «Guardar e imprimir acuse» writes the application to the
    brigade's journal with a provisional folio (``registro``)."""

    def __init__(
        self,
        kit: brigada.Kit,
        persona: brigada.Persona,
        conv: ConvocatoriaDisponible,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            0, persona.nombre or persona.curp, conv, kit.formulario(conv.formulario_id), parent
        )
        self.setObjectName("dialogoSolicitudBrigada")
        self.setWindowTitle(self.tr("Solicitud sin conexión — %s") % conv.nombre)
        self.kit = kit
        self.persona = persona
        self.registro: dict[str, Any] | None = None
        # the citizen's file is on the server: only new scans here
        self.boton_expediente.hide()
        self.boton_presentar.setText(self.tr("Guardar e imprimir acuse (Ctrl+Enter)"))

    def _guardar_borrador(self) -> None:
        """(The Ventanilla's drafts are of citizens with a file: none here.)"""

    def adjuntar(self) -> None:
        tipo = self._tipo_actual()
        if tipo is None:
            return
        ruta = dialogos.abrir_archivo(
            self, self.tr("Adjuntar: %s") % tipo, "Documentos (*.pdf *.jpg *.jpeg *.png);;Todos (*)"
        )
        if not ruta:
            return
        kit = self.kit
        ejecutar(
            lambda: brigada.leer_documento(kit, ruta, tipo),
            al_terminar=lambda doc: self._adjuntado(doc, ruta),
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def presentar(self) -> None:
        if self.registro is not None:
            return
        errores = self.errores_locales()
        if errores:
            self.errores.setText(self.tr("No se puede guardar todavía:\n• ") + "\n• ".join(errores))
            return
        docs: list[DocumentoNuevo] = [d for d, _r in self.adjuntos.values()]
        try:
            self.registro = brigada.presentar(
                self.kit,
                self.persona,
                self.conv.id,
                self.tipo.currentData(),
                self.formulario.respuestas() if self.formulario else {},
                docs,
            )
        except (ErrorSipros, OSError) as e:
            self.errores.setText(getattr(e, "mensaje", None) or str(e))
            return
        self.errores.clear()
        self.presentada.emit(self.registro)
        self.accept()


class DialogoResumen(QDialog):
    """What a synchronisation did: registered, filed, conflicts, and each provisional folio
    with the database's."""

    def __init__(self, r: brigada.ResumenSincronizacion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoResumenBrigada")
        self.setWindowTitle(self.tr("Sincronización de la brigada"))
        tamano_comodo(self, 760, 520)
        self.revisar = False
        partes = [
            self.tr("Registrados: %d") % r.registrados,
            self.tr("Solicitudes presentadas: %d") % r.presentadas,
            self.tr("Conflictos por revisar: %d") % len(r.conflictos),
        ]
        if r.ya_aplicadas:
            partes.append(self.tr("Ya aplicadas antes: %d") % r.ya_aplicadas)
        if r.en_espera:
            partes.append(self.tr("Esperan la revisión de su registro: %d") % r.en_espera)
        if r.pendientes:
            partes.append(self.tr("Sin enviar todavía: %d") % r.pendientes)
        self.cifras = _texto(QLabel(" · ".join(partes)))
        self.cifras.setObjectName("cifrasSincronizacion")
        self.cifras.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.folios = _tabla([self.tr("Folio provisional"), self.tr("Folio")], "tablaFolios")
        _llenar(self.folios, sorted(r.folios.items()))
        self.folios.setCurrentCell(-1, -1)
        grupo = QGroupBox(self.tr("Folios de las solicitudes"))
        QVBoxLayout(grupo).addWidget(self.folios)
        capa = QVBoxLayout(self)
        capa.addWidget(self.cifras)
        if r.folios:
            capa.addWidget(grupo, 1)
        if r.conflictos:
            n = len(r.conflictos)
            conflictos = _texto(
                QLabel(
                    (
                        self.tr("1 captura no se aplicó y espera")
                        if n == 1
                        else self.tr("%d capturas no se aplicaron y esperan") % n
                    )
                    + self.tr(" en «Por revisar» con el motivo y lo que se puede hacer.")
                )
            )
            conflictos.setStyleSheet(f"color: {COLOR_AVISO};")
            capa.addWidget(conflictos)
        if not r.folios:
            capa.addStretch(1)
        botones = QHBoxLayout()
        botones.addStretch(1)
        if r.conflictos:
            ver = QPushButton(self.tr("Ir a «Por revisar»"))
            ver.setObjectName("irARevisar")
            ver.clicked.connect(self._a_revisar)
            botones.addWidget(ver)
        cerrar = QPushButton(self.tr("Cerrar"))
        cerrar.setDefault(True)
        cerrar.clicked.connect(self.accept)
        botones.addWidget(cerrar)
        capa.addLayout(botones)

    def _a_revisar(self) -> None:
        self.revisar = True
        self.accept()


# --------------------------------------------------------------------------- the tabs


class PestanaPaquete(QWidget):
    """Online: choose the calls and the municipalities, download; and the kit on this PC."""

    descargado = Signal(object)  # Kit

    def __init__(self, parent: QWidget | None = None, *, sin_conexion: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pestanaPaquete")
        self.kit: brigada.Kit | None = None
        self.cargadas = False
        self.sin_conexion = sin_conexion
        self.convocatorias = QListWidget()
        self.convocatorias.setObjectName("convocatoriasPaquete")
        self.municipios = QListWidget()
        self.municipios.setObjectName("municipiosPaquete")
        self.filtro = QLineEdit()
        self.filtro.setObjectName("filtroMunicipios")
        self.filtro.setPlaceholderText(self.tr("Filtrar municipios"))
        self.filtro.setClearButtonEnabled(True)
        self.filtro.textChanged.connect(self._filtrar)
        self.dias = QSpinBox()
        self.dias.setObjectName("diasPaquete")
        self.dias.setRange(1, 30)
        self.dias.setValue(brigada.DIAS_VIGENCIA)
        self.dias.setSuffix(self.tr(" días"))
        self.boton_listas = QPushButton(self.tr("Recargar listas"))
        self.boton_listas.clicked.connect(self.cargar_listas)
        self.boton_descargar = QPushButton(self.tr("&Descargar paquete"))
        self.boton_descargar.setObjectName("descargarPaquete")
        self.boton_descargar.clicked.connect(self.descargar)
        self.progreso = QProgressBar()
        self.progreso.setObjectName("progresoPaquete")
        self.progreso.setRange(0, 0)  # the server prepares it in one go: busy
        self.progreso.setMaximumWidth(220)
        self.progreso.hide()
        self.mensaje = etiqueta_estado("mensajePaquete")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)

        izquierda = QGroupBox(self.tr("Convocatorias abiertas hoy (las que tomará la brigada)"))
        QVBoxLayout(izquierda).addWidget(self.convocatorias)
        derecha = QGroupBox(self.tr("Municipios que recorrerá (de 1 a 20)"))
        cd = QVBoxLayout(derecha)
        cd.addWidget(self.filtro)
        cd.addWidget(self.municipios)
        listas = QHBoxLayout()
        listas.addWidget(izquierda, 3)
        listas.addWidget(derecha, 2)
        acciones = QHBoxLayout()
        acciones.addWidget(QLabel(self.tr("Vigencia:")))
        acciones.addWidget(self.dias)
        acciones.addWidget(self.progreso)
        acciones.addWidget(self.mensaje, 1)
        acciones.addWidget(self.boton_listas)
        acciones.addWidget(self.boton_descargar)
        elegir = QGroupBox(self.tr("Qué llevar (con conexión, antes de salir)"))
        ce = QVBoxLayout(elegir)
        ce.addLayout(listas, 1)
        ce.addLayout(acciones)
        self.elegir = elegir

        # the kit on this PC
        self.valido = _texto(QLabel())
        self.valido.setObjectName("paqueteVence")
        self.contenido_convs = _texto(QLabel())
        self.contenido_convs.setObjectName("paqueteConvocatorias")
        self.contenido_muns = _texto(QLabel())
        self.contenido_muns.setObjectName("paqueteMunicipios")
        self.tamano = _texto(QLabel())
        self.tamano.setObjectName("paqueteTamano")
        actual = QGroupBox(self.tr("Paquete en este equipo"))
        fa = QFormLayout(actual)
        fa.addRow(self.tr("Vigencia:"), self.valido)
        fa.addRow(self.tr("Convocatorias:"), self.contenido_convs)
        fa.addRow(self.tr("Municipios:"), self.contenido_muns)
        fa.addRow(self.tr("Tamaño:"), self.tamano)

        capa = QVBoxLayout(self)
        if sin_conexion:  # only the kit on this PC: another one is downloaded online
            aviso = _texto(
                QLabel(
                    self.tr(
                        "Sin conexión se trabaja con el paquete de este equipo hasta que venza. "
                        "Otro paquete se descarga con conexión: cierre sesión y entre con "
                        "conexión antes de salir."
                    )
                )
            )
            aviso.setObjectName("paqueteSinConexion")
            capa.addWidget(aviso)
            capa.addWidget(actual)
            capa.addStretch(1)
            elegir.hide()
        else:
            capa.addWidget(elegir, 1)
            capa.addWidget(actual)

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self.cargadas and not self.sin_conexion:
            self.cargar_listas()

    # ------------------------------------------------------------------ the lists (online)
    def cargar_listas(self) -> None:
        self.cargadas = True
        self.boton_listas.setEnabled(False)
        decir(self.mensaje, self.tr("Cargando las convocatorias y los municipios…"))
        ejecutar(
            brigada.para_el_paquete,
            al_terminar=self._listas,
            al_fallar=self._sin_listas,
            padre=self,
        )

    def _sin_listas(self, e: ErrorSipros) -> None:
        self.boton_listas.setEnabled(True)
        decir(
            self.mensaje,
            self.tr(
                "Sin las listas del servidor (%s): el paquete se descarga con "
                "conexión; el que ya está en este equipo sirve."
            )
            % e.mensaje,
            error=True,
        )

    def _listas(self, r) -> None:
        abiertas, municipios = r
        self.boton_listas.setEnabled(True)
        decir(self.mensaje, "")
        elegidas = {c["id"] for c in self.kit.convocatorias} if self.kit else set()
        elegidos = {m["id"] for m in self.kit.municipios} if self.kit else set()
        self.convocatorias.clear()
        for c in abiertas:
            item = QListWidgetItem(
                f"{_convocatoria(c.programa, c.nombre)} (proceso {c.proceso}) · "
                + self.tr("cierra el %s") % fecha(c.fecha_cierre)
            )
            item.setToolTip(f"{c.programa} · {c.nombre}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if c.id in elegidas else Qt.CheckState.Unchecked
            )
            self.convocatorias.addItem(item)
        self.municipios.clear()
        for m in municipios:
            item = QListWidgetItem(f"{m.nombre} ({m.clave})")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if m.id in elegidos else Qt.CheckState.Unchecked
            )
            self.municipios.addItem(item)
        self._filtrar(self.filtro.text())

    def _filtrar(self, texto: str) -> None:
        buscado = brigada.normaliza(texto)
        for i in range(self.municipios.count()):
            item = self.municipios.item(i)
            item.setHidden(bool(buscado) and buscado not in brigada.normaliza(item.text()))

    @staticmethod
    def _marcados(lista: QListWidget) -> list[int]:
        return [
            lista.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(lista.count())
            if lista.item(i).checkState() == Qt.CheckState.Checked
        ]

    def marcar(self, lista: QListWidget, ids: set[int]) -> None:
        for i in range(lista.count()):
            item = lista.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in ids:
                item.setCheckState(Qt.CheckState.Checked)

    # ------------------------------------------------------------------ download
    def descargar(self) -> None:
        convs, muns = self._marcados(self.convocatorias), self._marcados(self.municipios)
        if not muns:
            decir(self.mensaje, self.tr("Marque al menos un municipio."), error=True)
            return
        if not convs and not dialogos.confirmar(
            self,
            self.tr(
                "No marcó ninguna convocatoria: con este paquete solo se podrá "
                "registrar, no presentar solicitudes. ¿Descargarlo así?"
            ),
        ):
            return
        if self.kit is not None and not dialogos.confirmar(
            self,
            self.tr(
                "Ya hay un paquete de brigada en este equipo (vence el %s). ¿Cambiarlo "
                "por uno nuevo? Lo ya capturado se conserva para sincronizar."
            )
            % fecha_hora(self.kit.vence),
        ):
            return
        dias = self.dias.value()
        self.boton_descargar.setEnabled(False)
        self.progreso.show()
        decir(self.mensaje, self.tr("Preparando el paquete en el servidor…"))
        etapa = self.tr("Descargando el paquete: %d convocatorias, %d municipios…") % (
            len(convs),
            len(muns),
        )

        def trabajo(avisar):
            avisar(etapa, 0, 0)
            return brigada.descargar_kit(convs, muns, dias)

        ejecutar(
            trabajo,
            al_terminar=self._descargado,
            al_fallar=self._fallo,
            al_progresar=lambda etapa, _h, _t: decir(self.mensaje, etapa),
            padre=self,
        )

    def _fallo(self, e: ErrorSipros) -> None:
        self.boton_descargar.setEnabled(True)
        self.progreso.hide()
        decir(self.mensaje, e.mensaje, error=True)

    def _descargado(self, r) -> None:
        kit, cifras = r
        self.boton_descargar.setEnabled(True)
        self.progreso.hide()
        decir(
            self.mensaje,
            self.tr(
                "Paquete descargado: %s en %.1f s; lleva %d CURP registradas en "
                "sus municipios (solo sus huellas)."
            )
            % (_mb(cifras.bytes), cifras.segundos, cifras.curps),
        )
        self.descargado.emit(kit)

    # ------------------------------------------------------------------ the kit on this PC
    def mostrar_kit(self, kit: brigada.Kit | None, problema: str = "") -> None:
        self.kit = kit
        if kit is None:
            self.valido.setText(problema or self.tr("No hay paquete de brigada en este equipo."))
            self.valido.setStyleSheet("color: #b00020;" if problema else "")
            for w in (self.contenido_convs, self.contenido_muns, self.tamano):
                w.setText("—")
            return
        self.valido.setStyleSheet("")
        self.valido.setText(
            self.tr("Descargado el %s por %s; vale hasta el %s.")
            % (fecha_hora(kit.creado), kit.usuario, fecha_hora(kit.vence))
        )
        self.contenido_convs.setText(
            "\n".join(
                f"{_convocatoria(c['programa'], c['nombre'])} (proceso {c['proceso']})"
                for c in kit.convocatorias
            )
            or self.tr("ninguna (solo registro)")
        )
        self.contenido_muns.setText(", ".join(m["nombre"] for m in kit.municipios))
        self.tamano.setText(_mb(brigada.tamano_kit()))
        if self.cargadas:
            self.marcar(self.convocatorias, {c["id"] for c in kit.convocatorias})
            self.marcar(self.municipios, {m["id"] for m in kit.municipios})


class PestanaRegistro(QWidget):
    """Offline registration: the CURP first; one the kit knows as registered goes to
    «Solicitud», a new one opens the form."""

    registrado = Signal(object)  # the journal record
    ya_registrada = Signal(str)  # a CURP registered before
    ya_capturada = Signal(str)  # the key of its registration in this journal

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pestanaRegistro")
        self.kit: brigada.Kit | None = None
        self.formulario: FormularioBrigada | None = None
        self.curp, self.boton_buscar, fila = fila_curp("curpBrigada", self.buscar)
        self.mensaje = etiqueta_estado("mensajeRegistroBrigada")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)
        ayuda = _texto(
            QLabel(
                self.tr(
                    "Sin conexión: escriba o escanee la CURP. Si el paquete la conoce como "
                    "registrada, sus solicitudes se presentan en «Solicitud»; si no, se captura su "
                    "registro con el cuestionario socioeconómico, revisado con las mismas reglas "
                    "que en la oficina, y se guarda en el diario de la brigada para sincronizarlo "
                    "al volver."
                )
            )
        )
        inicio = QWidget()
        ci = QVBoxLayout(inicio)
        ci.addWidget(ayuda)
        ci.addStretch(1)
        self.paginas = QStackedWidget()
        self.paginas.addWidget(inicio)
        self.contenedor = QWidget()
        QVBoxLayout(self.contenedor).setContentsMargins(0, 0, 0, 0)
        self.paginas.addWidget(self.contenedor)
        capa = QVBoxLayout(self)
        capa.addLayout(fila)
        capa.addWidget(self.mensaje)
        capa.addWidget(self.paginas, 1)

    def usar_kit(self, kit: brigada.Kit | None) -> None:
        self.curp.setEnabled(kit is not None)
        self.boton_buscar.setEnabled(kit is not None)
        if _mismo(kit, self.kit) and (kit is None) == (self.formulario is None):
            return  # the same kit (read again): the capture on screen stays
        self.kit = kit
        if self.formulario is not None:
            self.formulario.reloj_duplicados.stop()
            self.formulario.deleteLater()
            self.formulario = None
        self.paginas.setCurrentIndex(0)
        if kit is not None:
            self.formulario = FormularioBrigada(kit)
            self.contenedor.layout().addWidget(self.formulario)
            self.formulario.guardar_pedido.connect(self.guardar)
            self.formulario.descartar_pedido.connect(self.descartar)

    def buscar(self) -> None:
        if self.kit is None:
            decir(
                self.mensaje,
                self.tr(
                    "Descargue el paquete de brigada («Paquete») antes de "
                    "salir: sin él no se registra."
                ),
                error=True,
            )
            return
        curp = leer_curp(self.curp, self.mensaje)
        if curp is None:
            return
        if self.kit.ya_registrada(curp):
            decir(self.mensaje, "")
            self.ya_registrada.emit(curp)
            return
        previa = next(
            (
                e
                for e in brigada.Diario().estados().values()
                if e.captura.get("tipo") == "registro"
                and e.estado != "descartada"
                and (e.captura.get("datos") or {}).get("curp") == curp
            ),
            None,
        )
        if previa is not None:
            decir(self.mensaje, "")
            self.ya_capturada.emit(previa.clave)
            return
        decir(
            self.mensaje, self.tr("CURP %s: capture los datos del ciudadano (sin conexión).") % curp
        )
        self.formulario.iniciar(curp)
        self.paginas.setCurrentIndex(1)
        self.formulario.nombre.setFocus()

    def guardar(self) -> None:
        f = self.formulario
        if f is None or self.kit is None or self.paginas.currentIndex() != 1:
            return
        datos = f.datos()
        errores = datos.errores_por_campo(self.kit.cuestionario)
        if errores:
            f.mostrar_errores(errores)
            return
        if not confirmar_discrepancias(self, datos):
            return
        try:
            r = brigada.registrar(self.kit, datos)
        except (ErrorSipros, OSError) as e:
            f.errores.setText(getattr(e, "mensaje", None) or str(e))
            return
        f.limpiar_errores()
        self.paginas.setCurrentIndex(0)
        self.curp.clear()
        aviso = (
            self.tr(" Se parece a alguien ya registrado: al sincronizar se revisa.")
            if r.get("posible_duplicado")
            else ""
        )
        decir(
            self.mensaje,
            self.tr("%s quedó en el diario de la brigada (por sincronizar).%s")
            % (datos.curp, aviso),
        )
        self.registrado.emit(r)

    def descartar(self) -> None:
        f = self.formulario
        if f is not None and dialogos.confirmar(
            self, self.tr("¿Descartar la captura de %s?") % f.curp
        ):
            self.paginas.setCurrentIndex(0)
            decir(self.mensaje, "")
            self.curp.clear()
            self.curp.setFocus()


class PestanaSolicitud(QWidget):
    """Who files (captured in this brigade, or registered before by CURP), the kit's calls with
    eligibility and reason, and the application."""

    dialogo_abierto = Signal(object)
    presentada = Signal(object)  # the journal record

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pestanaSolicitud")
        self.kit: brigada.Kit | None = None
        self.persona: brigada.Persona | None = None
        self.convs: list[ConvocatoriaDisponible] = []
        self.capturadas = QComboBox()
        self.capturadas.setObjectName("personasBrigada")
        self.capturadas.activated.connect(self._capturada_elegida)
        self.curp = QLineEdit()
        self.curp.setObjectName("curpRegistrada")
        self.curp.setPlaceholderText(self.tr("CURP de quien ya tiene expediente"))
        self.curp.setMaxLength(300)
        self.curp.returnPressed.connect(self.usar_curp)
        self.municipio = QComboBox()
        self.municipio.setObjectName("municipioRegistrada")
        self.boton_curp = QPushButton(self.tr("&Usar esta CURP"))
        self.boton_curp.setObjectName("usarCurp")
        self.boton_curp.clicked.connect(self.usar_curp)
        self.solicitante = _texto(QLabel(self.tr("Elija a la persona.")))
        self.solicitante.setObjectName("solicitanteBrigada")
        self.solicitante.setStyleSheet("font-size: 12pt; font-weight: bold;")
        quien = QGroupBox(self.tr("Solicitante"))
        fq = QFormLayout(quien)
        fq.addRow(self.tr("Registrada en esta brigada:"), self.capturadas)
        fila = QHBoxLayout()
        fila.addWidget(self.curp, 2)
        fila.addWidget(QLabel(self.tr("Vive en:")))
        fila.addWidget(self.municipio, 1)
        fila.addWidget(self.boton_curp)
        fq.addRow(self.tr("O registrada antes:"), fila)
        fq.addRow(self.solicitante)

        self.tabla = _tabla(
            [self.tr("Programa"), self.tr("Convocatoria"), self.tr("Cierra"), self.tr("Situación")],
            "tablaConvocatoriasBrigada",
        )
        self.tabla.doubleClicked.connect(lambda _i: self.nueva_solicitud())
        self.boton_solicitud = QPushButton(self.tr("&Nueva solicitud…"))
        self.boton_solicitud.setObjectName("nuevaSolicitudBrigada")
        self.boton_solicitud.clicked.connect(self.nueva_solicitud)
        self.boton_solicitud.setEnabled(False)
        grupo = QGroupBox(self.tr("Convocatorias del paquete"))
        cg = QVBoxLayout(grupo)
        cg.addWidget(self.tabla)
        cg.addWidget(self.boton_solicitud, 0, Qt.AlignmentFlag.AlignRight)
        self.mensaje = etiqueta_estado("mensajeSolicitudBrigada")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)
        capa = QVBoxLayout(self)
        capa.addWidget(quien)
        capa.addWidget(self.mensaje)
        capa.addWidget(grupo, 1)

    def usar_kit(self, kit: brigada.Kit | None) -> None:
        self.kit = kit
        self.municipio.clear()
        for m in kit.municipios if kit else []:
            self.municipio.addItem(m["nombre"], m["id"])
        for w in (self.capturadas, self.curp, self.municipio, self.boton_curp):
            w.setEnabled(kit is not None)
        self._elegir(None)

    def pintar_capturadas(self, estados: dict[str, brigada.Estado]) -> None:
        actual = self.capturadas.currentData()
        self.capturadas.clear()
        self.capturadas.addItem(self.tr("— elija —"), None)
        for e in estados.values():
            if e.captura.get("tipo") == "registro" and e.estado != "descartada":
                self.capturadas.addItem(_quien(e, estados), e.clave)
        i = self.capturadas.findData(actual)
        self.capturadas.setCurrentIndex(max(i, 0))

    def elegir_capturada(self, clave: str) -> None:
        i = self.capturadas.findData(clave)
        if i < 0:
            return
        self.capturadas.setCurrentIndex(i)
        self._capturada_elegida()

    def _capturada_elegida(self, *_a) -> None:
        clave = self.capturadas.currentData()
        if clave is None:
            self._elegir(None)
            return
        e = brigada.Diario().estados().get(clave)
        try:
            self._elegir(brigada.persona_de_registro(e.captura) if e else None)
        except (KeyError, TypeError, ValueError):
            decir(self.mensaje, self.tr("Esa captura está incompleta."), error=True)

    def con_curp(self, curp: str) -> None:
        """A CURP the kit knows as registered: ask where the person lives."""
        self.capturadas.setCurrentIndex(0)
        self.curp.setText(curp)
        self._elegir(None)
        decir(
            self.mensaje,
            self.tr(
                "La CURP %s ya está registrada: no se registra otra vez. Elija "
                "el municipio donde vive y pulse «Usar esta CURP»."
            )
            % curp,
        )
        self.municipio.setFocus()

    def usar_curp(self) -> None:
        if self.kit is None:
            return
        texto = scurp.de_lectura(self.curp.text())
        try:
            persona = brigada.persona_registrada(self.kit, texto, self.municipio.currentData())
        except ErrorSipros as e:
            self._elegir(None)
            decir(self.mensaje, e.mensaje, error=True)
            return
        self.capturadas.setCurrentIndex(0)
        self.curp.setText(persona.curp)
        self._elegir(persona)

    def _elegir(self, persona: brigada.Persona | None) -> None:
        self.persona = persona
        decir(self.mensaje, "")
        if persona is None or self.kit is None:
            self.solicitante.setText(self.tr("Elija a la persona."))
            self.convs = []
            _llenar(self.tabla, [])
            self.boton_solicitud.setEnabled(False)
            return
        m = self.kit.municipio(persona.municipio_id)
        self.solicitante.setText(
            f"{persona.nombre or self.tr('Registrada antes')} · CURP {persona.curp} · "
            + self.tr("nació el %s") % fecha(persona.nacimiento)
            + (f" · {m['nombre']}" if m else "")
        )
        self.recargar()

    def recargar(self) -> None:
        if self.persona is None or self.kit is None:
            return
        self.convs = brigada.convocatorias(self.kit, self.persona)
        filas, gris = [], set()
        for i, c in enumerate(self.convs):
            if c.elegible:
                situacion = self.tr("Puede solicitar") + (f" ({c.motivo})" if c.motivo else "")
            else:
                situacion = c.motivo
                gris.add(i)
            filas.append(
                (c.programa, f"{c.nombre} (proceso {c.proceso})", fecha(c.fecha_cierre), situacion)
            )
        _llenar(self.tabla, filas, frozenset(gris))
        if self.convs:
            self.tabla.selectRow(0)
        elif not self.kit.convocatorias:
            decir(
                self.mensaje,
                self.tr("El paquete no trae convocatorias: solo sirve para registrar."),
            )
        self.boton_solicitud.setEnabled(bool(self.convs))

    def elegida(self) -> ConvocatoriaDisponible | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.convs[filas[0].row()] if filas and self.convs else None

    def nueva_solicitud(self) -> DialogoSolicitudBrigada | None:
        conv = self.elegida()
        if conv is None or self.persona is None or self.kit is None:
            return None
        if not conv.elegible:
            decir(
                self.mensaje,
                self.tr("No puede solicitar «%s»: %s") % (conv.nombre, conv.motivo),
                error=True,
            )
            return None
        d = DialogoSolicitudBrigada(self.kit, self.persona, conv, self)
        d.presentada.connect(self._presentada)
        self.dialogo = d
        d.open()
        self.dialogo_abierto.emit(d)
        return d

    def _presentada(self, r: dict[str, Any]) -> None:
        decir(
            self.mensaje,
            self.tr("Solicitud guardada en el diario con folio provisional %s.")
            % r["folio_provisional"],
        )
        self.recargar()
        self.presentada.emit(r)


class PestanaDiario(QWidget):
    """Every capture of this user's journal with its state; «Sincronizar» (online)."""

    sincronizado = Signal(object)  # ResumenSincronizacion
    reimprimir = Signal(object)  # the journal record of an application

    def __init__(self, parent: QWidget | None = None, *, sin_conexion: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pestanaDiario")
        self.sin_conexion = sin_conexion
        self.estados: list[brigada.Estado] = []
        self.resumen = _texto(QLabel())
        self.resumen.setObjectName("resumenDiario")
        self.tabla = _tabla(
            [
                self.tr("Capturada"),
                self.tr("Tipo"),
                self.tr("Persona"),
                self.tr("Convocatoria"),
                self.tr("Folio provisional"),
                self.tr("Estado"),
                self.tr("Resultado"),
            ],
            "tablaDiarioBrigada",
        )
        self.tabla.itemSelectionChanged.connect(self._habilitar)
        self.boton_acuse = QPushButton(self.tr("Reimprimir &acuse…"))
        self.boton_acuse.setObjectName("reimprimirAcuseBrigada")
        self.boton_acuse.clicked.connect(self._reimprimir)
        self.boton_acuse.setEnabled(False)
        self.boton_sincronizar = QPushButton(self.tr("&Sincronizar"))
        self.boton_sincronizar.setObjectName("sincronizarBrigada")
        self.boton_sincronizar.clicked.connect(self.sincronizar)
        self.progreso = QProgressBar()
        self.progreso.setObjectName("progresoSincronizacion")
        self.progreso.setMaximumWidth(260)
        self.progreso.hide()
        self.mensaje = etiqueta_estado("mensajeDiario")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)
        abajo = QHBoxLayout()
        abajo.addWidget(self.boton_acuse)
        abajo.addWidget(self.mensaje, 1)
        abajo.addWidget(self.progreso)
        abajo.addWidget(self.boton_sincronizar)
        capa = QVBoxLayout(self)
        capa.addWidget(self.resumen)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(abajo)
        if sin_conexion:
            self.boton_sincronizar.setEnabled(False)
            self.boton_sincronizar.setToolTip(self.tr(NECESITA_SERVIDOR))
            decir(
                self.mensaje,
                self.tr(
                    "Sincronizar necesita la conexión con el servidor: al volver, cierre sesión "
                    "y entre con conexión. Lo capturado sigue en el diario de este equipo."
                ),
            )

    def pintar(self, estados: dict[str, brigada.Estado], kit: brigada.Kit | None) -> None:
        self.estados = list(estados.values())
        filas = []
        for e in self.estados:
            c, resp = e.captura, e.respuesta or {}
            conv = ""
            if c.get("tipo") == "solicitud":
                k = kit.convocatoria(int(c.get("convocatoria") or 0)) if kit else None
                conv = k["nombre"] if k else f"#{c.get('convocatoria')}"
            if e.estado == "aplicada":
                resultado = resp.get("folio") or resp.get("resultado") or ""
            elif e.estado == "conflicto":
                resultado = resp.get("motivo") or ""
            elif e.estado == "descartada":
                resultado = (e.revision or {}).get("nota") or ""
            elif e.revision:
                accion = brigada.ACCIONES.get(e.revision.get("accion"), "")
                resultado = self.tr("Revisada: %s") % accion
            elif c.get("posible_duplicado"):
                resultado = self.tr("Se parece a alguien ya registrado: se revisará al sincronizar")
            else:
                resultado = ""
            filas.append(
                (
                    _cuando(c.get("cuando")),
                    TIPOS.get(c.get("tipo"), str(c.get("tipo"))),
                    _quien(e, estados),
                    conv,
                    str(c.get("folio_provisional") or ""),
                    ESTADOS.get(e.estado, e.estado),
                    str(resultado),
                )
            )
        _llenar(self.tabla, filas)
        cuenta = {k: sum(1 for e in self.estados if e.estado == k) for k in ESTADOS}
        if not self.estados:
            self.resumen.setText(
                self.tr("El diario de la brigada en este equipo está vacío: nada por sincronizar.")
            )
        else:
            self.resumen.setText(
                self.tr("Capturas en el diario de este equipo: %d — ") % len(self.estados)
                + " · ".join(f"{ESTADOS[k]}: {n}" for k, n in cuenta.items() if n)
            )
        self._habilitar()

    def elegida(self) -> brigada.Estado | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.estados[filas[0].row()] if filas else None

    def _habilitar(self) -> None:
        e = self.elegida()
        self.boton_acuse.setEnabled(e is not None and e.captura.get("tipo") == "solicitud")

    def _reimprimir(self) -> None:
        e = self.elegida()
        if e is not None and e.captura.get("tipo") == "solicitud":
            self.reimprimir.emit(e.captura)

    def sincronizar(self) -> None:
        if self.sin_conexion or not self.boton_sincronizar.isEnabled():
            return
        self.boton_sincronizar.setEnabled(False)
        self.progreso.setRange(0, 0)
        self.progreso.show()
        decir(self.mensaje, self.tr("Sincronizando con el servidor…"))

        def trabajo(avisar):
            return brigada.sincronizar(lambda n, total: avisar("", n, total))

        ejecutar(
            trabajo,
            al_terminar=self._terminado,
            al_fallar=self._fallo,
            al_progresar=self._avance,
            padre=self,
        )

    def _avance(self, _etapa: str, hecho: int, total: int) -> None:
        self.progreso.setRange(0, max(total, 1))
        self.progreso.setValue(hecho)
        decir(self.mensaje, self.tr("Sincronizando: %d de %d…") % (hecho, total))

    def _fallo(self, e: ErrorSipros) -> None:
        self.boton_sincronizar.setEnabled(True)
        self.progreso.hide()
        if isinstance(e, ErrorConexion):
            texto = (
                self.tr(
                    "No se alcanzó el servidor (%s). Lo capturado sigue en el diario: "
                    "sincronice cuando haya conexión."
                )
                % e.mensaje
            )
        else:
            texto = e.mensaje
        decir(self.mensaje, texto, error=True)
        self.sincronizado.emit(None)

    def _terminado(self, r: brigada.ResumenSincronizacion) -> None:
        self.boton_sincronizar.setEnabled(True)
        self.progreso.hide()
        folios = [f"{a} → {b}" for a, b in sorted(r.folios.items())]
        decir(
            self.mensaje,
            self.tr("Sincronizado: %d registrados, %d solicitudes, %d por revisar.")
            % (r.registrados, r.presentadas, len(r.conflictos))
            + (" " + "; ".join(folios[:3]) + (" …" if len(folios) > 3 else "") if folios else ""),
        )
        self.sincronizado.emit(r)


class PestanaRevision(QWidget):
    """What the sync could not apply: the reason, the allowed actions, a required note."""

    revisado = Signal()

    def __init__(self, parent: QWidget | None = None, *, sin_conexion: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pestanaRevision")
        self.sin_conexion = sin_conexion
        self.conflictos: list[brigada.Conflicto] = []
        ayuda = _texto(
            QLabel(
                self.tr(
                    "Lo que la sincronización no aplicó (nada se pierde). Elija una captura, lea "
                    "el motivo, compruebe con quien corresponda, escriba en la nota qué comprobó "
                    "y elija qué hacer."
                )
            )
        )
        self.tabla = _tabla(
            [
                self.tr("Capturada"),
                self.tr("Tipo"),
                self.tr("Persona"),
                self.tr("Folio provisional"),
                self.tr("Motivo"),
            ],
            "tablaConflictosBrigada",
        )
        self.tabla.itemSelectionChanged.connect(self._elegido)
        self.motivo = _texto(QLabel())
        self.motivo.setObjectName("motivoConflicto")
        self.motivo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.candidatos = QComboBox()
        self.candidatos.setObjectName("candidatosConflicto")
        self.etiqueta_candidatos = QLabel(self.tr("Expediente de la persona:"))
        self.nota = QPlainTextEdit()
        self.nota.setObjectName("notaRevisionBrigada")
        self.nota.setPlaceholderText(self.tr("Qué se comprobó y con quién (obligatoria)"))
        self.nota.setMaximumHeight(70)
        self.nota.setTabChangesFocus(True)
        self.nota.textChanged.connect(lambda: decir(self.mensaje, ""))
        self.botones = QHBoxLayout()
        self.botones.addStretch(1)
        self.acciones: dict[str, QPushButton] = {}
        for clave, texto in brigada.ACCIONES.items():
            b = QPushButton(texto)
            b.setObjectName(f"accion_{clave}")
            b.clicked.connect(lambda _c=False, a=clave: self.decidir(a))
            b.hide()
            if sin_conexion and clave in brigada.ACCIONES_CON_SERVIDOR:
                b.setToolTip(self.tr(NECESITA_SERVIDOR))
            self.acciones[clave] = b
            self.botones.addWidget(b)
        self.mensaje = etiqueta_estado("mensajeRevision")
        self.mensaje.setTextFormat(Qt.TextFormat.PlainText)
        self.grupo = QGroupBox(self.tr("Captura elegida"))
        fg = QFormLayout(self.grupo)
        fg.addRow(self.tr("Motivo:"), self.motivo)
        fg.addRow(self.etiqueta_candidatos, self.candidatos)
        fg.addRow(self.tr("Nota de la revisión *:"), self.nota)
        fg.addRow(self.botones)
        capa = QVBoxLayout(self)
        capa.addWidget(ayuda)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.grupo)
        capa.addWidget(self.mensaje)
        self._habilitar_acciones(True)
        self._elegido()

    def _habilitar_acciones(self, si: bool) -> None:
        """Sin conexión, what asks the server stays off (the rest only writes the journal)."""
        for clave, b in self.acciones.items():
            b.setEnabled(si and not (self.sin_conexion and clave in brigada.ACCIONES_CON_SERVIDOR))

    def pintar(
        self, conflictos: list[brigada.Conflicto], estados: dict[str, brigada.Estado]
    ) -> None:
        elegida = self.elegido()
        self.conflictos = conflictos
        filas = []
        for c in conflictos:
            e = estados.get(c.clave)
            capturada = e is not None and c.tipo in brigada.CAPTURAS
            filas.append((
                _cuando(e.captura.get("cuando")) if capturada else c.cuando,
                TIPOS.get(c.tipo, c.tipo),
                _quien(e, estados) if capturada else c.quien,
                c.folio_provisional or "",
                " ".join(c.motivo.split()),
            ))  # fmt: skip
        _llenar(self.tabla, filas)
        fila = next(
            (i for i, c in enumerate(conflictos) if elegida and c.clave == elegida.clave), 0
        )
        if conflictos:
            self.tabla.selectRow(fila)
        self._elegido()

    def elegido(self) -> brigada.Conflicto | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.conflictos[filas[0].row()] if filas and self.conflictos else None

    def _elegido(self) -> None:
        c = self.elegido()
        self.grupo.setEnabled(c is not None)
        self.motivo.setText(c.motivo if c else "")
        for clave, b in self.acciones.items():
            b.setVisible(c is not None and clave in c.acciones)
        curps: list[str] = []
        if c is not None and "usar_expediente" in c.acciones:
            e = brigada.Diario().estados().get(c.clave)
            curps = list(((e.respuesta if e else None) or {}).get("candidatos_curps") or [])
        self.candidatos.clear()
        for curp in curps:
            self.candidatos.addItem(curp, curp)
        self.candidatos.setVisible(len(curps) > 1)
        self.etiqueta_candidatos.setVisible(len(curps) > 1)

    def decidir(self, accion: str) -> None:
        c = self.elegido()
        if c is None:
            return
        nota = " ".join(self.nota.toPlainText().split())
        if len(nota) < 5:
            decir(
                self.mensaje,
                self.tr(
                    "Escriba en la nota qué se comprobó (al menos 5 letras): sin nota no se decide."
                ),
                error=True,
            )
            self.nota.setFocus()
            return
        if accion == "descartar" and not dialogos.confirmar(
            self,
            self.tr("¿Descartar la captura de %s? No se aplicará; queda en el diario con su nota.")
            % c.quien,
            no_por_omision=True,
        ):
            return
        curp = self.candidatos.currentData() if self.candidatos.isVisible() else None
        self._habilitar_acciones(False)
        decir(self.mensaje, self.tr("Anotando la decisión…"))
        ejecutar(
            lambda: brigada.revisar(c.clave, accion, nota, curp),
            al_terminar=lambda _r: self._decidido(accion),
            al_fallar=self._fallo,
            padre=self,
        )

    def _fallo(self, e: ErrorSipros) -> None:
        self._habilitar_acciones(True)
        decir(self.mensaje, e.mensaje, error=True)

    def _decidido(self, accion: str) -> None:
        self._habilitar_acciones(True)
        self.nota.clear()
        siguiente = (
            self.tr("no se aplicará")
            if accion == "descartar"
            else self.tr("se envía en la próxima sincronización")
        )
        decir(
            self.mensaje,
            self.tr("Decisión anotada en el diario («%s»): %s.")
            % (brigada.ACCIONES[accion], siguiente),
        )
        self.revisado.emit()


# --------------------------------------------------------------------------- the panel


class PanelBrigada(QWidget):
    """Ventanilla → Brigada; ``sin_conexion``: the window of a login without the server."""

    dialogo_abierto = Signal(object)  # any dialog it opens (for tests and screenshots)

    def __init__(self, parent: QWidget | None = None, *, sin_conexion: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("panelBrigada")
        self.sin_conexion = sin_conexion
        self.kit: brigada.Kit | None = None
        self.estado = _texto(QLabel())
        self.estado.setObjectName("estadoBrigada")
        self.paquete = PestanaPaquete(sin_conexion=sin_conexion)
        self.registro = PestanaRegistro()
        self.solicitud = PestanaSolicitud()
        self.diario = PestanaDiario(sin_conexion=sin_conexion)
        self.revision = PestanaRevision(sin_conexion=sin_conexion)
        self.pestanas = QTabWidget()
        self.pestanas.setObjectName("pestanasBrigada")
        self.pestanas.addTab(self.paquete, self.tr("Paquete"))
        self.pestanas.addTab(self.registro, self.tr("Registrar"))
        self.pestanas.addTab(self.solicitud, self.tr("Solicitud"))
        self.pestanas.addTab(self.diario, self.tr("Por sincronizar"))
        self.pestanas.addTab(self.revision, self.tr("Por revisar"))
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(self.estado)
        capa.addWidget(self.pestanas, 1)

        self.paquete.descargado.connect(self._descargado)
        self.registro.registrado.connect(self._registrado)
        self.registro.ya_registrada.connect(self._ya_registrada)
        self.registro.ya_capturada.connect(self._ya_capturada)
        self.solicitud.presentada.connect(self._presentada)
        self.solicitud.dialogo_abierto.connect(self.dialogo_abierto)
        self.diario.sincronizado.connect(self._sincronizado)
        self.diario.reimprimir.connect(self.imprimir_acuse)
        self.revision.revisado.connect(self.refrescar)
        self.cargar_kit()
        self.refrescar()
        self.pestanas.setCurrentIndex(REGISTRAR if self.kit is not None else PAQUETE)

    def activar(self) -> None:
        """Shown again: the kit may have expired meanwhile."""
        self.cargar_kit()
        self.refrescar()

    def cerrar(self) -> None:
        """End of the session: nothing of this panel fires afterwards."""
        if self.registro.formulario is not None:
            self.registro.formulario.reloj_duplicados.stop()

    # ------------------------------------------------------------------ the kit
    def cargar_kit(self) -> None:
        problema = ""
        try:
            kit = brigada.kit_actual()
        except ErrorSipros as e:  # another user's, expired, damaged, the clock
            kit, problema = None, e.mensaje
        self.usar_kit(kit, problema)

    def usar_kit(self, kit: brigada.Kit | None, problema: str = "") -> None:
        self.kit = kit
        self.paquete.mostrar_kit(kit, problema)
        self.registro.usar_kit(kit)
        if not _mismo(kit, self.solicitud.kit):
            self.solicitud.usar_kit(kit)
        self.solicitud.kit = kit
        if kit is None:
            self.estado.setText(
                problema
                or self.tr(
                    "Sin paquete de brigada: descárguelo en «Paquete» con conexión antes de salir."
                )
            )
            self.estado.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.estado.setText(
                self.tr("Paquete de brigada vigente hasta el %s · %s · %s (%s)")
                % (
                    fecha_hora(kit.vence),
                    _cuantas(len(kit.convocatorias), "convocatoria", "convocatorias"),
                    _cuantas(len(kit.municipios), "municipio", "municipios"),
                    ", ".join(m["nombre"] for m in kit.municipios),
                )
            )
            self.estado.setStyleSheet("font-weight: bold;")

    def _descargado(self, kit: brigada.Kit) -> None:
        self.usar_kit(kit)
        self.refrescar()

    # ------------------------------------------------------------------ the journal
    def refrescar(self) -> None:
        """The journal's captures and conflicts, and the tabs' counts (local files only)."""
        try:
            estados = brigada.Diario().estados()
            conflictos = brigada.conflictos()
        except (ErrorSipros, OSError) as e:
            decir(self.diario.mensaje, getattr(e, "mensaje", None) or str(e), error=True)
            return
        self.diario.pintar(estados, self.kit)
        self.revision.pintar(conflictos, estados)
        self.solicitud.pintar_capturadas(estados)
        pendientes = sum(1 for e in estados.values() if e.estado == "pendiente")
        self.pestanas.setTabText(
            POR_SINCRONIZAR,
            self.tr("Por sincronizar (%d)") % pendientes
            if pendientes
            else self.tr("Por sincronizar"),
        )
        self.pestanas.setTabText(
            POR_REVISAR,
            self.tr("Por revisar (%d)") % len(conflictos) if conflictos else self.tr("Por revisar"),
        )

    def _registrado(self, r: dict[str, Any]) -> None:
        self.refrescar()
        self.pestanas.setCurrentIndex(SOLICITUD)
        self.solicitud.elegir_capturada(r["clave"])

    def _ya_registrada(self, curp: str) -> None:
        self.pestanas.setCurrentIndex(SOLICITUD)
        self.solicitud.con_curp(curp)

    def _ya_capturada(self, clave: str) -> None:
        self.pestanas.setCurrentIndex(SOLICITUD)
        self.solicitud.elegir_capturada(clave)
        decir(
            self.solicitud.mensaje,
            self.tr("Esa CURP ya se registró en esta brigada: presente aquí sus solicitudes."),
        )

    def _presentada(self, r: dict[str, Any]) -> None:
        self.refrescar()
        self.imprimir_acuse(r)

    # ------------------------------------------------------------------ the acuse
    def imprimir_acuse(self, r: dict[str, Any]) -> None:
        """The provisional acuse: saved as a PDF where the clerk says, then printed."""
        kit = self.kit
        if kit is None:
            dialogos.error(self, self.tr("Sin paquete de brigada no se puede hacer el acuse."))
            return
        ejecutar(
            lambda: brigada.acuse_pdf(kit, r),
            al_terminar=lambda pdf: self._acuse_listo(r, pdf),
            al_fallar=lambda e: dialogos.error(self, e.mensaje),
            padre=self,
        )

    def _acuse_listo(self, r: dict[str, Any], pdf: bytes) -> None:
        folio = r["folio_provisional"]
        self.ultimo_acuse = pdf
        ruta = dialogos.guardar_archivo(
            self, self.tr("Guardar acuse %s") % folio, f"acuse_{folio}.pdf", "PDF (*.pdf)"
        )
        if ruta:
            try:
                Path(ruta).write_bytes(pdf)
            except OSError as e:
                dialogos.error(self, self.tr("No se pudo guardar el acuse: %s") % e.strerror)
        dialogos.imprimir_pdf(self, pdf, self.tr("Acuse %s") % folio)

    # ------------------------------------------------------------------ synchronisation
    def _sincronizado(self, r: brigada.ResumenSincronizacion | None) -> None:
        self.refrescar()
        if r is None:
            return
        d = DialogoResumen(r, self)
        self.dialogo_resumen = d
        d.finished.connect(lambda _c: d.revisar and self.pestanas.setCurrentIndex(POR_REVISAR))
        d.open()
        self.dialogo_abierto.emit(d)
