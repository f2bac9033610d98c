"""Reportes over the database of bench/demo_1m.py, as a state-wide official and as an official
of área SSDS: each report's preview (first rows, count and totals), the Padrón publication to
Excel (the largest report) and a 10,000-row report to PDF.

    python bench/reportes.py [--base sipros_bench]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sipros_desktop.servicios import reportes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    a = p.parse_args()
    cuentas.preparar(a.base)
    carpeta = Path(tempfile.mkdtemp(prefix="bench_reportes_"))
    for quien in ("estatal", "area"):
        cuentas.activar(a.base, quien)
        print(f"como {quien}:")
        for clave in reportes.REPORTES:
            t = time.perf_counter()
            r = reportes.vista_previa(clave, reportes.Filtros())
            print(f"  vista previa {clave:<30} {time.perf_counter() - t:6.2f} s  "
                  f"({r.total_filas:,} filas)")  # fmt: skip
    cuentas.activar(a.base, "estatal")
    ruta = carpeta / "padron.xlsx"
    t = time.perf_counter()
    n = reportes.exportar_excel("padron_publicacion", reportes.Filtros(), ruta)
    print(f"publicación del Padrón a Excel: {n:,} filas en {time.perf_counter() - t:.1f} s, "
          f"{ruta.stat().st_size / 1e6:.0f} MB")  # fmt: skip
    ruta.unlink()
    # about 10,000 rows: the publication of one month
    anio = date.today().year - 1
    f = reportes.Filtros(desde=date(anio, 3, 1), hasta=date(anio, 3, 31))
    filas = reportes.vista_previa("padron_publicacion", f, 1).total_filas
    t = time.perf_counter()
    contenido = reportes.exportar_pdf("padron_publicacion", f)
    print(f"PDF de {filas:,} filas: {time.perf_counter() - t:.1f} s, {len(contenido) / 1e6:.1f} MB "
          "(objetivo 10,000 filas < 10 s)")  # fmt: skip
    pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memoria máxima {pico:.0f} MB")
    carpeta.rmdir()


if __name__ == "__main__":
    main()
