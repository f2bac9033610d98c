"""GUI tests never block on a modal message box: ``dialogos`` records instead of showing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

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

    def preguntar(_padre, pregunta: str) -> bool:
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
