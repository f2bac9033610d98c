"""Backup (and restore) of the database filled by bench/demo_1m.py, with the binaries the app
ships (pgserver's pg_dump / pg_restore), as Archivo → Respaldo does on an office PC.

Prints the time and size of the backup, and with --restaurar the time to restore it (restored
aside, migrated if older, then swapped in: the bench database is replaced by its own copy).

    python bench/respaldo.py [--base sipros_bench] [--restaurar]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_respaldo_"))

import psycopg

from sipros_desktop import bd
from sipros_desktop.servicios import respaldo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--restaurar", action="store_true")
    a = p.parse_args()
    superusuario = bd.normalizar_url(cuentas.SERVIDOR)
    with psycopg.connect(bd.dsn(superusuario.set(database=a.base))) as c:
        ciudadanos, tamano = c.execute(
            "SELECT (SELECT count(*) FROM ciudadano), pg_database_size(current_database())"
        ).fetchone()
    print(f"Base {a.base}: {ciudadanos:,} ciudadanos, {tamano / 1_048_576:,.0f} MB en disco")
    with tempfile.TemporaryDirectory(prefix="respaldos_") as carpeta:
        inicio = time.perf_counter()
        r = respaldo.respaldar(superusuario, a.base, Path(carpeta))
        segundos = time.perf_counter() - inicio
        print(f"  respaldo: {segundos:.1f} s, {r.tamano / 1_048_576:,.0f} MB "
              f"({r.tamano / tamano:.0%} del tamaño en disco)")  # fmt: skip
        if a.restaurar:
            inicio = time.perf_counter()
            respaldo.restaurar(superusuario, r, a.base, "postgres")
            print(f"  restauración (aparte y luego en su lugar): "
                  f"{time.perf_counter() - inicio:.1f} s")  # fmt: skip
            with psycopg.connect(bd.dsn(superusuario.set(database="postgres")),
                                 autocommit=True) as c:  # fmt: skip
                c.execute(f'DROP DATABASE IF EXISTS "{a.base}_antes_de_restaurar" WITH (FORCE)')


if __name__ == "__main__":
    main()
