"""The command line in Spanish: argparse's own messages translated, and every option's
default said in its help."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

_TRADUCCIONES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "opción no válida: %(value)r (elija entre %(choices)s)"
    ),
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r (se espera un número)",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite a lo más un valor",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "not allowed with argument %s": "no se permite junto con %s",
    "one of the arguments %s is required": "falta uno de estos argumentos: %s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "orden desconocida %(parser_name)r (elija entre %(choices)s)"
    ),
}


def _traducir(texto: str) -> str:
    return _TRADUCCIONES.get(texto, texto)


@contextmanager
def en_espanol() -> Iterator[None]:
    """argparse looks its messages up through a module-level function at the moment it builds
    or reports: replace it while our parser is built and used."""
    anterior = argparse._
    argparse._ = _traducir
    try:
        yield
    finally:
        argparse._ = anterior


class Formato(argparse.HelpFormatter):
    """Help with each option's default, in Spanish."""

    def _get_help_string(self, action: argparse.Action) -> str:
        ayuda = action.help or ""
        if (
            action.default not in (None, False, "", argparse.SUPPRESS)
            and action.option_strings
            and "%(default)" not in ayuda
            and "por omisión" not in ayuda
        ):
            ayuda += " (por omisión: %(default)s)"
        return ayuda
