"""Solicitudes over the database filled by bench/demo_1m.py (about 2 M applications), as real
officials (row-level security on): one with state-wide scope and one of an área.

Prints p50/p95 of the first page and of the counters for many filters, the time from a filter
change to the first page painted in the Qt table, and the Excel download of about 250 thousand
rows (time and peak memory, in its own process).

    python bench/solicitudes.py [--base sipros_bench]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sipros_desktop.servicios import solicitudes
from sipros_desktop.servicios.solicitudes import Filtro

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles


def activar_como(base: str, usuario: str) -> None:
    cuentas.activar(base, {v: k for k, v in cuentas.CLAVES.items()}[usuario])


def filtros() -> list[Filtro]:
    rng = random.Random(7)
    opciones = solicitudes.opciones_filtro()
    programas = [i for i, _n in opciones.programas]
    muestra = solicitudes.pagina(Filtro(), limite=300).filas
    fs: list[Filtro] = [Filtro()]
    for e in ("En proceso", "Corrección", "Aprobada", "Entregado"):
        fs.append(Filtro(estado=e))
    for p in programas:
        fs.append(Filtro(programa_id=p))
        fs.append(Filtro(programa_id=p, estado=rng.choice(("En proceso", "Aprobada"))))
        fs.append(Filtro(programa_id=p, proceso=3, estado="En proceso"))
    for _ in range(10):
        x = rng.choice(muestra)
        fs.append(Filtro(texto=x.curp))
        fs.append(Filtro(texto=x.folio[:-2]))
        fs.append(Filtro(texto=f"{x.nombre.split()[0]} {x.apellido_paterno}"))
    año = date.today().year
    fs.append(Filtro(desde=date(año, 3, 1), hasta=date(año, 3, 31)))
    fs.append(Filtro(municipio_id=14, estado="En proceso"))
    return fs


def servicio(nombre: str, fs: list[Filtro]) -> None:
    solicitudes.pagina(Filtro())  # warm
    paginas, cuentas = [], []
    for f in fs:
        inicio = time.perf_counter()
        solicitudes.pagina(f)
        paginas.append((time.perf_counter() - inicio) * 1000)
        inicio = time.perf_counter()
        solicitudes.contadores(f)
        cuentas.append((time.perf_counter() - inicio) * 1000)
    print(f"{nombre} ({len(fs)} filtros):")
    print(f"  primera página (100)   {percentiles(paginas)}")
    print(f"  contadores por estado  {percentiles(cuentas)}   (objetivo < 500 ms)")


def gui(fs: list[Filtro]) -> None:
    from PySide6.QtWidgets import QApplication

    from sipros_desktop.vistas.aplicacion import crear_aplicacion
    from sipros_desktop.vistas.solicitudes.vista import VistaSolicitudes

    app = crear_aplicacion([])
    vista = VistaSolicitudes()
    vista.resize(1366, 800)
    vista.show()
    vista.activar()
    while vista.apoyo.count() <= 1 or vista.modelo.cargando:
        app.processEvents()
        time.sleep(0.001)
    pintado, contado = [], []
    for f in fs:
        inicio = time.perf_counter()
        vista.modelo.filtrar(f)
        while vista.modelo.cargando:
            app.processEvents()
            time.sleep(0.0005)
        vista.tabla.viewport().repaint()
        pintado.append((time.perf_counter() - inicio) * 1000)
        while vista.modelo.total is None:
            app.processEvents()
            time.sleep(0.0005)
        contado.append((time.perf_counter() - inicio) * 1000)
    QApplication.processEvents()
    print("Tabla Qt (funcionario de área):")
    print(f"  filtro → primera página pintada  {percentiles(pintado)}   (objetivo < 300 ms)")
    print(f"  filtro → contadores a la vista   {percentiles(contado)}   (objetivo < 500 ms)")


def masivo(lotes: tuple[int, ...] = (100, 1000, 5000)) -> None:
    """Bulk dictamen as the área official: preview and apply «Corrección» to the oldest
    applications in process of one call (each run moves them; the database is a bench copy)."""
    print("Dictamen masivo (funcionario de área, a «Corrección», una transacción):")
    for n in lotes:
        programas = [i for i, _n in solicitudes.opciones_filtro().programas]
        ids = []
        for p in programas:
            ids = solicitudes.ids_del_filtro(Filtro(programa_id=p, estado="En proceso"))[:n]
            if len(ids) >= n:
                break
        inicio = time.perf_counter()
        previa = solicitudes.previa_masiva(ids, "Corrección")
        t_previa = time.perf_counter() - inicio
        inicio = time.perf_counter()
        r = solicitudes.dictaminar_masivo(ids, "Corrección", "Revisión de bench")
        t_aplicar = time.perf_counter() - inicio
        print(
            f"  {len(ids):>6,} solicitudes: vista previa {t_previa * 1000:7.0f} ms, "
            f"aplicar {t_aplicar * 1000:7.0f} ms ({r.cambiadas:,} cambiaron de "
            f"{len(previa.cambian):,} previstas)"
        )


def excel_en_proceso(base: str) -> None:
    """Child process: one download, prints seconds, rows, peak memory and file size."""
    activar_como(base, "bench_sol_estatal")
    ruta = Path(tempfile.mkdtemp()) / "bench.xlsx"
    inicio = time.perf_counter()
    n = solicitudes.exportar(Filtro(estado="Aprobada"), ruta)
    segundos = time.perf_counter() - inicio
    pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n}\t{segundos:.1f}\t{pico:.0f}\t{ruta.stat().st_size / 2**20:.1f}")
    ruta.unlink()


def excel(base: str) -> None:
    r = subprocess.run(
        [sys.executable, __file__, "--base", base, "--excel"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    n, s, pico, mb = r.stdout.strip().splitlines()[-1].split("\t")
    print("Descargar (estado Aprobada, como funcionario estatal, XlsxWriter, en su proceso):")
    print(f"  {int(n):,} filas  {s} s  memoria máxima {pico} MB  archivo {mb} MB")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--excel", action="store_true", help="(uso interno: una descarga)")
    a = p.parse_args()
    if a.excel:
        excel_en_proceso(a.base)
        return
    cuentas.preparar(a.base)
    activar_como(a.base, "bench_sol_estatal")
    total = sum(solicitudes.contadores(Filtro()).values())
    print(f"Solicitudes en la base: {total:,}")
    fs = filtros()
    servicio("Funcionario estatal", fs)
    activar_como(a.base, "bench_sol_area")
    fs_area = filtros()
    servicio("Funcionario de área (SSDS)", fs_area)
    gui(fs_area)
    masivo()
    excel(a.base)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
