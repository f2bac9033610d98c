"""Backup (and restore) of the database filled by bench/demo_1m.py, with the binaries the app
ships (pgserver's pg_dump / pg_restore), as Archivo → Respaldo does on an office PC.

Prints the time and size of the backup, and with --restaurar the time to restore it (checked
against a scratch database migrated to its schema version, restored aside by a role without
privileges, its catalogue compared, then swapped in: the bench database is replaced by its own
copy), with the time of each part.

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
            marcas: dict[str, list[float]] = {}

            def avisar(etapa: str, _hecho: int, _total: int) -> None:
                marcas.setdefault(etapa, []).append(time.perf_counter())

            inicio = time.perf_counter()
            hecha = respaldo.restaurar(superusuario, r, a.base, "postgres", avisar)
            fin = time.perf_counter()
            datos = [*marcas.get("Restauración", [fin])[:1], *marcas.get("Comparación", [fin])]
            print(f"  restauración (revisada, aparte y luego en su lugar): {fin - inicio:.1f} s")
            print(
                f"    revisión antes de restaurar (base de referencia migrada a "
                f"{hecha.version}, lista de objetos): {datos[0] - inicio:.1f} s"
            )
            print(f"    restauración aparte (rol sin privilegios): {datos[-1] - datos[0]:.1f} s")
            print(f"    catálogo comparado, cuentas y cambio de base: {fin - datos[-1]:.1f} s")
            print(f"    líneas del archivo de cuentas omitidas: {len(hecha.omitidas)} "
                  f"({len(hecha.no_permitidas)} no permitidas)")  # fmt: skip
            with psycopg.connect(bd.dsn(superusuario.set(database="postgres")),
                                 autocommit=True) as c:  # fmt: skip
                c.execute(f'DROP DATABASE IF EXISTS "{a.base}_antes_de_restaurar" WITH (FORCE)')


if __name__ == "__main__":
    main()
