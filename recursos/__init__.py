"""Shipped resources (icons, styles, catalogues). Installed as ``sipros_desktop.recursos``."""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path


def ruta(nombre: str) -> Path:
    return Path(str(files(__name__) / nombre))


def leer_csv(nombre: str) -> list[dict[str, str]]:
    with ruta(nombre).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
