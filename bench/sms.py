"""The SMS dispatcher draining the outbox against the fake gateway of the tests (127.0.0.1).

Prints messages per second of one dispatcher (target ≥ 50/s) and duplicates (target 0), for a
clean run and for one where 10 % of the first attempts fail (HTTP 500, retried with backoff),
and for two dispatchers at once. The dispatcher runs as its own account (sipros_despacho).

    python bench/sms.py [--base sipros_bench_sms] [--mensajes 10000]

It uses (and creates and migrates when missing) its own small database on the local server.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_sms_"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import psycopg

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import despachador as dsp
from tests.pasarela import Pasarela

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas

USUARIO = "bench_despacho"


def preparar(base: str) -> None:
    admin = bd.normalizar_url(cuentas.SERVIDOR)
    with psycopg.connect(bd.dsn(admin), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (base,)).fetchone():
            c.execute(f'CREATE DATABASE "{base}"')
    motor = bd.crear_motor(cuentas.url_base(base))
    esquema.actualizar(motor)
    motor.dispose()
    with psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (USUARIO,)).fetchone():
            c.execute(f"CREATE ROLE {USUARIO} LOGIN PASSWORD '{cuentas.PASSWORD}' "
                      "IN ROLE sipros_despacho")  # fmt: skip


def encolar(base: str, n: int, fallan: float) -> None:
    """n test messages (as the owner, in one statement); a share asks the gateway for a 500."""
    with psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True) as c:
        c.execute("DELETE FROM mensaje")
        c.execute(
            "INSERT INTO mensaje (evento, telefono, texto) "
            "SELECT 'prueba', '+52442' || lpad(i::text, 7, '0'), "
            "'SIPROS: aviso ' || i || CASE WHEN i %% 100 < %s THEN ' #500#' ELSE '' END "
            "FROM generate_series(1, %s) i",
            (round(fallan * 100), n),
        )


def correr(base: str, n: int, despachadores: int, fallan: float) -> tuple[float, Pasarela]:
    encolar(base, n, fallan)
    bd.activar(cuentas.url_base(base).set(username=USUARIO, password=cuentas.PASSWORD))
    with Pasarela() as gw:
        c = dsp.Configuracion(url=gw.url, por_segundo=0, tiempo=5, base=0.2, tope=1, espera=0.05)
        inicio = time.perf_counter()
        hilos = [threading.Thread(target=lambda: _hasta_vaciar(c)) for _ in range(despachadores)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
        segundos = time.perf_counter() - inicio
    bd.desactivar()
    return segundos, gw


def _hasta_vaciar(c: dsp.Configuracion) -> None:
    from sipros_desktop.servicios import sms

    while True:
        dsp.Despachador(dsp.crear_proveedor(c), c).ejecutar(una_vez=True)
        e = sms.resumen().por_estado
        if not e.get("Pendiente") and not e.get("Enviando"):
            return
        time.sleep(0.05)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", default="sipros_bench_sms")
    p.add_argument("--mensajes", type=int, default=10_000)
    a = p.parse_args()
    preparar(a.base)
    print(f"Despachador SMS contra la pasarela falsa local, {a.mensajes:,} mensajes")
    for nombre, despachadores, fallan in (
        ("un despachador, todo bien", 1, 0.0),
        ("un despachador, 10 % con HTTP 500 al primer intento", 1, 0.10),
        ("dos despachadores a la vez", 2, 0.0),
    ):
        segundos, gw = correr(a.base, a.mensajes, despachadores, fallan)
        recibidos = len(gw.recibidos)
        entregados = len(gw.entregados)
        duplicados = gw.repetidos
        ritmo = entregados / segundos
        print(
            f"  {nombre:<55} {segundos:6.1f} s  {ritmo:7.0f} mensajes/s "
            f"({ritmo / 50:4.1f}× la meta de 50/s)  entregados {entregados:,}  "
            f"peticiones {recibidos:,}  duplicados {duplicados}"
        )
        assert entregados == a.mensajes, "faltaron mensajes"


if __name__ == "__main__":
    main()
