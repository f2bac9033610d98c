"""The one generic form widget: renders any form definition of ``servicios.formularios``.

Every question gets a keyboard-friendly editor (line edit, spin box, combo with type-ahead,
check boxes); conditional questions appear and disappear as the answers change. Unanswered
numbers and dates show «—» (the spin box's special value), so "not answered" is never
confused with zero.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios.formularios import DefinicionFormulario, Pregunta

SIN_RESPUESTA = "—"
# columns of a multiple choice by its longest option (characters): 3 up to 14, 2 up to 28
COLUMNAS_MULTIPLE = ((3, 14), (2, 28))
_FECHA_VACIA = QDate(1900, 1, 1)


class _Multiple(QWidget):
    """Several choices: one check box each (Space toggles, Tab moves on), in up to three
    columns as their texts allow (a long list in one row would widen the whole form)."""

    cambiado = Signal()

    def __init__(self, opciones: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        capa = QGridLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        self.casillas = []
        largo = max((len(o) for o in opciones), default=0)
        columnas = next((n for n, tope in COLUMNAS_MULTIPLE if largo <= tope), 1)
        for i, o in enumerate(opciones):
            c = QCheckBox(o)
            c.toggled.connect(self.cambiado)
            capa.addWidget(c, i // columnas, i % columnas)
            self.casillas.append(c)
        capa.setColumnStretch(columnas, 1)

    def valor(self) -> list[str]:
        return [c.text() for c in self.casillas if c.isChecked()]

    def fijar(self, valores: list[str]) -> None:
        for c in self.casillas:
            c.setChecked(c.text() in (valores or []))


class _Fecha(QDateEdit):
    """A date: typed day, month and year (each section moves on by itself when complete); Tab
    always goes on to the next question — a plain QDateEdit keeps Tab among its sections, and
    with «—» shown (no answer) it never lets go."""

    def focusNextPrevChild(self, siguiente: bool) -> bool:
        return QWidget.focusNextPrevChild(self, siguiente)


class _Grupo(QWidget):
    """A repeatable group (household members): one small form per member, added with
    «Agregar» and removed with «Quitar»; its value is the list of the members' answers."""

    cambiado = Signal()

    def __init__(self, p: Pregunta, crear: Callable[[Pregunta, Signal], QWidget]) -> None:
        super().__init__()
        self.pregunta = p
        self._crear = crear
        self.filas: list[tuple[QGroupBox, dict[str, Editor], QPushButton]] = []
        self._ancla: QWidget | None = None  # what Tab reaches just before the group
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        self.contenedor = QVBoxLayout()
        capa.addLayout(self.contenedor)
        self.boton = QPushButton(self.tr("Agregar"))
        self.boton.setObjectName(f"agregar_{p.clave}")
        self.boton.clicked.connect(self.agregar)
        fila = QHBoxLayout()
        fila.addWidget(self.boton)
        fila.addStretch(1)
        capa.addLayout(fila)

    def agregar(self) -> dict[str, Editor]:
        n = len(self.filas) + 1
        caja = QGroupBox(self.tr("Número %d") % n)
        forma = QFormLayout(caja)
        # as the form's own questions: a long text wraps, the answer keeps the rest
        forma.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        forma.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        editores: dict[str, Editor] = {}
        for s in self.pregunta.preguntas:
            w = self._crear(s, self.cambiado)
            w.setObjectName(f"pregunta_{self.pregunta.clave}_{n}_{s.clave}")
            if s.ayuda:
                w.setToolTip(s.ayuda)
            etiqueta = QLabel(s.texto + (" *" if s.requerida else ""))
            etiqueta.setTextFormat(Qt.TextFormat.PlainText)
            etiqueta.setWordWrap(True)
            etiqueta.setMaximumWidth(ANCHO_PREGUNTA[1])
            etiqueta.setBuddy(w)
            forma.addRow(etiqueta, w)
            editores[s.clave] = Editor(s, w)
        quitar = QPushButton(self.tr("Quitar"))
        quitar.clicked.connect(lambda: self.quitar(caja))
        forma.addRow("", quitar)
        self.contenedor.addWidget(caja)
        if self.isVisible():  # now, not at the next turn of the event loop: a clerk's next Tab
            caja.show()  # must find the new member's fields already there
        self.filas.append((caja, editores, quitar))
        self.boton.setEnabled(self.pregunta.maximo is None or n < self.pregunta.maximo)
        self._tabulador()
        self.cambiado.emit()
        next(iter(editores.values())).widget.setFocus()
        return editores

    def _tabulador(self) -> None:
        """Tab goes through the rows in order — each member's answers, its «Quitar» —, then
        «Agregar», then on to the question after the group (a row is created after the rest of
        the form, so by itself it would come last in the window)."""
        if self._ancla is None:
            w = self.boton.previousInFocusChain()
            while w is not None and w is not self.boton and (
                w is self or self.isAncestorOf(w)
                or not w.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):  # fmt: skip
                w = w.previousInFocusChain()
            self._ancla = None if w is self.boton else w
        cadena: list[QWidget] = []
        for _caja, editores, quitar in self.filas:
            for e in editores.values():
                w = e.widget
                cadena.extend(getattr(w, "casillas", None) or [w])
            cadena.append(quitar)
        cadena.append(self.boton)
        anterior = self._ancla
        for w in cadena:
            if anterior is not None:
                QWidget.setTabOrder(anterior, w)
            anterior = w

    def quitar(self, caja: QGroupBox) -> None:
        self.filas = [f for f in self.filas if f[0] is not caja]
        caja.hide()
        caja.deleteLater()
        for n, (c, _e, _q) in enumerate(self.filas, start=1):
            c.setTitle(self.tr("Número %d") % n)
        self.boton.setEnabled(True)
        self.cambiado.emit()

    def valor(self) -> list[dict[str, Any]]:
        filas = [{k: e.valor() for k, e in editores.items()} for _c, editores, _q in self.filas]
        return [f for f in filas if any(v not in (None, "", []) for v in f.values())]

    def fijar(self, filas: list[dict[str, Any]] | None) -> None:
        for caja, _e, _q in list(self.filas):
            self.quitar(caja)
        for f in filas or []:
            for k, e in self.agregar().items():
                e.fijar(f.get(k))


