"""``respaldo crear / lista / restaurar``: the embedded database's backups, as the owner of the
data folder, whom the operating system vouches for (the same service as Archivo → Respaldo)."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop.cli import comun
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    res = sub.add_parser("respaldo", help="respaldos de la base integrada de este equipo")
    rsub = comun.acciones(res)
    rsub.add_parser(
        "crear", help="respalda ahora la base y las cuentas (0600, carpeta 0700)"
    ).set_defaults(func=_crear)
    rsub.add_parser(
        "lista", help="los respaldos de la carpeta, el más reciente primero"
    ).set_defaults(func=_lista)
    rres = rsub.add_parser(
        "restaurar", help="revisa el respaldo y, si es de SIPROS, reemplaza la base con él"
    )
    rres.add_argument("archivo", metavar="ARCHIVO.dump", help="el respaldo (y su .roles.sql)")
    rres.add_argument(
        "--confirmar", action="store_true",
        help="necesario: toda la base se reemplaza y las sesiones se cierran",
    )  # fmt: skip
    rres.set_defaults(func=_restaurar)


def _conectar_integrada() -> None:
    if not comun.conectar().integrada:
        raise ErrorSipros(
            "Los respaldos de un servidor central los hace su administrador de base de datos "
            "(pg_dump, pg_basebackup: vea instaladores/servidor/LEEME.md)."
        )


def _lista(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import respaldo

    _conectar_integrada()
    carpeta = respaldo.carpeta_respaldos()
    print(f"Carpeta: {carpeta}")
    for aviso in respaldo.avisos_carpeta(carpeta):
        print(f"Aviso: {aviso}", file=sys.stderr)
    for r in respaldo.respaldos(carpeta):
        print(f"{r.nombre}  {r.fecha:%d/%m/%Y %H:%M:%S}  {r.tamano / 1_048_576:,.1f} MB")
    return 0


def _crear(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import respaldo

    _conectar_integrada()
    r = respaldo.respaldar_integrada()
    print(f"Respaldo guardado: {r.ruta} ({r.tamano / 1_048_576:,.1f} MB)")
    for aviso in respaldo.avisos_carpeta(r.ruta.parent):
        print(f"Aviso: {aviso}", file=sys.stderr)
    return 0


def _restaurar(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import respaldo

    _conectar_integrada()
    if not args.confirmar:
        raise ErrorSipros(
            "Restaurar reemplaza TODA la base de este equipo por el respaldo y cierra todas las "
            "sesiones: repita la orden con --confirmar."
        )
    try:
        hecha = respaldo.restaurar_integrada(respaldo.Respaldo.de_archivo(Path(args.archivo)))
    except ErrorSipros as e:  # refused: the message, then what differs
        return comun.informar(e, con_detalle=True)
    print(f"Base restaurada con {hecha.respaldo.nombre}.")
    for linea in hecha.informe():
        print(linea)
    # restored, but lines of its accounts file were refused
    return comun.SALIDA_INCOMPLETA if hecha.no_permitidas else 0
