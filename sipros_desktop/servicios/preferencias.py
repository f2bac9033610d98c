"""What each staff member's desktop remembers on this PC (window size and place), as JSON in
the user data folder, one file per staff member: never pickles, nothing personal."""

from __future__ import annotations

import base64
import json
import re

from sipros_desktop import config

_USUARIO = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _ruta(usuario: str):
    if not _USUARIO.match(usuario or ""):
        return None
    carpeta = config.carpeta_datos() / "ventanas"
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta / f"{usuario}.json"


def geometria(usuario: str, ventana: str = "principal") -> bytes | None:
    """The saved geometry of ``ventana`` for ``usuario``, or None the first time."""
    ruta = _ruta(usuario)
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8")) if ruta else {}
        return base64.b64decode(datos[ventana])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def guardar_geometria(usuario: str, contenido: bytes, ventana: str = "principal") -> None:
    ruta = _ruta(usuario)
    if ruta is None:
        return
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8")) if ruta.exists() else {}
    except (OSError, ValueError):
        datos = {}
    datos[ventana] = base64.b64encode(contenido).decode("ascii")
    ruta.write_text(json.dumps(datos), encoding="utf-8")
