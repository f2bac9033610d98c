"""Waiting for a condition, never for a fixed time: a loaded machine only makes a test slower,
and a test that waits for something that never happens fails saying what did not happen."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
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
