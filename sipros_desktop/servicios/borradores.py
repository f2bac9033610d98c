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


def carpeta(usuario: str | None = None) -> Path:
    """The drafts of ``usuario`` (a screen passes its session's), else of the current session's
    staff member. A draft needs no connection: it is saved for whoever typed it, also while the
    session is ending."""
    if usuario is None:
        usuario = bd.contexto().usuario
    return config.carpeta_de_usuario("borradores", usuario.lower())


def _ruta(clave: str, usuario: str | None) -> Path:
    if not clave or any(c not in "0123456789abcdef-" for c in clave):
        raise ValueError(f"Clave de borrador no válida: {clave!r}")
    return carpeta(usuario) / f"{clave}.json"


def guardar(clave: str, contenido: dict[str, Any], *, usuario: str | None = None) -> Path:
    """Write the draft atomically (a crash never leaves half a file)."""
    destino = _ruta(clave, usuario)
    datos = {"guardado": datetime.now().isoformat(timespec="seconds"), **contenido}
    return archivos.guardar_json_privado(destino, datos)


def cargar(clave: str, *, usuario: str | None = None) -> dict[str, Any] | None:
    try:
        return json.loads(_ruta(clave, usuario).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def pendientes(*, usuario: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(clave, contenido) of this user's drafts, newest first; expired ones are deleted."""
    limite = time.time() - DIAS_VIGENCIA * 86400
    mia = carpeta(usuario)
    base = mia.parent
    # drafts of earlier versions, in the shared folder, belong to nobody known: they expire
    for p in [*base.glob("*.json"), *mia.glob("*.json")]:
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < limite:
                p.unlink()
    resultado = []
    for p in mia.glob("*.json"):
        try:
            resultado.append((p.stem, json.loads(p.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(resultado, key=lambda x: x[1].get("guardado", ""), reverse=True)


def borrar(clave: str, *, usuario: str | None = None) -> None:
    _ruta(clave, usuario).unlink(missing_ok=True)