class Editor:
    """A question's editor: how to read and write its value."""

    def __init__(self, pregunta: Pregunta, widget: QWidget) -> None:
        self.pregunta = pregunta
        self.widget = widget

    def valor(self) -> Any:
        w, p = self.widget, self.pregunta
        if p.tipo == "texto":
            return w.text().strip() or None
        if p.tipo == "numero":
            if w.value() == w.minimum():
                return None
            return round(w.value(), p.decimales) if p.decimales else int(w.value())
        if p.tipo == "fecha":
            return None if w.date() == _FECHA_VACIA else w.date().toPython().isoformat()
        if p.tipo == "opcion":
            return w.currentText() if w.currentIndex() > 0 else None
        if p.tipo == "si_no":
            return {1: True, 2: False}.get(w.currentIndex())
        if p.tipo in ("multiple", "grupo"):
            return w.valor() or None
        return None

    def fijar(self, v: Any) -> None:
        w, p = self.widget, self.pregunta
        if p.tipo == "texto":
            w.setText(v or "")
        elif p.tipo == "numero":
            w.setValue(w.minimum() if v is None else v)
        elif p.tipo == "fecha":
            w.setDate(QDate.fromString(v, "yyyy-MM-dd") if v else _FECHA_VACIA)
        elif p.tipo == "opcion":
            w.setCurrentIndex(max(0, w.findText(v)) if v else 0)
        elif p.tipo == "si_no":
            w.setCurrentIndex({True: 1, False: 2}.get(v, 0))
        elif p.tipo in ("multiple", "grupo"):
            w.fijar(v or [])


ANCHO_PREGUNTA = (300, 360)  # a question's text wraps between these widths (px)


def _al_cambiar(w: QWidget, hacer: Callable[[], None]) -> None:
    """``hacer`` when the clerk changes the answer in ``w`` (whatever kind of editor)."""
    if isinstance(w, QLineEdit):
        w.textChanged.connect(hacer)
    elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
        w.valueChanged.connect(hacer)
    elif isinstance(w, QDateEdit):
        w.dateChanged.connect(hacer)
    elif isinstance(w, QComboBox):
        w.currentIndexChanged.connect(hacer)
    elif hasattr(w, "cambiado"):
        w.cambiado.connect(hacer)


