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


# The socio-economic questionnaire (CUIS with its household), in screen order. The household:
# the applicant — her sex and age already taken from the CURP — heading it, and a son of 9 who
# goes to school; then the home, the services, the income, the food-security scale and the
# days each food group was eaten.
SALUD = 7  # the health services' check boxes; the fourth is IMSS-Bienestar
CASA = [
    ("pregunta_menores_18", "1"), ("pregunta_tenencia", "R"), ("pregunta_piso", "C"),
    ("pregunta_techo", "Lo"), ("pregunta_muros", "T"), ("pregunta_cuartos_total", "3"),
    ("pregunta_agua", "E"), ("pregunta_desague", "A"), ("pregunta_electricidad", "S"),
    ("pregunta_combustible", "G"), ("pregunta_internet", ""), ("pregunta_otros_ingresos", "0"),
    ("pregunta_programas", "No"),
    *[(f"pregunta_{c}", "No") for c in (
        "sin_comida", "alimentacion_poca", "dejo_comida", "comio_menos", "hambre", "sin_comer",
        "menores_poca", "menores_sin_comer", "menores_menos_servida", "menores_hambre",
        "menores_acosto_hambre", "menores_una_vez")],
    *[(f"pregunta_dias_{g}", d) for g, d in (
        ("cereales", "7"), ("tuberculos", "2"), ("verduras", "5"), ("frutas", "4"),
        ("carne", "3"), ("huevo", "4"), ("pescado", "0"), ("leguminosas", "5"),
        ("lacteos", "5"), ("aceites", "7"), ("azucar", "7"), ("condimentos", "7"))],
]  # fmt: skip


def integrante(teclado: Teclado, n: int, respuestas: list[str | None]) -> None:
    """One member of the household, from its name to its income: ``respuestas`` in the order
    of the row (``None``: leave as it is; for the health services, the check box to mark)."""
    claves = ["nombre", "parentesco", "sexo", "edad", "nacimiento", "asiste_escuela", "nivel",
              "grado", "salud", "trabajo", "servicio_medico_trabajo", "afore",
              "servicio_medico_otro", "pension_adultos", "discapacidad", "lengua_indigena",
              "ingreso"]  # fmt: skip
    for clave, texto in zip(claves, respuestas, strict=True):
        if clave == "salud":
            for i in range(SALUD):  # Tab through the check boxes, Space on the chosen one
                if texto is not None and i == int(texto):
                    teclado.tecla(Qt.Key.Key_Space)
                teclado.campo(f"pregunta_hogar_{n}_salud", "")
            continue
        teclado.campo(f"pregunta_hogar_{n}_{clave}", texto or "")
    teclado.tab()  # «Quitar» (this member)


def llenar_cuis(teclado: Teclado) -> None:
    integrante(teclado, 1, [None, "J", None, None, None, "No", "Sec", "3", "3", "T",
                            "No", "No", "No", "0", "No", "No", "9500"])  # fmt: skip
    teclado.tecla(Qt.Key.Key_Space)  # «Agregar»: a second member, the cursor in its name
    integrante(teclado, 2, [None, "Hi", "H", "9", None, "S", "Pri", "3", "3", None, None, None,
                            None, None, None, None, "0"])  # fmt: skip
    teclado.tab()  # «Agregar» again: no third member
    for campo, texto in CASA:
        teclado.campo(campo, texto)


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
    llenar_cuis(teclado)
    assert isinstance(teclado.foco, QCheckBox)
    teclado.tecla(Qt.Key.Key_Space)
    assert formulario.aviso.isChecked()
    teclado.tecla(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
