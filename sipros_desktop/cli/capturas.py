"""``capturas DIR``: every window drawn without a screen, one PNG each (the README's images)."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun


def registrar(sub: comun.Subordenes) -> None:
    cap = sub.add_parser("capturas", help="guarda una imagen PNG de cada ventana")
    cap.add_argument("carpeta", metavar="DIR", help="carpeta donde se guardan (se crea)")
    cap.set_defaults(func=_capturas)


def _capturas(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios.archivos import carpeta_de_salida
    from sipros_desktop.vistas.capturas import guardar_capturas

    for ruta in guardar_capturas(str(carpeta_de_salida(Path(args.carpeta)))):
        print(ruta)
    return 0
