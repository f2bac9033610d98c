"""Time ``demo`` on a fresh database: total seconds and rows/s per table.

    python bench/demo_1m.py [--ciudadanos 1000000] [--base sipros_bench]

Server: SIPROS_BENCH_SERVIDOR (default postgresql://postgres@127.0.0.1:5432/postgres).
The database named by --base is dropped and created again. Prints the database's size on
disk and that of the document tables (the demo attaches generated documents).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import psycopg

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import demo

SERVIDOR = os.environ.get("SIPROS_BENCH_SERVIDOR", "postgresql://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--ciudadanos", type=int, default=1_000_000)
    p.add_argument("--base", default="sipros_bench")
    a = p.parse_args()
    with psycopg.connect(SERVIDOR, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{a.base}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{a.base}"')
    url = bd.normalizar_url(SERVIDOR).set(database=a.base)
    esquema.actualizar(bd.activar(url))
    inicio = time.perf_counter()
    marcas: list[tuple[str, float]] = []
    r = demo.generar(
        a.ciudadanos, 2022, progreso=lambda e, _h, _t: marcas.append((e, time.perf_counter()))
    )
    print(f"demo --ciudadanos {a.ciudadanos:,}")
    anterior = inicio
    for etapa, t in marcas:
        print(f"  hasta «{etapa}»: {t - inicio:7.1f} s (+{t - anterior:.1f})")
        anterior = t
    for tabla, n in r.filas.items():
        print(f"  {tabla:22} {n:>11,}")
    print(f"  total {r.total:,} filas en {r.segundos:.1f} s = {r.total / r.segundos:,.0f} filas/s")
    print(f"  objetivo 300 s: {r.segundos / 300:.2f} del objetivo")
    print(f"  memoria máxima: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    with psycopg.connect(bd.normalizar_url(SERVIDOR).set(drivername="postgresql", database=a.base)
                         .render_as_string(hide_password=False)) as c:  # fmt: skip
        total = c.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        print(f"  en disco: {total / 1_048_576:,.0f} MB")
        for tabla in ("documento", "archivo", "solicitud"):
            n = c.execute("SELECT pg_total_relation_size(%s)", (tabla,)).fetchone()[0]
            print(f"    {tabla:20} {n / 1_048_576:9,.1f} MB (con índices y TOAST)")


if __name__ == "__main__":
    main()
