"""The command line: ``sipros-desktop ORDEN …``; without a command, the application.

One module per group of commands, each registering its sub-commands with the function that
runs them (``set_defaults(func=…)``); every function is a thin call of the same servicios the
windows use. What they share — the connection, passwords, JSON, dates, errors and exit codes —
is in ``comun``."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop import __version__, app
from sipros_desktop.cli import (
    argumentos,
    brigada,
    capturas,
    carga,
    catalogos,
    ciudadano,
    comun,
    consulta,
    db,
    entregas,
    formulario,
    pobreza,
    reporte,
    respaldo,
    servidor,
    sms,
    usuario,
)
from sipros_desktop.errores import ErrorSipros

# the groups of commands, in the order the help lists them
GRUPOS = (
    db, capturas, catalogos, formulario, usuario, entregas, brigada, carga, sms, ciudadano,
    consulta, pobreza, reporte, respaldo, servidor,
)  # fmt: skip


def analizador() -> argparse.ArgumentParser:
    """The whole command line: the general options and every group's commands."""
    p = comun.Analizador(
        prog="sipros-desktop",
        description="SIPROS Escritorio. Sin argumentos abre la aplicación.",
        epilog="La base de datos se toma de SIPROS_DB_URL, del perfil de conexión guardado o, "
        "si no hay ninguno, de la base integrada en la carpeta de datos (SIPROS_DATOS).",
    )
    p.add_argument(
        "--version", action="version", version=f"sipros-desktop {__version__}",
        help="muestra la versión y termina",
    )  # fmt: skip
    p.add_argument(
        "--usuario", metavar="NOMBRE", dest="como_usuario",
        help="actúa como este funcionario (su contraseña: PGPASSWORD o se pregunta); en la base "
        "integrada, sin esta opción ni PGUSER, la línea de órdenes actúa como su propietario",
    )  # fmt: skip
    sub = p.add_subparsers(dest="orden", metavar="ORDEN")
    for grupo in GRUPOS:
        grupo.registrar(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """``sipros-desktop``: the exit code of the command, or of the application when none is
    given. SIGTERM ends either as a normal exit would (and Ctrl+C the application too)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    senales = [signal.SIGTERM] + ([signal.SIGINT] if not argv and len(sys.argv) <= 1 else [])
    anteriores = {s: signal.signal(s, app.terminar_con_senal) for s in senales}
    try:
        return _main(argv)
    finally:
        for s, h in anteriores.items():
            signal.signal(s, h)


def _main(argv: list[str] | None) -> int:
    with argumentos.en_espanol():
        args = analizador().parse_args(argv)
    if args.como_usuario:
        comun.como_funcionario(args.como_usuario)
    if args.orden is None:
        return app.abrir()
    try:
        return args.func(args)
    except ErrorSipros as e:
        return comun.informar(e)
    except KeyboardInterrupt:
        print("Interrumpido; no se guardó nada.", file=sys.stderr)
        return comun.SALIDA_INTERRUMPIDA
