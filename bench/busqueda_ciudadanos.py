"""Ciudadanos search over the database filled by bench/demo_1m.py, as real staff accounts
(bench/cuentas.py): a state-wide official, an official of one área and a front-desk clerk.

Prints p50/p95 of the service (exact CURP, CURP prefix, name words) for each, the time from the
search to the first page painted by the Qt table, and the RSS of this process with the table
open.

    python bench/busqueda_ciudadanos.py [--base sipros_bench] [--consultas 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import ciudadanos as C

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def percentiles(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   máx {ms[-1]:6.1f} ms"


def medir(textos: list[str]) -> list[float]:
    tiempos = []
    for t in textos:
        inicio = time.perf_counter()
        C.pagina(C.Consulta(t))
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return tiempos


def consultas(n: int) -> dict[str, list[str]]:
    rng = random.Random(5)
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT curp, nombre, apellido_paterno, coalesce(apellido_materno, '') "
                "FROM ciudadano TABLESAMPLE SYSTEM (1) LIMIT :n"
            ),
            {"n": n},
        ).all()
    curps = [f[0] for f in filas]
    nombres = []
    for _, nombre, paterno, materno in filas:
        forma = rng.randrange(4)
        if forma == 0:
            nombres.append(f"{nombre} {paterno} {materno}")  # full name
        elif forma == 1:
            nombres.append(f"{paterno} {materno}")  # both surnames
        elif forma == 2:
            nombres.append(f"{nombre.split()[0].lower()} {paterno[:4].lower()}")  # prefixes
        else:
            nombres.append(paterno)  # one common word
    return {
        "CURP exacta": curps,
        "inicio de CURP (8)": [c[:8] for c in curps],
        "palabras del nombre": nombres,
    }


def gui(textos: list[str]) -> tuple[list[float], float]:
    from PySide6.QtWidgets import QApplication

    from sipros_desktop.vistas.aplicacion import crear_aplicacion
    from sipros_desktop.vistas.ciudadanos.vista import VistaCiudadanos

    app = crear_aplicacion([])
    vista = VistaCiudadanos()
    vista.resize(1280, 760)
    vista.show()
    tiempos = []
    for t in textos:
        vista.buscador.setText(t)
        inicio = time.perf_counter()
        vista.buscar()
        while vista.modelo.cargando:
            app.processEvents()
            time.sleep(0.0005)
        vista.tabla.viewport().repaint()  # painted, not only loaded
        tiempos.append((time.perf_counter() - inicio) * 1000)
    # scroll through 50 pages as a user would, then measure memory with the table open
    vista.buscador.setText("")
    vista.buscar()
    for _ in range(50):
        while vista.modelo.cargando:
            app.processEvents()
            time.sleep(0.001)
        vista.tabla.scrollToBottom()
        app.processEvents()
    QApplication.processEvents()
    rss = psutil.Process().memory_info().rss / 2**20
    filas = vista.modelo.rowCount()
    vista.close()
    return tiempos, rss if filas else 0.0


QUIENES = {
    "estatal": "funcionario estatal",
    "area": "funcionario de área (SSDS)",
    "ventanilla": "ventanilla (SSDS)",
    "admin_area": "administrador de área (SSDS)",
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--consultas", type=int, default=200)
    a = p.parse_args()
    cuentas.preparar(a.base)
    cuentas.activar(a.base, "propietario")
    grupos = consultas(a.consultas)  # a sample of the registry, read as the server's owner
    for quien, titulo in QUIENES.items():
        cuentas.activar(a.base, quien)
        total = C.contar(C.Consulta())
        print(f"Como {titulo}: ve {total:,} ciudadanos")
        medir(grupos["CURP exacta"][:20])  # warm the cache
        print("  Servicio (una página de 100 filas):")
        for nombre, textos in grupos.items():
            print(f"    {nombre:22} {percentiles(medir(textos))}   (objetivo p95 < 30 ms)")
        inicio = time.perf_counter()
        C.contar(C.Consulta())
        print(f"    conteo de todos        {(time.perf_counter() - inicio) * 1000:6.1f} ms")
    cuentas.activar(a.base, "area")
    mezcla = grupos["CURP exacta"][:50] + grupos["palabras del nombre"][:100]
    tiempos, rss = gui(mezcla)
    print(
        "Tabla Qt (funcionario de área), de buscar a primera página pintada: "
        f"{percentiles(tiempos)}  (objetivo < 200 ms)"
    )
    print(f"Memoria (RSS) con la tabla abierta tras 50 páginas: {rss:.0f} MB   (objetivo < 300 MB)")
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown at interpreter exit: nothing left to measure


if __name__ == "__main__":
    main()
