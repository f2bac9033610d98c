"""Drafts of captures in progress, kept on this PC so that nothing typed is lost.

A draft is a JSON object saved in the user data folder (readable only by the user) every time
the capture changes, and removed once the capture is saved in the database. It survives a
dropped connection and closing the application.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sipros_desktop import config


def carpeta() -> Path:
    p = config.carpeta_datos() / "borradores"
    p.mkdir(parents=True, exist_ok=True)
    return p


def _ruta(clave: str) -> Path:
    if not clave or any(c not in "0123456789abcdef-" for c in clave):
        raise ValueError(f"Clave de borrador no válida: {clave!r}")
    return carpeta() / f"{clave}.json"


def guardar(clave: str, contenido: dict[str, Any]) -> Path:
    """Write the draft atomically (a crash never leaves half a file)."""
    destino = _ruta(clave)
    datos = {"guardado": datetime.now().isoformat(timespec="seconds"), **contenido}
    fd, tmp = tempfile.mkstemp(dir=destino.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(datos, f, ensure_ascii=False, default=str)
        os.chmod(tmp, 0o600)
        os.replace(tmp, destino)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return destino


def cargar(clave: str) -> dict[str, Any] | None:
    try:
        return json.loads(_ruta(clave).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pendientes() -> list[tuple[str, dict[str, Any]]]:
    """(clave, contenido) of every draft, newest first."""
    resultado = []
    for p in carpeta().glob("*.json"):
        try:
            resultado.append((p.stem, json.loads(p.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(resultado, key=lambda x: x[1].get("guardado", ""), reverse=True)


def borrar(clave: str) -> None:
    _ruta(clave).unlink(missing_ok=True)
