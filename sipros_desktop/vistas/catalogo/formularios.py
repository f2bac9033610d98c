"""Catálogo → Formularios (administrators): every form with its versions — which calls use
each, how many answers each has — and its draft; the designer for a new form, a draft or a new
version from a published one; the comparison of two versions; JSON export and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import disenador
from sipros_desktop.servicios.disenador import Version
from sipros_desktop.vistas.catalogo.disenador import DialogoDisenador
from sipros_desktop.vistas.ciudadanos.ficha import tabla_solo_lectura
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.mensajes import decir, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo

_ROL = Qt.ItemDataRole.UserRole


class VistaFormularios(QWidget):
    publicado = Signal()  # a new version exists: the calls' form lists change
    dialogo_abierto = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaFormularios")
        self.versiones: list[Version] = []
        self.arbol = QTreeWidget()
        self.arbol.setObjectName("listaFormularios")
        self.arbol.setHeaderLabels([self.tr("Formulario y versiones"), self.tr("Preguntas"),
                                    self.tr("Convocatorias que la usan"), self.tr("Respuestas"),
                                    self.tr("Fecha"), self.tr("Quién")])  # fmt: skip
        cab = self.arbol.header()
        cab.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 6):
            cab.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        cab.setStretchLastSection(False)
        self.arbol.currentItemChanged.connect(lambda *_: self._habilitar())
        self.arbol.itemActivated.connect(lambda *_: self.abrir())
        self.boton_nuevo = QPushButton(self.tr("&Nuevo formulario…"))
        self.boton_nuevo.setObjectName("nuevoFormulario")
        self.boton_abrir = QPushButton(self.tr("&Abrir borrador"))
        self.boton_abrir.setObjectName("abrirBorrador")
        self.boton_version = QPushButton(self.tr("Nueva &versión desde ésta"))
        self.boton_version.setObjectName("nuevaVersion")
        self.boton_comparar = QPushButton(self.tr("&Comparar…"))
        self.boton_comparar.setObjectName("compararVersiones")
        self.boton_exportar = QPushButton(self.tr("&Exportar JSON…"))
        self.boton_importar = QPushButton(self.tr("&Importar JSON…"))
        self.boton_descartar = QPushButton(self.tr("Descartar borrador"))
        self.boton_nuevo.clicked.connect(self.nuevo)
        self.boton_abrir.clicked.connect(self.abrir)
        self.boton_version.clicked.connect(self.nueva_version)
        self.boton_comparar.clicked.connect(self.comparar)
        self.boton_exportar.clicked.connect(self.exportar)
        self.boton_importar.clicked.connect(self.importar)
        self.boton_descartar.clicked.connect(self.descartar)
        self.estado = etiqueta_estado("estadoFormularios")
        ayuda = QLabel(
            self.tr(
                "Una versión publicada no cambia: las respuestas quedan con la versión con que se "
                "capturaron. Para cambiar un formulario, cree una versión nueva desde la última, "
                "edítela (se guarda como borrador) y publíquela; luego asígnela a las "
                "convocatorias (Programas y convocatorias → Editar convocatoria)."
            )
        )
        ayuda.setWordWrap(True)
        fila = QHBoxLayout()
        for b in (self.boton_nuevo, self.boton_abrir, self.boton_version, self.boton_comparar,
                  self.boton_exportar, self.boton_importar, self.boton_descartar):  # fmt: skip
            fila.addWidget(b)
        fila.addStretch(1)
        capa = QVBoxLayout(self)
        capa.addWidget(ayuda)
        capa.addWidget(self.arbol, 1)
        capa.addLayout(fila)
        capa.addWidget(self.estado)
        self.cargado = False
        self._habilitar()

    def activar_vista(self) -> None:
        if not self.cargado:
            self.recargar()

    def recargar(self) -> None:
        ejecutar(disenador.versiones, al_terminar=self._mostrar,
                 al_fallar=lambda e: decir(self.estado, e.mensaje, True), padre=self)  # fmt: skip

    def _mostrar(self, versiones: list[Version]) -> None:
        self.versiones = versiones
        self.cargado = True
        self.arbol.clear()
        por_clave: dict[str, QTreeWidgetItem] = {}
        for v in versiones:
            raiz = por_clave.get(v.clave)
            if raiz is None:
                raiz = QTreeWidgetItem([f"{v.clave} — {v.nombre}"])
                raiz.setData(0, _ROL, None)
                self.arbol.addTopLevelItem(raiz)
                por_clave[v.clave] = raiz
            etiqueta = v.etiqueta + (self.tr(" (no se puede abrir)") if v.excede else "")
            hijo = QTreeWidgetItem([
                etiqueta, str(v.preguntas), ", ".join(v.convocatorias) or "—",
                "" if v.borrador else f"{v.respuestas:,}", fecha_hora(v.fecha), v.quien,
            ])  # fmt: skip
            if v.excede:  # stored before the database refused it: said, never opened
                hijo.setToolTip(0, v.excede[0].upper() + v.excede[1:] + ".")
            hijo.setData(0, _ROL, v)
            if v.borrador:
                fuente = hijo.font(0)
                fuente.setItalic(True)
                hijo.setFont(0, fuente)
            raiz.addChild(hijo)
        self.arbol.expandAll()
        self._habilitar()

    def elegida(self) -> Version | None:
        item = self.arbol.currentItem()
        if item is None:
            return None
        v = item.data(0, _ROL)
        if v is None and item.childCount():  # the form itself: its newest version or draft
            v = item.child(0).data(0, _ROL)
        return v

    def _habilitar(self) -> None:
        v = self.elegida()
        abrible = v is not None and not v.excede
        self.boton_abrir.setEnabled(abrible and v.borrador)
        self.boton_descartar.setEnabled(v is not None and v.borrador)
        self.boton_version.setEnabled(abrible and not v.borrador)
        self.boton_exportar.setEnabled(abrible and not v.borrador)
        self.boton_comparar.setEnabled(abrible and not v.borrador)

    # ------------------------------------------------------------------ actions
    def _disenar(self, d: dict, basado_en: int | None = None) -> DialogoDisenador:
        dlg = DialogoDisenador(d, basado_en, self)
        dlg.publicado.connect(self._publicado)
        dlg.finished.connect(lambda _r: self.recargar())
        self.dialogo_abierto.emit(dlg)
        dlg.open()
        return dlg

    def _publicado(self, f) -> None:
        decir(self.estado, self.tr("Publicada la versión %d de %s.") % (f.version, f.clave))
        self.publicado.emit()

    def nuevo(self) -> DialogoNuevoFormulario:
        d = DialogoNuevoFormulario(self)
        d.aceptado.connect(self._disenar)
        self.dialogo_abierto.emit(d)
        d.open()
        return d

    def _leer_y_disenar(self, leer, basado_en: int | None = None) -> None:
        """Read the form (in the background), then open it in the designer."""

        def listo(d: dict | None) -> None:
            if d is not None:
                self._disenar(d, basado_en)

        ejecutar(leer, al_terminar=listo, padre=self,
                 al_fallar=lambda e: decir(self.estado, e.mensaje, True))  # fmt: skip

    def abrir(self) -> None:
        v = self.elegida()
        if v is None:
            return
        if not v.borrador:
            self.nueva_version()
            return
        self._leer_y_disenar(lambda: disenador.borrador(v.clave))

    def nueva_version(self) -> None:
        v = self.elegida()
        if v is None or v.borrador:
            return
        self._leer_y_disenar(lambda: disenador.version_nueva_desde(v.id), v.id)

    def descartar(self) -> None:
        v = self.elegida()
        if v is None or not v.borrador:
            return
        if not dialogos.confirmar(self, self.tr("¿Descartar el borrador de %s? Se pierde lo que "
                                                "no se publicó.") % v.clave):  # fmt: skip
            return
        ejecutar(lambda: disenador.descartar_borrador(v.clave),
                 al_terminar=lambda _r: self.recargar(), padre=self)  # fmt: skip

    def comparar(self) -> DialogoComparar | None:
        v = self.elegida()
        if v is None or v.borrador:
            return None
        publicadas = [x for x in self.versiones if not x.borrador]
        d = DialogoComparar(publicadas, v, self)
        self.dialogo_abierto.emit(d)
        d.open()
        return d

    def exportar(self) -> None:
        v = self.elegida()
        if v is None or v.borrador:
            return
        sugerido = f"{v.clave}_v{v.version}.json"
        ruta = dialogos.guardar_archivo(
            self, self.tr("Exportar formulario"), sugerido, "JSON (*.json)"
        )
        if not ruta:
            return
        ejecutar(lambda: disenador.exportar(v.id, Path(ruta)),
                 al_terminar=lambda r: decir(self.estado, self.tr("Exportado a %s.") % r),
                 al_fallar=lambda e: decir(self.estado, e.mensaje, True), padre=self)  # fmt: skip

    def importar(self) -> None:
        ruta = dialogos.abrir_archivo(self, self.tr("Importar formulario"), "JSON (*.json)")
        if not ruta:
            return

        def leer() -> dict:
            d = disenador.importar(Path(ruta))
            if disenador.borrador(d["clave"]) is not None:
                raise ErrorSipros(
                    f"{d['clave']} ya tiene un borrador: ábralo o descártelo antes de importar."
                )
            return d

        self._leer_y_disenar(leer)


class DialogoNuevoFormulario(QDialog):
    aceptado = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoNuevoFormulario")
        self.setWindowTitle(self.tr("Nuevo formulario"))
        self.clave = QLineEdit()
        self.clave.setObjectName("claveNuevoFormulario")
        self.clave.setPlaceholderText(self.tr("p. ej. ENCUESTA_HOGAR"))
        self.nombre = QLineEdit()
        self.nombre.setObjectName("nombreNuevoFormulario")
        self.errores = etiqueta_estado("erroresNuevoFormulario")
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        f = QFormLayout(self)
        f.addRow(self.tr("Clave:"), self.clave)
        f.addRow(self.tr("Nombre:"), self.nombre)
        f.addRow(self.errores)
        f.addRow(botones)

    def aceptar(self) -> None:
        try:
            d = disenador.nuevo(self.clave.text(), self.nombre.text())
        except ErrorSipros as e:
            decir(self.errores, e.mensaje, True)
            return
        self.accept()
        self.aceptado.emit(d)


class DialogoComparar(QDialog):
    """Two published versions side by side: what was added, removed or changed, and whether
    the answers to each question can be counted together across the two."""

    def __init__(self, versiones: list[Version], elegida: Version, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoComparar")
        self.setWindowTitle(self.tr("Comparar versiones de formularios"))
        tamano_comodo(self, 980, 620)
        self.versiones = versiones
        self.antes = QComboBox()
        self.antes.setObjectName("versionAnterior")
        self.despues = QComboBox()
        self.despues.setObjectName("versionNueva")
        for c in (self.antes, self.despues):
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(20)
            for v in versiones:
                c.addItem(f"{v.clave} v{v.version} — {v.nombre}", v.id)
        self.despues.setCurrentIndex(self.despues.findData(elegida.id))
        previa = next((v for v in versiones if v.clave == elegida.clave
                       and v.version == (elegida.version or 1) - 1), elegida)  # fmt: skip
        self.antes.setCurrentIndex(self.antes.findData(previa.id))
        self.tabla = tabla_solo_lectura(["Cambio", "Clave", "Pregunta", "Detalle",
                                         "Comparable"], [])  # fmt: skip
        self.tabla.setObjectName("tablaComparacion")
        self.resumen = etiqueta_estado("resumenComparacion")
        for c in (self.antes, self.despues):
            c.currentIndexChanged.connect(self.comparar)
        fila = QHBoxLayout()
        fila.addWidget(QLabel(self.tr("Antes:")))
        fila.addWidget(self.antes, 1)
        fila.addWidget(QLabel(self.tr("Después:")))
        fila.addWidget(self.despues, 1)
        cerrar = QPushButton(self.tr("Cerrar"))
        cerrar.clicked.connect(self.accept)
        capa = QVBoxLayout(self)
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.resumen)
        capa.addWidget(cerrar, 0, Qt.AlignmentFlag.AlignRight)
        self.cambios: list[disenador.Cambio] = []
        self.comparar()

    def comparar(self) -> None:
        a, b = self.antes.currentData(), self.despues.currentData()
        self.resumen.setText(self.tr("Comparando…"))
        ejecutar(
            lambda: disenador.comparar(disenador.definicion(a), disenador.definicion(b)),
            al_terminar=self._mostrar,
            al_fallar=lambda e: decir(self.resumen, e.mensaje, True),
            padre=self,
        )

    def _mostrar(self, cambios: list[disenador.Cambio]) -> None:
        self.cambios = cambios
        self.tabla.setRowCount(len(self.cambios))
        for i, c in enumerate(self.cambios):
            valores = (c.que, c.clave, c.texto, c.detalle,
                       "Sí" if c.comparable else "No")  # fmt: skip
            for j, valor in enumerate(valores):
                item = QTableWidgetItem(valor)
                item.setToolTip(valor)
                self.tabla.setItem(i, j, item)
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setStretchLastSection(True)
        iguales = "Las dos versiones tienen las mismas preguntas." if not self.cambios else ""
        no = sum(1 for c in self.cambios if not c.comparable and c.que != "Agregada")
        cambios = "1 cambio" if len(self.cambios) == 1 else f"{len(self.cambios)} cambios"
        preguntas = "1 pregunta" if no == 1 else f"{no} preguntas"
        self.resumen.setText(
            iguales or self.tr("%s; %s cuyas respuestas no se pueden sumar entre las dos "
                               "versiones («Comparable: No»).") % (cambios, preguntas)
        )  # fmt: skip
