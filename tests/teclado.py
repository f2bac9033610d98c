"""Driving the Ventanilla with the keyboard only: shared by the GUI tests and bench/.

``bot`` is pytest-qt's ``qtbot`` or ``QTest`` itself (same ``keyClicks`` / ``keyClick``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox


class Teclado:
    """Types into whatever has the keyboard focus, checking it is the expected field, and
    counts the keys pressed."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self.teclas = 0

    @property
    def foco(self):
        return QApplication.focusWidget()

    def escribir(self, nombre: str | None, texto: str) -> None:
        w = self.foco
        if nombre is not None:
            assert w.objectName() == nombre or w.parent().objectName() == nombre, (
                f"el foco está en «{w.objectName()}», se esperaba «{nombre}»"
            )
        self.bot.keyClicks(w, texto)
        self.teclas += len(texto)

    def tecla(self, tecla, modificador=Qt.KeyboardModifier.NoModifier) -> None:
        self.bot.keyClick(self.foco, tecla, modificador)
        self.teclas += 1

    def tab(self) -> None:
        self.tecla(Qt.Key.Key_Tab)

    def campo(self, nombre: str, texto: str) -> None:
        self.escribir(nombre, texto)
        self.tab()


# what the clerk types for the socio-economic questionnaire, in screen order
CUIS_TECLADO = [
    ("pregunta_integrantes", "4"), ("pregunta_menores_18", "2"), ("pregunta_mayores_65", "0"),
    ("pregunta_discapacidad", "No"), ("pregunta_jefatura", "La"),
    ("pregunta_lengua_indigena", "No"), ("pregunta_tenencia", "R"), ("pregunta_piso", "C"),
    ("pregunta_techo", "Lo"), ("pregunta_cuartos", "2"), ("pregunta_agua", "E"),
    ("pregunta_drenaje", "S"), ("pregunta_electricidad", "S"), ("pregunta_combustible", "G"),
    ("pregunta_internet", ""), ("pregunta_ocupacion", "Tra"),
    ("pregunta_ingreso_mensual", "7500"), ("pregunta_programas", "No"),
    ("pregunta_alimentacion_poca", "No"), ("pregunta_comio_menos", "No"),
    ("pregunta_sin_comer", "No"), ("pregunta_menores_sin_comer", "No"),
]  # fmt: skip


def llenar_registro(teclado: Teclado, formulario, nombre: str, paterno: str, materno: str) -> None:
    """From the name field (focused after Enter on a new CURP) to Ctrl+S, Tab by Tab."""
    assert teclado.foco is formulario.nombre
    teclado.campo("nombre", nombre)
    teclado.campo("paterno", paterno)
    teclado.campo("materno", materno)
    teclado.campo("municipio", "Quer")
    assert formulario.municipio.currentText() == "Querétaro"
    teclado.tab()  # localidad
    teclado.tab()  # colonia
    teclado.campo("calle", "Av. Zaragoza")
    teclado.campo("numExt", "15")
    teclado.tab()  # número interior
    teclado.campo("cp", "76000")
    teclado.tab()  # latitud
    teclado.tab()  # longitud
    teclado.campo("telefono", "442 111 2233")
    assert teclado.foco is formulario.acepta_sms
    teclado.tecla(Qt.Key.Key_Space)  # the citizen accepts notices by SMS
    assert formulario.acepta_sms.isChecked()
    teclado.tab()
    teclado.tab()  # correo
    for campo, texto in CUIS_TECLADO:
        teclado.campo(campo, texto)
    assert isinstance(teclado.foco, QCheckBox)
    teclado.tecla(Qt.Key.Key_Space)
    assert formulario.aviso.isChecked()
    teclado.tecla(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