class FormularioDinamico(QWidget):
    """Renders a DefinicionFormulario; ``respuestas()`` gives the answers of visible questions."""

    cambiado = Signal()

    def __init__(self, definicion: DefinicionFormulario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definicion = definicion
        self.setObjectName(f"formulario_{definicion.clave}")
        self.editores: dict[str, Editor] = {}
        self.marcas: dict[str, QLabel] = {}
        self._filas: dict[str, tuple[QFormLayout, QWidget]] = {}
        self._ayudas: dict[str, QLabel] = {}
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        for seccion in definicion.secciones:
            grupo = QGroupBox(seccion.titulo)
            forma = QFormLayout(grupo)
            # a long question wraps in its own column; the answer keeps the rest of the width
            forma.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            forma.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for p in seccion.preguntas:
                w = self._crear(p, self.cambiado)
                w.setObjectName(f"pregunta_{p.clave}")
                etiqueta = QLabel(p.texto + (" *" if p.requerida else ""))
                etiqueta.setTextFormat(Qt.TextFormat.PlainText)
                etiqueta.setWordWrap(True)
                etiqueta.setMinimumWidth(ANCHO_PREGUNTA[0])
                etiqueta.setMaximumWidth(ANCHO_PREGUNTA[1])
                etiqueta.setBuddy(w)
                forma.addRow(etiqueta, w)
                _al_cambiar(w, lambda *_a, clave=p.clave: self._respondida(clave))
                if p.ayuda:  # help text: under the question, and as its tooltip
                    w.setToolTip(p.ayuda)
                    ayuda = QLabel(p.ayuda)
                    ayuda.setObjectName(f"ayuda_pregunta_{p.clave}")
                    ayuda.setWordWrap(True)
                    ayuda.setStyleSheet("color: #555555; font-size: 9pt;")
                    forma.addRow("", ayuda)
                    self._ayudas[p.clave] = ayuda
                marca = QLabel()  # what is wrong with the answer, under it
                marca.setObjectName(f"error_pregunta_{p.clave}")
                marca.setWordWrap(True)
                marca.setStyleSheet("color: #B00020; font-size: 9pt;")
                forma.addRow("", marca)
                forma.setRowVisible(marca, False)
                self.marcas[p.clave] = marca
                self.editores[p.clave] = Editor(p, w)
                self._filas[p.clave] = (forma, w)
            capa.addWidget(grupo)
        self.cambiado.connect(self._condiciones)
        self._condiciones()

    @classmethod
    def _crear(cls, p: Pregunta, cambiado: Signal) -> QWidget:
        if p.tipo == "grupo":
            w = _Grupo(p, cls._crear)
            w.cambiado.connect(cambiado)
            return w
        if p.tipo == "texto":
            w = QLineEdit()
            if p.maximo:
                w.setMaxLength(int(p.maximo))
            w.textChanged.connect(cambiado)
            return w
        if p.tipo == "numero":
            w = QDoubleSpinBox() if p.decimales else QSpinBox()
            if p.decimales:
                w.setDecimals(p.decimales)
                paso = 10**-p.decimales
            else:
                paso = 1
            minimo = p.minimo if p.minimo is not None else 0
            w.setRange(minimo - paso, p.maximo if p.maximo is not None else 10**9)
            w.setSpecialValueText(SIN_RESPUESTA)
            w.setValue(w.minimum())
            w.valueChanged.connect(cambiado)
            return w
        if p.tipo == "fecha":
            w = _Fecha()
            w.setDisplayFormat("dd/MM/yyyy")
            w.setMinimumDate(_FECHA_VACIA)
            w.setSpecialValueText(SIN_RESPUESTA)
            w.setDate(_FECHA_VACIA)
            w.dateChanged.connect(cambiado)
            return w
        if p.tipo in ("opcion", "si_no"):
            w = QComboBox()
            w.addItem(SIN_RESPUESTA)
            w.addItems(list(p.opciones) if p.tipo == "opcion" else ["Sí", "No"])
            w.currentIndexChanged.connect(cambiado)
            return w
        w = _Multiple(p.opciones)
        w.cambiado.connect(cambiado)
        return w

    def _condiciones(self) -> None:
        actuales = {k: e.valor() for k, e in self.editores.items()}
        for clave, e in self.editores.items():
            forma, w = self._filas[clave]
            aplica = e.pregunta.aplica(actuales)
            forma.setRowVisible(w, aplica)
            if clave in self._ayudas:
                forma.setRowVisible(self._ayudas[clave], aplica)
            forma.setRowVisible(self.marcas[clave], aplica and bool(self.marcas[clave].text()))

    def _respondida(self, clave: str) -> None:
        """The clerk changed the answer: its «Falta responder» (or other mark) goes now, not at
        the next save (which checks everything again)."""
        marca = self.marcas.get(clave)
        if marca is not None and marca.text():
            marca.clear()
            self.editores[clave].widget.setStyleSheet("")
            forma, _w = self._filas[clave]
            forma.setRowVisible(marca, False)

    def marcar(self, errores: dict[str, str]) -> QWidget | None:
        """Each question's problem under it, with a red border; returns the first one."""
        self.limpiar_marcas()
        primero = None
        for clave, mensaje in errores.items():
            if clave not in self.marcas:
                continue
            self.marcas[clave].setText(mensaje)
            w = self.editores[clave].widget
            if isinstance(w, QLineEdit):  # (a border on spin or combo boxes breaks their size)
                w.setStyleSheet("border: 2px solid #B00020;")
            primero = primero or w
        self._condiciones()
        return primero

    def limpiar_marcas(self) -> None:
        for clave, marca in self.marcas.items():
            marca.clear()
            self.editores[clave].widget.setStyleSheet("")
        self._condiciones()

    def respuestas(self) -> dict[str, Any]:
        todas = {k: e.valor() for k, e in self.editores.items()}
        return self.definicion.limpiar(todas)

    def fijar(self, respuestas: dict[str, Any]) -> None:
        for k, e in self.editores.items():
            e.fijar(respuestas.get(k))
        self._condiciones()

    def errores(self) -> list[str]:
        return self.definicion.validar(self.respuestas())

    def primer_editor(self) -> QWidget | None:
        e = next(iter(self.editores.values()), None)
        return e.widget if e else None
