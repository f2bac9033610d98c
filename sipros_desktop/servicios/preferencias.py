"""What each staff member's desktop remembers on this PC (window size and place), as JSON in
the user data folder, one file per staff member: never pickles, nothing personal."""

from __future__ import annotations

import base64
import json

from sipros_desktop import config


def _ruta(usuario: str):
    try:
        return config.carpeta_de_usuario("ventanas", usuario) / "ventanas.json"
    except ValueError:
        return None


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


# The folder where the user last took or left a file of each kind (a scanner's folder for
# documents, the reports folder for Excel files), for every staff member of this PC.
def _ruta_carpetas():
    try:
        return config.carpeta_datos() / "carpetas.json"
    except (OSError, ValueError):
        return None


def carpeta(tipo: str) -> str | None:
    ruta = _ruta_carpetas()
    try:
        valor = json.loads(ruta.read_text(encoding="utf-8")).get(tipo) if ruta else None
    except (OSError, ValueError, AttributeError):
        return None
    from pathlib import Path

    return valor if isinstance(valor, str) and Path(valor).is_dir() else None


def guardar_carpeta(tipo: str, carpeta_: str) -> None:
    ruta = _ruta_carpetas()
    if ruta is None:
        return
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8")) if ruta.exists() else {}
        if not isinstance(datos, dict):
            datos = {}
        datos[tipo] = carpeta_
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_text(json.dumps(datos), encoding="utf-8")
    except (OSError, ValueError):
        pass  # remembering a folder is a convenience, never an error
