"""The socio-economic questionnaire, read-only: one group per section, each question with its
answer, in a scroll area. Used by Ver solicitud, the citizen's file and the front desk's
expediente. Everything shown is plain text (questions and answers come from the database)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios.formularios import CuestionarioLeido
from sipros_desktop.vistas.comun.formato import fecha_hora


def etiqueta_texto(texto: str, nombre: str = "") -> QLabel:
    """A selectable, wrapping label that shows ``texto`` as the characters it is."""
    e = QLabel(texto)
    e.setTextFormat(Qt.TextFormat.PlainText)
    e.setWordWrap(True)
    e.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if nombre:
        e.setObjectName(nombre)
    return e


class CuestionarioLectura(QWidget):
    """``mostrar(cuestionario)``; ``None`` says the citizen has none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cuestionarioLectura")
        self.encabezado = etiqueta_texto("", "encabezadoCuestionario")
        self.contenido = QWidget()
        self.capa_contenido = QVBoxLayout(self.contenido)
        self.capa_contenido.setContentsMargins(0, 0, 4, 0)
        self.desplazable = QScrollArea()
        self.desplazable.setWidgetResizable(True)
        self.desplazable.setFrameShape(QFrame.Shape.NoFrame)
        self.desplazable.setWidget(self.contenido)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(self.encabezado)
        capa.addWidget(self.desplazable, 1)
        self.respuestas: list[tuple[str, str]] = []  # (question, answer) shown, for tests
        self.mostrar(None)

    def limpiar(self, aviso: str = "") -> None:
        while self.capa_contenido.count():
            w = self.capa_contenido.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.respuestas = []
        self.encabezado.setText(aviso)

    def mostrar(self, c: CuestionarioLeido | None) -> None:
        if c is None:
            self.limpiar(self.tr("El ciudadano no tiene cuestionario socioeconómico registrado."))
            self.capa_contenido.addStretch(1)
            return
        self.limpiar()
        texto = self.tr("%s, versión %d · capturado el %s por %s") % (
            c.nombre, c.version, fecha_hora(c.capturado), c.usuario,
        )  # fmt: skip
        if c.sin_responder == 1:
            texto += self.tr(" · 1 pregunta sin respuesta")
        elif c.sin_responder:
            texto += self.tr(" · %d preguntas sin respuesta") % c.sin_responder
        self.encabezado.setText(texto)
        for seccion in c.secciones:
            grupo = QGroupBox(seccion.titulo)  # (a group box title is never rich text)
            forma = QFormLayout(grupo)
            forma.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for pregunta, respuesta in seccion.respuestas:
                q = etiqueta_texto(pregunta)
                q.setMinimumWidth(360)
                q.setMaximumWidth(520)
                forma.addRow(q, etiqueta_texto(respuesta))
                self.respuestas.append((pregunta, respuesta))
            self.capa_contenido.addWidget(grupo)
        self.capa_contenido.addStretch(1)
