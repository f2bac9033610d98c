"""The form designer: sections and questions added, edited and reordered (buttons, Alt+↑/↓,
drag and drop), each question's type, required flag, help text, choices, range, a simple
condition and «igual a» a key of an earlier version; a live preview rendered by the same
generic widget the front desk uses, where the administrator can try the form; the problems
that stop publication, in Spanish, as the form is edited.

The designer edits the form's JSON (a dict) and never drops a field it does not show."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import disenador, formularios
from sipros_desktop.servicios.formularios import (
    MAX_TEXTO,
    MAX_TITULO,
    NOMBRES_TIPO,
    TIPOS,
    TIPOS_SIMPLES,
    recortar,
)
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formulario import ANCHO_PREGUNTA, FormularioDinamico
from sipros_desktop.vistas.comun.mensajes import decir, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo

SECCION, PREGUNTA = "seccion", "pregunta"
_ROL = Qt.ItemDataRole.UserRole
OPERADORES = (("igual", "es igual a"), ("en", "es alguna de"), ("mayor", "es mayor que"))


def _tipo(item: QTreeWidgetItem | None) -> str | None:
    return None if item is None else item.data(0, _ROL)[0]


def _dato(item: QTreeWidgetItem) -> dict:
    return item.data(0, _ROL)[1]


# px: the least each pane of the designer gets (a small screen scrolls inside them) ...
ANCHO_PANELES = {"estructura": 250, "propiedades": 230, "previa": 250}
# ... and how the width is shared until the user moves a divider: at 1280 × 720 the tree
# keeps ~330 px, the properties ~400 and the preview ~470 (a question and its answer field)
REPARTO_PANELES = (330, 400, ANCHO_PREGUNTA[0] + 170)


def _combos_compactos(w: QWidget) -> None:
    """A drop-down list as wide as its field, not as its longest option (a long question or
    answer would push its pane sideways); the open list still shows each option whole."""
    for combo in w.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)


class ArbolEstructura(QTreeWidget):
    """Sections at the top, their questions below, a group's questions below the group. A drop
    that would break that shape is refused."""

    movido = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels([self.tr("Secciones y preguntas"), self.tr("Tipo")])
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the questions take the width; the type column what its words need
        cabecera = self.header()
        cabecera.setStretchLastSection(False)
        cabecera.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def dropEvent(self, evento) -> None:
        origen = self.currentItem()
        destino = self.itemAt(evento.position().toPoint())
        posicion = self.dropIndicatorPosition()
        dentro = posicion == QAbstractItemView.DropIndicatorPosition.OnItem
        padre = destino if dentro else (destino.parent() if destino else None)
        if origen is None or not self._permitido(origen, padre):
            evento.ignore()
            return
        super().dropEvent(evento)
        self.setCurrentItem(origen)
        self.movido.emit()

    @staticmethod
    def _permitido(item: QTreeWidgetItem, padre: QTreeWidgetItem | None) -> bool:
        if _tipo(item) == SECCION:
            return padre is None
        if padre is None:
            return False
        if _tipo(padre) == SECCION:
            return True
        # into a repeatable group: only simple questions, never a group
        return _dato(padre).get("tipo") == "grupo" and _dato(item).get("tipo") != "grupo"


class DialogoDisenador(QDialog):
    publicado = Signal(object)  # DefinicionFormulario

    def __init__(
        self, d: dict, basado_en: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoDisenador")
        self.d = disenador.copia(d)
        self.basado_en = basado_en
        self.anteriores: frozenset[str] = frozenset()
        self.problemas_actuales: list[str] = []
        self.formulario_previo: FormularioDinamico | None = None
        self.setWindowTitle(self.tr("Diseñador de formularios — %s") % self.d.get("clave", ""))
        tamano_comodo(self, 1400, 860)
        self._cargando = False

        # --- structure
        self.clave = QLineEdit(self.d.get("clave", ""))
        self.clave.setObjectName("claveFormulario")
        self.clave.setReadOnly(True)  # a form's key never changes (its versions share it)
        self.nombre = QLineEdit(self.d.get("nombre", ""))
        self.nombre.setObjectName("nombreFormulario")
        self.nombre.setCursorPosition(0)  # a long name shows its start, not its end
        self.nombre.setToolTip(self.nombre.text())
        self.nombre.textChanged.connect(self._nombre)
        self.arbol = ArbolEstructura()
        self.arbol.setObjectName("estructuraFormulario")
        self.arbol.currentItemChanged.connect(self._elegir)
        self.arbol.movido.connect(self._reordenado)
        self.boton_seccion = QPushButton(self.tr("+ Sección"))
        self.boton_seccion.setObjectName("agregarSeccion")
        self.boton_pregunta = QPushButton(self.tr("+ Pregunta"))
        self.boton_pregunta.setObjectName("agregarPregunta")
        self.boton_subir = QPushButton(self.tr("Subir"))
        self.boton_subir.setToolTip(self.tr("Alt+↑"))
        self.boton_bajar = QPushButton(self.tr("Bajar"))
        self.boton_bajar.setToolTip(self.tr("Alt+↓"))
        self.boton_quitar = QPushButton(self.tr("Quitar"))
        self.boton_quitar.setObjectName("quitarElemento")
        self.boton_seccion.clicked.connect(self.agregar_seccion)
        self.boton_pregunta.clicked.connect(self.agregar_pregunta)
        self.boton_subir.clicked.connect(lambda: self.mover(-1))
        self.boton_bajar.clicked.connect(lambda: self.mover(1))
        self.boton_quitar.clicked.connect(self.quitar)
        atajos = (
            ("Alt+Up", lambda: self.mover(-1)),
            ("Alt+Down", lambda: self.mover(1)),
            ("Ctrl+Shift+N", self.agregar_seccion),
            ("Ctrl+N", self.agregar_pregunta),
        )
        for tecla, accion in atajos:
            QShortcut(QKeySequence(tecla), self, activated=accion)
        QShortcut(QKeySequence.StandardKey.Delete, self.arbol, activated=self.quitar)
        izquierda = QWidget()
        ci = QVBoxLayout(izquierda)
        ci.setContentsMargins(0, 0, 0, 0)
        fc = QFormLayout()
        fc.addRow(self.tr("Clave:"), self.clave)
        fc.addRow(self.tr("Nombre:"), self.nombre)
        ci.addLayout(fc)
        ci.addWidget(self.arbol, 1)
        b1, b2 = QHBoxLayout(), QHBoxLayout()
        for b in (self.boton_seccion, self.boton_pregunta):
            b1.addWidget(b)
        for b in (self.boton_subir, self.boton_bajar, self.boton_quitar):
            b2.addWidget(b)
        ci.addLayout(b1)
        ci.addLayout(b2)

        # --- properties
        self.propiedades = QStackedWidget()
        vacia = QLabel(self.tr("Elija una sección o una pregunta para editarla."))
        vacia.setWordWrap(True)
        vacia.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.propiedades.addWidget(vacia)
        pag_seccion = QWidget()
        fs = QFormLayout(pag_seccion)
        self.titulo_seccion = QLineEdit()
        self.titulo_seccion.setObjectName("tituloSeccion")
        self.titulo_seccion.textChanged.connect(self._editar_seccion)
        fs.addRow(self.tr("Título de la sección:"), self.titulo_seccion)
        self.propiedades.addWidget(pag_seccion)
        self.propiedades.addWidget(self._pagina_pregunta())
        _combos_compactos(self.propiedades)

        # --- preview
        self.previa = QScrollArea()
        self.previa.setObjectName("previaFormulario")
        self.previa.setWidgetResizable(True)
        self.aviso_previa = QLabel(
            self.tr("Vista previa: así lo verá la ventanilla. Pruébelo: las condiciones se "
                    "aplican mientras contesta.")
        )  # fmt: skip
        self.aviso_previa.setWordWrap(True)
        derecha = QWidget()
        cd = QVBoxLayout(derecha)
        cd.setContentsMargins(0, 0, 0, 0)
        cd.addWidget(self.aviso_previa)
        cd.addWidget(self.previa, 1)

        # the properties scroll on a short screen instead of making the dialog taller
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(self.propiedades)
        desplazable.setFrameShape(QScrollArea.Shape.NoFrame)
        # at 1280 × 720 each pane keeps what it needs: the tree its questions and types, the
        # properties their fields, the preview a question's text and an answer field beside
        # it (as at the front desk)
        desplazable.setMinimumWidth(ANCHO_PANELES["propiedades"])
        self.divisor = div = QSplitter(Qt.Orientation.Horizontal)
        div.addWidget(izquierda)
        div.addWidget(desplazable)
        div.addWidget(derecha)
        izquierda.setMinimumWidth(ANCHO_PANELES["estructura"])
        derecha.setMinimumWidth(ANCHO_PANELES["previa"])
        for i, peso in enumerate((3, 3, 4)):
            div.setStretchFactor(i, peso)
        div.setChildrenCollapsible(False)
        self._divisor_movido = False
        div.splitterMoved.connect(lambda *_a: setattr(self, "_divisor_movido", True))

        # --- problems and actions
        self.problemas = QListWidget()
        self.problemas.setObjectName("problemasFormulario")
        self.problemas.setMaximumHeight(90)
        self.problemas.itemActivated.connect(self._ir_a_problema)
        self.estado = etiqueta_estado("estadoDisenador")
        self.boton_guardar = QPushButton(self.tr("&Guardar borrador"))
        self.boton_guardar.setObjectName("guardarBorrador")
        self.boton_publicar = QPushButton(self.tr("&Publicar versión…"))
        self.boton_publicar.setObjectName("publicarFormulario")
        self.boton_cerrar = QPushButton(self.tr("Cerrar"))
        self.boton_guardar.clicked.connect(self.guardar)
        self.boton_publicar.clicked.connect(self.publicar)
        self.boton_cerrar.clicked.connect(self.reject)
        fila = QHBoxLayout()
        fila.addWidget(self.estado, 1)
        for b in (self.boton_guardar, self.boton_publicar, self.boton_cerrar):
            fila.addWidget(b)
        capa = QVBoxLayout(self)
        capa.addWidget(div, 1)
        capa.addWidget(QLabel(self.tr("Lo que falta corregir para publicar:")))
        capa.addWidget(self.problemas)
        capa.addLayout(fila)

        self.reloj = QTimer(self, singleShot=True, interval=300)
        self.reloj.timeout.connect(self.actualizar)
        self._llenar_arbol()
        self.actualizar()
        clave = self.d.get("clave", "")
        ejecutar(lambda: formularios.claves_anteriores(clave), al_terminar=self._anteriores,
                 padre=self)  # fmt: skip

    # ------------------------------------------------------------------ question page
    def _pagina_pregunta(self) -> QWidget:
        pagina = QWidget()
        f = QFormLayout(pagina)
        self.p_clave = QLineEdit()
        self.p_clave.setObjectName("clavePregunta")
        self.p_texto = QLineEdit()
        self.p_texto.setObjectName("textoPregunta")
        self.p_tipo = QComboBox()
        self.p_tipo.setObjectName("tipoPregunta")
        for t in TIPOS:
            self.p_tipo.addItem(NOMBRES_TIPO[t], t)
        self.p_requerida = QCheckBox(self.tr("Obligatoria"))
        self.p_requerida.setObjectName("requeridaPregunta")
        self.p_ayuda = QLineEdit()
        self.p_ayuda.setObjectName("ayudaPregunta")
        self.p_ayuda.setPlaceholderText(self.tr("Texto de ayuda (opcional)"))
        self.p_opciones = QPlainTextEdit()
        self.p_opciones.setObjectName("opcionesPregunta")
        self.p_opciones.setPlaceholderText(self.tr("Una opción por renglón"))
        self.p_opciones.setMaximumHeight(120)
        self.p_min = QLineEdit()
        self.p_min.setObjectName("minimoPregunta")
        self.p_max = QLineEdit()
        self.p_max.setObjectName("maximoPregunta")
        self.p_decimales = QSpinBox()
        self.p_decimales.setRange(0, 6)
        self.p_cond_pregunta = QComboBox()
        self.p_cond_pregunta.setObjectName("condicionPregunta")
        self.p_cond_operador = QComboBox()
        self.p_cond_operador.setObjectName("condicionOperador")
        for valor, texto in OPERADORES:
            self.p_cond_operador.addItem(self.tr(texto), valor)
        self.p_cond_valor = QLineEdit()
        self.p_cond_valor.setObjectName("condicionValor")
        self.p_cond_valor.setPlaceholderText(self.tr("p. ej. Sí, o Propia, Rentada"))
        self.p_equivale = QComboBox()
        self.p_equivale.setObjectName("equivalePregunta")
        self.p_equivale.setToolTip(
            self.tr("Si la clave cambió, la clave que tenía esta misma pregunta en versiones "
                    "anteriores: así sus respuestas se comparan entre años.")
        )  # fmt: skip
        for c in (self.p_tipo, self.p_cond_pregunta, self.p_cond_operador, self.p_equivale):
            # long question texts must not widen the dialog past the window
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(12)
        self.p_agregar_sub = QPushButton(self.tr("+ Pregunta del grupo"))
        self.p_agregar_sub.setObjectName("agregarPreguntaGrupo")
        self.p_agregar_sub.clicked.connect(self.agregar_pregunta_de_grupo)
        self.etiqueta_rango = QLabel(self.tr("Mínimo / máximo:"))
        rango = QHBoxLayout()
        rango.addWidget(self.p_min)
        rango.addWidget(self.p_max)
        rango.addWidget(QLabel(self.tr("decimales")))
        rango.addWidget(self.p_decimales)
        cond = QHBoxLayout()
        cond.addWidget(self.p_cond_pregunta, 2)
        cond.addWidget(self.p_cond_operador, 1)
        f.addRow(self.tr("Clave:"), self.p_clave)
        f.addRow(self.tr("Pregunta:"), self.p_texto)
        f.addRow(self.tr("Tipo:"), self.p_tipo)
        f.addRow("", self.p_requerida)
        f.addRow(self.tr("Ayuda:"), self.p_ayuda)
        f.addRow(self.tr("Opciones:"), self.p_opciones)
        f.addRow(self.etiqueta_rango, rango)
        f.addRow(self.tr("Mostrar si:"), cond)
        f.addRow("", self.p_cond_valor)
        # (in two lines: the labels' column stays narrow and the fields keep the width)
        f.addRow(self.tr("Igual a (versión\nanterior):"), self.p_equivale)
        f.addRow("", self.p_agregar_sub)
        self.forma_pregunta = f
        for w in (self.p_clave, self.p_texto, self.p_ayuda, self.p_min, self.p_max,
                  self.p_cond_valor):  # fmt: skip
            w.textChanged.connect(self._editar_pregunta)
        self.p_opciones.textChanged.connect(self._editar_pregunta)
        self.p_requerida.toggled.connect(self._editar_pregunta)
        self.p_decimales.valueChanged.connect(self._editar_pregunta)
        for c in (self.p_tipo, self.p_cond_pregunta, self.p_cond_operador, self.p_equivale):
            c.currentIndexChanged.connect(self._editar_pregunta)
        return pagina

    # ------------------------------------------------------------------ tree <-> dict
    def _item(self, tipo: str, dato: dict) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, _ROL, (tipo, dato))
        flags = item.flags() | Qt.ItemFlag.ItemIsDragEnabled
        if tipo == SECCION or dato.get("tipo") == "grupo":
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        else:
            flags &= ~Qt.ItemFlag.ItemIsDropEnabled
        item.setFlags(flags)
        self._rotular(item)
        return item

    @staticmethod
    def _rotular(item: QTreeWidgetItem) -> None:
        tipo, dato = item.data(0, _ROL)
        if tipo == SECCION:
            item.setText(0, recortar(dato.get("titulo"), MAX_TITULO) or "(sin título)")
            item.setText(1, "Sección")
        else:
            marca = " *" if dato.get("requerida") else ""
            item.setText(0, f"{recortar(dato.get('texto'), MAX_TEXTO) or '(sin texto)'}{marca}")
            item.setText(1, NOMBRES_TIPO.get(dato.get("tipo"), dato.get("tipo") or ""))
            item.setToolTip(0, dato.get("clave", ""))

    def _llenar_arbol(self) -> None:
        self.arbol.clear()
        for s in self.d.get("secciones") or []:
            si = self._item(SECCION, s)
            self.arbol.addTopLevelItem(si)
            for q in s.get("preguntas") or []:
                qi = self._item(PREGUNTA, q)
                si.addChild(qi)
                for sub in q.get("preguntas") or [] if q.get("tipo") == "grupo" else []:
                    qi.addChild(self._item(PREGUNTA, sub))
        self.arbol.expandAll()

    def _desde_arbol(self) -> None:
        """The dict follows the tree's order (after a move or a drop)."""
        secciones = []
        for i in range(self.arbol.topLevelItemCount()):
            si = self.arbol.topLevelItem(i)
            s = _dato(si)
            preguntas = []
            for j in range(si.childCount()):
                qi = si.child(j)
                q = _dato(qi)
                if q.get("tipo") == "grupo":
                    q["preguntas"] = [_dato(qi.child(k)) for k in range(qi.childCount())]
                preguntas.append(q)
            s["preguntas"] = preguntas
            secciones.append(s)
        self.d["secciones"] = secciones

    def definicion(self) -> dict:
        self._desde_arbol()
        return self.d

    # ------------------------------------------------------------------ structure actions
    def _siguiente_clave(self) -> str:
        usadas = set(disenador.claves_de(self.definicion()))
        for it in self._todos():
            usadas.add(_dato(it).get("clave"))
        n = 1
        while f"pregunta_{n}" in usadas:
            n += 1
        return f"pregunta_{n}"

    def _todos(self) -> list[QTreeWidgetItem]:
        pila = [self.arbol.topLevelItem(i) for i in range(self.arbol.topLevelItemCount())]
        todos = []
        while pila:
            it = pila.pop()
            todos.append(it)
            pila.extend(it.child(k) for k in range(it.childCount()))
        return todos

    def agregar_seccion(self) -> None:
        n = self.arbol.topLevelItemCount() + 1
        item = self._item(SECCION, {"titulo": f"Sección {n}", "preguntas": []})
        actual = self._seccion_de(self.arbol.currentItem())
        indice = self.arbol.indexOfTopLevelItem(actual) + 1 if actual else n - 1
        self.arbol.insertTopLevelItem(indice, item)
        self.arbol.setCurrentItem(item)
        self._cambio()
        self.titulo_seccion.setFocus()
        self.titulo_seccion.selectAll()

    def _seccion_de(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item

    def agregar_pregunta(self) -> None:
        actual = self.arbol.currentItem()
        seccion = self._seccion_de(actual)
        if seccion is None:
            self.agregar_seccion()
            seccion = self.arbol.currentItem()
        clave = self._siguiente_clave()
        item = self._item(PREGUNTA, {"clave": clave, "texto": "", "tipo": "texto"})
        if actual is not None and actual is not seccion and actual.parent() is seccion:
            seccion.insertChild(seccion.indexOfChild(actual) + 1, item)
        else:
            seccion.addChild(item)
        self.arbol.setCurrentItem(item)
        self._cambio()
        self.p_texto.setFocus()

    def agregar_pregunta_de_grupo(self) -> None:
        grupo = self.arbol.currentItem()
        if _tipo(grupo) != PREGUNTA or _dato(grupo).get("tipo") != "grupo":
            return
        item = self._item(PREGUNTA, {"clave": f"dato_{grupo.childCount() + 1}", "texto": "",
                                     "tipo": "texto"})  # fmt: skip
        grupo.addChild(item)
        grupo.setExpanded(True)
        self.arbol.setCurrentItem(item)
        self._cambio()
        self.p_texto.setFocus()

    def mover(self, paso: int) -> None:
        item = self.arbol.currentItem()
        if item is None:
            return
        padre = item.parent()
        if padre is None:
            i = self.arbol.indexOfTopLevelItem(item)
            if not 0 <= i + paso < self.arbol.topLevelItemCount():
                return
            self.arbol.takeTopLevelItem(i)
            self.arbol.insertTopLevelItem(i + paso, item)
        else:
            i = padre.indexOfChild(item)
            if 0 <= i + paso < padre.childCount():
                padre.takeChild(i)
                padre.insertChild(i + paso, item)
            elif _tipo(padre) == SECCION:  # past the first or last: into the next section
                j = self.arbol.indexOfTopLevelItem(padre) + paso
                if not 0 <= j < self.arbol.topLevelItemCount():
                    return
                padre.takeChild(i)
                otra = self.arbol.topLevelItem(j)
                otra.insertChild(otra.childCount() if paso < 0 else 0, item)
            else:
                return
        item.setExpanded(True)
        self.arbol.setCurrentItem(item)
        self._reordenado()

    def quitar(self) -> None:
        item = self.arbol.currentItem()
        if item is None:
            return
        dato = _dato(item)
        nombre = dato.get("titulo") or dato.get("texto") or dato.get("clave") or ""
        if item.childCount() and not dialogos.confirmar(
            self, self.tr("¿Quitar «%s» con todo lo que contiene?") % nombre
        ):
            return
        padre = item.parent()
        if padre is None:
            self.arbol.takeTopLevelItem(self.arbol.indexOfTopLevelItem(item))
        else:
            padre.takeChild(padre.indexOfChild(item))
        self._reordenado()

    def _reordenado(self) -> None:
        self._desde_arbol()
        self._cambio()

    # ------------------------------------------------------------------ editing
    def _elegir(self, item: QTreeWidgetItem | None, _anterior=None) -> None:
        self._cargando = True
        try:
            if item is None:
                self.propiedades.setCurrentIndex(0)
            elif _tipo(item) == SECCION:
                self.titulo_seccion.setText(_dato(item).get("titulo", ""))
                self.propiedades.setCurrentIndex(1)
            else:
                self._mostrar_pregunta(item)
                self.propiedades.setCurrentIndex(2)
        finally:
            self._cargando = False

    def _anteriores_a(self, item: QTreeWidgetItem) -> list[dict]:
        """The questions before ``item`` in the form (what a condition may depend on)."""
        antes = []
        for it in self._todos_en_orden():
            if it is item:
                break
            if _tipo(it) == PREGUNTA and _tipo(it.parent()) == SECCION:
                antes.append(_dato(it))
        return antes

    def _todos_en_orden(self) -> list[QTreeWidgetItem]:
        orden = []

        def visitar(it: QTreeWidgetItem) -> None:
            orden.append(it)
            for k in range(it.childCount()):
                visitar(it.child(k))

        for i in range(self.arbol.topLevelItemCount()):
            visitar(self.arbol.topLevelItem(i))
        return orden

    def _mostrar_pregunta(self, item: QTreeWidgetItem) -> None:
        q = _dato(item)
        en_grupo = _tipo(item.parent()) == PREGUNTA
        self.p_clave.setText(q.get("clave", ""))
        self.p_texto.setText(q.get("texto", ""))
        with QSignalBlocker(self.p_tipo):
            self.p_tipo.clear()
            for t in TIPOS_SIMPLES if en_grupo else TIPOS:
                self.p_tipo.addItem(NOMBRES_TIPO[t], t)
            self.p_tipo.setCurrentIndex(max(0, self.p_tipo.findData(q.get("tipo"))))
        self.p_requerida.setChecked(bool(q.get("requerida")))
        self.p_ayuda.setText(q.get("ayuda", ""))
        self.p_opciones.setPlainText("\n".join(q.get("opciones") or []))
        self.p_min.setText("" if q.get("min") is None else f"{q['min']:g}")
        self.p_max.setText("" if q.get("max") is None else f"{q['max']:g}")
        self.p_decimales.setValue(int(q.get("decimales") or 0))
        si = q.get("si") or {}
        with QSignalBlocker(self.p_cond_pregunta):
            self.p_cond_pregunta.clear()
            self.p_cond_pregunta.addItem(self.tr("(siempre)"), None)
            for a in [] if en_grupo else self._anteriores_a(item):
                self.p_cond_pregunta.addItem(f"{a.get('texto') or a['clave']} ({a['clave']})",
                                             a["clave"])  # fmt: skip
            if si.get("pregunta") and self.p_cond_pregunta.findData(si["pregunta"]) < 0:
                # a condition on a question that is not earlier: shown, and flagged below
                self.p_cond_pregunta.addItem(f"¿{si['pregunta']}?", si["pregunta"])
            self.p_cond_pregunta.setCurrentIndex(max(0, self.p_cond_pregunta.findData(
                si.get("pregunta"))))  # fmt: skip
        operador = next((o for o, _t in OPERADORES if o in si), "igual")
        self.p_cond_operador.setCurrentIndex(self.p_cond_operador.findData(operador))
        self.p_cond_valor.setText(_valor_a_texto(si.get(operador)) if si else "")
        with QSignalBlocker(self.p_equivale):
            self.p_equivale.clear()
            self.p_equivale.addItem(self.tr("(pregunta nueva o con la misma clave)"), None)
            for k in sorted(self.anteriores):
                self.p_equivale.addItem(k, k)
            if q.get("equivale") and self.p_equivale.findData(q["equivale"]) < 0:
                self.p_equivale.addItem(f"¿{q['equivale']}?", q["equivale"])
            self.p_equivale.setCurrentIndex(max(0, self.p_equivale.findData(q.get("equivale"))))
        self._visibilidad(q.get("tipo"), en_grupo)

    def _visibilidad(self, tipo: str | None, en_grupo: bool) -> None:
        f = self.forma_pregunta
        f.setRowVisible(self.p_opciones, tipo in ("opcion", "multiple"))
        f.setRowVisible(self.etiqueta_rango, tipo in ("numero", "texto", "grupo"))
        self.etiqueta_rango.setText(
            self.tr("Integrantes mín. / máx.:") if tipo == "grupo"
            else self.tr("Largo máximo:") if tipo == "texto" else self.tr("Mínimo / máximo:")
        )  # fmt: skip
        self.p_min.setEnabled(tipo != "texto")
        self.p_decimales.setEnabled(tipo == "numero")
        f.setRowVisible(self.p_cond_valor, not en_grupo)
        self.p_cond_pregunta.setEnabled(not en_grupo)
        self.p_cond_operador.setEnabled(not en_grupo)
        f.setRowVisible(self.p_agregar_sub, tipo == "grupo")
        f.setRowVisible(self.p_equivale, not en_grupo)

    def _editar_seccion(self) -> None:
        item = self.arbol.currentItem()
        if self._cargando or _tipo(item) != SECCION:
            return
        _dato(item)["titulo"] = self.titulo_seccion.text()
        self._rotular(item)
        self._cambio()

    def _editar_pregunta(self) -> None:
        item = self.arbol.currentItem()
        if self._cargando or _tipo(item) != PREGUNTA:
            return
        q = _dato(item)
        en_grupo = _tipo(item.parent()) == PREGUNTA
        q["clave"] = self.p_clave.text().strip()
        q["texto"] = self.p_texto.text()
        tipo = self.p_tipo.currentData()
        q["tipo"] = tipo
        _poner(q, "requerida", True if self.p_requerida.isChecked() else None)
        _poner(q, "ayuda", self.p_ayuda.text().strip() or None)
        if tipo in ("opcion", "multiple"):
            q["opciones"] = [o.strip() for o in self.p_opciones.toPlainText().splitlines()
                             if o.strip()]  # fmt: skip
        else:
            q.pop("opciones", None)
        con_rango = tipo in ("numero", "texto", "grupo")
        _poner(q, "min", _numero(self.p_min.text()) if con_rango and tipo != "texto" else None)
        _poner(q, "max", _numero(self.p_max.text()) if con_rango else None)
        _poner(q, "decimales", (self.p_decimales.value() or None) if tipo == "numero" else None)
        if tipo == "grupo":
            q.setdefault("preguntas", [])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled)
        else:
            q.pop("preguntas", None)
            for k in reversed(range(item.childCount())):
                item.takeChild(k)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
        objetivo = self.p_cond_pregunta.currentData()
        if objetivo and not en_grupo:
            operador = self.p_cond_operador.currentData()
            destino = next((a for a in self._anteriores_a(item) if a["clave"] == objetivo), {})
            q["si"] = {"pregunta": objetivo,
                       operador: _texto_a_valor(self.p_cond_valor.text(), operador,
                                                destino.get("tipo"))}  # fmt: skip
        else:
            q.pop("si", None)
        _poner(q, "equivale", self.p_equivale.currentData() if not en_grupo else None)
        self._visibilidad(tipo, en_grupo)
        self._rotular(item)
        self._cambio()

    def resizeEvent(self, evento) -> None:
        super().resizeEvent(evento)
        if not self._divisor_movido:
            total = sum(self.divisor.sizes())
            self.divisor.setSizes([total * p // sum(REPARTO_PANELES) for p in REPARTO_PANELES])

    def _nombre(self) -> None:
        self.d["nombre"] = self.nombre.text()
        self._cambio()

    def _anteriores(self, claves: frozenset[str]) -> None:
        self.anteriores = claves
        actual = self.arbol.currentItem()
        if _tipo(actual) == PREGUNTA:
            self._elegir(actual)
        self._revisar(self.definicion())  # (the preview keeps what was typed in it)

    # ------------------------------------------------------------------ checks and preview
    def _cambio(self) -> None:
        self.estado.clear()
        self.reloj.start()

    def actualizar(self) -> None:
        d = self.definicion()
        self._revisar(d)
        self._vista_previa(d)

    def _revisar(self, d: dict) -> None:
        self.problemas_actuales = formularios.revisar(d, self.anteriores)
        self.problemas.clear()
        for p in self.problemas_actuales:
            self.problemas.addItem(p)
        if not self.problemas_actuales:
            self.problemas.addItem(self.tr("Nada: el formulario se puede publicar."))
        self.boton_publicar.setEnabled(not self.problemas_actuales)

    def _vista_previa(self, d: dict) -> None:
        """Rebuilt after each change, with the answers the administrator had tried so far."""
        probadas = self.formulario_previo.respuestas() if self.formulario_previo else {}
        try:
            definicion = formularios.desde_json(0, d.get("clave", ""), 0, d.get("nombre", ""),
                                                {"secciones": _solo_validas(d)})  # fmt: skip
            w: QWidget = FormularioDinamico(definicion)
        except (ErrorSipros, KeyError, TypeError, ValueError) as e:
            w = QLabel(self.tr("La vista previa espera a que se corrija: %s") % e)
            w.setWordWrap(True)
        self.formulario_previo = w if isinstance(w, FormularioDinamico) else None
        if self.formulario_previo is not None and probadas:
            # (a question that changed type starts empty)
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                self.formulario_previo.fijar(probadas)
        _combos_compactos(w)
        self.previa.setWidget(w)

    def _ir_a_problema(self, item) -> None:
        texto = item.text()
        for it in self._todos():
            clave = _dato(it).get("clave")
            if clave and f"«{clave}»" in texto:
                self.arbol.setCurrentItem(it)
                return

    # ------------------------------------------------------------------ save and publish
    def guardar(self) -> None:
        d, base = disenador.copia(self.definicion()), self.basado_en
        ejecutar(
            lambda: disenador.guardar_borrador(d, base),
            al_terminar=lambda _r: decir(self.estado, self.tr("Borrador guardado.")),
            al_fallar=lambda e: decir(self.estado, e.mensaje, True),
            padre=self,
        )

    def publicar(self) -> None:
        self.actualizar()
        if self.problemas_actuales:
            decir(self.estado, self.tr("Corrija primero lo que falta (abajo)."), True)
            return
        d = disenador.copia(self.definicion())
        if not dialogos.confirmar(
            self,
            self.tr("¿Publicar una versión nueva de %s? Una versión publicada ya no cambia; las "
                    "convocatorias la podrán usar y sus respuestas quedarán con ella.")
            % d["clave"],
        ):  # fmt: skip
            return
        ejecutar(
            lambda: disenador.publicar(d),
            al_terminar=self._publicado,
            al_fallar=lambda e: decir(self.estado, e.mensaje, True),
            padre=self,
        )

    def _publicado(self, f) -> None:
        self.version_publicada = f
        self.publicado.emit(f)
        self.accept()


def _poner(d: dict, campo: str, valor: Any) -> None:
    if valor is None:
        d.pop(campo, None)
    else:
        d[campo] = valor


def _numero(texto: str) -> int | float | None:
    t = texto.strip().replace(",", ".")
    if not t:
        return None
    try:
        v = float(t)
    except ValueError:
        return None
    return int(v) if v.is_integer() else v


def _valor_a_texto(v: Any) -> str:
    if isinstance(v, bool):
        return "Sí" if v else "No"
    if isinstance(v, list):
        return ", ".join(_valor_a_texto(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _texto_a_valor(texto: str, operador: str, tipo: str | None) -> Any:
    def uno(t: str) -> Any:
        t = t.strip()
        if tipo == "si_no":
            return t.lower() in ("sí", "si", "true", "1", "verdadero")
        if tipo == "numero" or operador == "mayor":
            n = _numero(t)
            return t if n is None else n
        return t

    if operador == "en":
        return [uno(x) for x in texto.split(",") if x.strip()]
    return uno(texto)


def _solo_validas(d: dict) -> list[dict]:
    """What the preview can render while the form is being written: questions with a key and
    a known type (choice questions need their choices)."""
    secciones = []
    for s in d.get("secciones") or []:
        preguntas = []
        for q in s.get("preguntas") or []:
            if (
                q.get("clave")
                and q.get("tipo") in TIPOS
                and (q.get("tipo") not in ("opcion", "multiple") or q.get("opciones"))
            ):
                if q.get("tipo") == "grupo":
                    q = {**q, "preguntas": [x for x in q.get("preguntas") or []
                                            if x.get("clave") and x.get("tipo") in TIPOS_SIMPLES
                                            and (x.get("tipo") not in ("opcion", "multiple")
                                                 or x.get("opciones"))]}  # fmt: skip
                preguntas.append(q)
        secciones.append({"titulo": s.get("titulo") or "", "preguntas": preguntas})
    return secciones
