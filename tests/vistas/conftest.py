"""GUI tests never block on a modal message box: ``dialogos`` records instead of showing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from sipros_desktop import bd
from sipros_desktop.vistas.comun import dialogos


@dataclass
class Dialogos:
    errores: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    preguntas: list[str] = field(default_factory=list)
    responder: bool = True  # what confirmar() answers
    archivo: str | None = None  # what guardar_archivo() answers
    abrir: list[str] = field(default_factory=list)  # what abrir_archivo() answers, in order
    impresiones: list[bytes] = field(default_factory=list)  # PDFs sent to print


@pytest.fixture(autouse=True)
def dialogos_falsos(monkeypatch: pytest.MonkeyPatch) -> Dialogos:
    d = Dialogos()

    def preguntar(_padre, pregunta: str, **_opciones) -> bool:
        d.preguntas.append(pregunta)
        return d.responder

    monkeypatch.setattr(dialogos, "error", lambda _p, m, **_k: d.errores.append(m))
    monkeypatch.setattr(dialogos, "informacion", lambda _p, m: d.avisos.append(m))
    monkeypatch.setattr(dialogos, "confirmar", preguntar)
    monkeypatch.setattr(dialogos, "guardar_archivo", lambda *_a: d.archivo)
    monkeypatch.setattr(dialogos, "abrir_archivo", lambda *_a: d.abrir.pop(0) if d.abrir else None)

    def imprimir(_padre, contenido: bytes, _titulo: str) -> bool:
        d.impresiones.append(contenido)
        return True

    monkeypatch.setattr(dialogos, "imprimir_pdf", imprimir)
    return d


@pytest.fixture(autouse=True)
def carpeta_de_datos_temporal(tmp_path, monkeypatch) -> None:
    """Drafts and profiles of GUI tests go to a temporary folder, never the user's own."""
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path / "datos"))


# The smallest office screen: a 1280 × 720 laptop, less the taskbar and the title bar.
PANTALLA_PEQUENA = (1280, 640)


class _Dialogos_mostrados:
    """Every dialog shown during a test, with the smallest size its layout accepts."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.vistos: dict[str, tuple[int, int]] = {}
        self.fuera: dict[str, tuple[int, int]] = {}  # opened larger than the screen
        registro = self

        class Filtro(QObject):
            def eventFilter(self, obj, evento):
                from PySide6.QtWidgets import QDialog, QMessageBox

                if (
                    evento.type() == QEvent.Type.Show
                    and isinstance(obj, QDialog)
                    and not isinstance(obj, QMessageBox)
                ):
                    m = obj.minimumSizeHint().expandedTo(obj.minimumSize())
                    libre = obj.screen().availableGeometry()
                    if obj.width() > libre.width() or obj.height() > libre.height():
                        registro.fuera[type(obj).__name__] = (obj.width(), obj.height())
                    anterior = registro.vistos.get(type(obj).__name__, (0, 0))
                    registro.vistos[type(obj).__name__] = (
                        max(anterior[0], m.width()),
                        max(anterior[1], m.height()),
                    )
                return False

        self.filtro = Filtro()


@pytest.fixture(autouse=True)
def dialogos_caben_en_pantalla_pequena(qapp):
    """Whatever dialog a GUI test opens must fit the smallest office screen: its layout may
    shrink to 1280 × 640 (long content scrolls inside it instead), and it opens no larger than
    the screen it is on."""
    r = _Dialogos_mostrados()
    qapp.installEventFilter(r.filtro)
    yield r
    qapp.removeEventFilter(r.filtro)
    grandes = {
        nombre: tam
        for nombre, tam in r.vistos.items()
        if tam[0] > PANTALLA_PEQUENA[0] or tam[1] > PANTALLA_PEQUENA[1]
    }
    assert not grandes, f"diálogos que no caben en 1280 × 720: {grandes}"
    assert not r.fuera, f"diálogos abiertos más grandes que la pantalla: {r.fuera}"


# --- field brigades: a front-desk clerk, and the server gone with every session counted


@pytest.fixture
def clerk(personal, datos_locales):
    """A front-desk clerk of state-wide scope, logged in."""
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


@pytest.fixture
def sin_base(monkeypatch):
    """From ``cortar(cuenta)`` on, the server is unreachable and every ``bd.sesion`` is
    counted: the offline screens must not open any."""
    abiertas: list[str] = []
    real = bd.sesion

    def vigilada(*a, **k):
        abiertas.append("sesion")
        return real(*a, **k)

    def cortar(cuenta) -> list[str]:
        bd.activar(cuenta.url.set(port=1), probar=False)
        monkeypatch.setattr(bd, "sesion", vigilada)
        return abiertas

    def volver(personal, cuenta) -> None:
        monkeypatch.setattr(bd, "sesion", real)
        personal.activar_como(cuenta)

    return cortar, volver
