"""What every command shares: the Spanish parser, the connection (SIPROS_DB_URL, the saved
profile or the embedded database; ``--usuario``), passwords asked on the terminal, JSON output,
dates as typed, errors in Spanish and the exit codes the README documents."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from sipros_desktop.cli import argumentos
from sipros_desktop.errores import ErrorSipros

if TYPE_CHECKING:
    from sipros_desktop.servicios.sesion import Destino

# exit codes (README, «Línea de órdenes»)
SALIDA_BIEN = 0
SALIDA_ERROR = 1  # with its Spanish message on standard error
SALIDA_MAL_ESCRITA = 2  # argparse's own refusals
SALIDA_INCOMPLETA = 3  # the cases each command documents (conflicts, nothing applied …)
SALIDA_INTERRUMPIDA = 130  # Ctrl+C

Subordenes = argparse._SubParsersAction  # what add_subparsers() returns


class Analizador(argparse.ArgumentParser):
    """Our parser: Spanish help with every option's default (sub-commands inherit it)."""

    def __init__(self, *a, **k) -> None:
        k.setdefault("formatter_class", argumentos.Formato)
        super().__init__(*a, **k)


def acciones(orden: argparse.ArgumentParser) -> Subordenes:
    """The actions of a group of commands (``carga validar``, ``carga lista`` …): one is
    required."""
    return orden.add_subparsers(dest="accion", required=True, metavar="ACCION")


def plural(n: int, uno: str, varios: str) -> str:
    """«1 pregunta», «2 preguntas», «20,000 filas» (es-MX)."""
    return f"{n:,} {uno if n == 1 else varios}"


def conectar() -> Destino:
    """Connect where the app would (SIPROS_DB_URL, the saved profile, or the embedded
    database as its owner unless --usuario / PGUSER name a staff member)."""
    from sipros_desktop.servicios.sesion import conectar_configurada

    return conectar_configurada()


def como_funcionario(usuario: str) -> None:
    """``--usuario``: the command acts as this staff member (PGUSER, and its password from
    PGPASSWORD or asked on the terminal without echo), on the embedded database too."""
    import getpass

    os.environ["PGUSER"] = usuario.strip()
    if not os.environ.get("PGPASSWORD"):
        if not sys.stdin.isatty():
            raise SystemExit(
                "Error: para actuar como otro funcionario sin terminal, ponga su contraseña en "
                "PGPASSWORD."
            )
        os.environ["PGPASSWORD"] = getpass.getpass(f"Contraseña de {usuario}: ")


def leer_linea() -> str:
    """One line of standard input (``--password-stdin``), without its line break."""
    return sys.stdin.readline().rstrip("\r\n")


def leer_password(desde_stdin: bool, usuario: str) -> tuple[str, str]:
    """A new password and its confirmation: one line of standard input, or asked twice on the
    terminal without echo."""
    if desde_stdin:
        linea = leer_linea()
        return linea, linea
    if not sys.stdin or not sys.stdin.isatty():
        raise ErrorSipros(
            "No hay una terminal donde pedir la contraseña: désela por la entrada estándar "
            "con --password-stdin."
        )
    import getpass

    try:
        primera = getpass.getpass(f"Contraseña para {usuario}: ")
        return primera, getpass.getpass("Repita la contraseña: ")
    except EOFError as e:
        raise ErrorSipros("No se recibió la contraseña.") from e


def imprimir_json(
    datos: Any, *, escapar: bool = False, sangria: int | None = None, default: Any = None
) -> None:
    """``--json``: one document on standard output. ``escapar`` writes non-ASCII letters as
    \\u escapes (the commands that always did keep doing it)."""
    print(json.dumps(datos, ensure_ascii=escapar, indent=sangria, default=default))


def fecha_de(texto: str | None, opcion: str) -> date | None:
    """A date as typed on the command line: AAAA-MM-DD or DD/MM/AAAA (as the app shows them)."""
    from datetime import datetime

    if not texto:
        return None
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(texto.strip(), formato).date()
        except ValueError:
            continue
    raise ErrorSipros(f"{opcion} «{texto}» no es una fecha: escriba DD/MM/AAAA o AAAA-MM-DD.")


def informar(error: ErrorSipros, *, con_detalle: bool = False) -> int:
    """The error's Spanish message on standard error (and its detail, when asked); exit 1."""
    print(f"Error: {error.mensaje}", file=sys.stderr)
    if con_detalle and error.detalle:
        print(error.detalle, file=sys.stderr)
    return SALIDA_ERROR
