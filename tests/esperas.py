"""Waiting for a condition, never for a fixed time: a loaded machine only makes a test slower,
and a test that waits for something that never happens fails saying what did not happen."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg


def hasta(
    condicion: Callable[[], Any],
    que: str,
    segundos: float = 30,
    proceso: subprocess.Popen | None = None,
) -> Any:
    """Poll ``condicion`` until it gives something true (returned), with a deadline; when the
    ``proceso`` being watched ends first, fail at once with its error output."""
    limite = time.monotonic() + segundos
    while True:
        valor = condicion()
        if valor:
            return valor
        if proceso is not None and proceso.poll() is not None:
            salida = proceso.stderr.read().decode(errors="replace") if proceso.stderr else ""
            raise AssertionError(f"{que}: el proceso terminó ({proceso.returncode}) {salida}")
        if time.monotonic() > limite:
            raise AssertionError(f"{que}: no ocurrió en {segundos:.0f} s")
        time.sleep(0.02)


def bloqueados_por(sql: psycopg.Connection, pid: int, usuario: str | None = None) -> list[int]:
    """The server processes (of ``usuario``, if given) waiting for a lock that the session
    ``pid`` holds: a way to know that some work reached a point and waits there."""
    return [
        p
        for (p,) in sql.execute(
            "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid)) "
            "AND (%s::text IS NULL OR usename = %s::text)",
            (pid, usuario, usuario),
        )
    ]


@contextlib.contextmanager
def matado_al_escribir(
    proceso: subprocess.Popen, diario: Path, candado: psycopg.Connection
) -> Iterator[Callable[[], None]]:
    """Hold a sync at its worst moment and kill it there: the caller waits until the process
    blocks on ``candado``'s lock, then calls the function yielded, which swaps the journal for
    a FIFO (opening it to write waits for a reader forever), releases the lock — so the next
    entry commits on the server and its confirmation can never be written — and lets the
    caller's ``despues`` check run before the kill. Whatever happens, the process is killed,
    the lock released and the journal put back."""
    aparte = diario.with_name(diario.name + ".aparte")

    def atascar() -> None:
        os.rename(diario, aparte)
        os.mkfifo(diario, 0o600)
        candado.rollback()

    try:
        yield atascar
    finally:
        if proceso.poll() is None:
            proceso.kill()
            proceso.wait(10)
        candado.close()
        if aparte.exists():
            diario.unlink(missing_ok=True)
            os.rename(aparte, diario)
