"""Drafts of captures in progress, kept on this PC so that nothing typed is lost.

A draft is a JSON object saved every time the capture changes and removed once the capture is
saved in the database or discarded. It survives a dropped connection and closing the
application. Drafts hold personal data: each belongs to the staff member who made it (a folder
per user, that only the operating-system user can open; files 0600), is listed only for them,
and is deleted after ``DIAS_VIGENCIA`` days.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from sipros_desktop import bd, config
from sipros_desktop.servicios import archivos

DIAS_VIGENCIA = 7


def carpeta() -> Path:
    """The drafts of the staff member logged in now."""
    return config.carpeta_de_usuario("borradores", (bd.motor().url.username or "").lower())


def hay_sesion() -> bool:
    """Whether someone is logged in (drafts belong to a staff member; after logging out a
    pending autosave has nobody to save for)."""
    try:
        bd.motor()
    except RuntimeError:
        return False
    return True


def _ruta(clave: str) -> Path:
    if not clave or any(c not in "0123456789abcdef-" for c in clave):
        raise ValueError(f"Clave de borrador no válida: {clave!r}")
    return carpeta() / f"{clave}.json"


def guardar(clave: str, contenido: dict[str, Any]) -> Path:
    """Write the draft atomically (a crash never leaves half a file)."""
    destino = _ruta(clave)
    datos = {"guardado": datetime.now().isoformat(timespec="seconds"), **contenido}
    return archivos.guardar_json_privado(destino, datos)


def cargar(clave: str) -> dict[str, Any] | None:
    try:
        return json.loads(_ruta(clave).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pendientes() -> list[tuple[str, dict[str, Any]]]:
    """(clave, contenido) of this user's drafts, newest first; expired ones are deleted."""
    limite = time.time() - DIAS_VIGENCIA * 86400
    base = carpeta().parent
    # drafts of earlier versions, in the shared folder, belong to nobody known: they expire
    for p in [*base.glob("*.json"), *carpeta().glob("*.json")]:
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < limite:
                p.unlink()
    resultado = []
    for p in carpeta().glob("*.json"):
        try:
            resultado.append((p.stem, json.loads(p.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(resultado, key=lambda x: x[1].get("guardado", ""), reverse=True)


def borrar(clave: str) -> None:
    _ruta(clave).unlink(missing_ok=True)
