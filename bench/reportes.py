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

_APP = None


def pintado(base: str) -> None:
    """From «Vista previa» to the table painted with its totals, in the real screen (offscreen),
    for each report and three filters, as both officials: p50 / p95."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import statistics

    from PySide6.QtWidgets import QApplication

    from sipros_desktop.vistas.reportes.vista import PanelReportes

    global _APP  # (kept until the end: a QApplication collected early crashes at exit)
    app = _APP = QApplication.instance() or QApplication([])
    for quien in ("estatal", "area"):
        cuentas.activar(base, quien)
        panel = PanelReportes()
        panel.resize(1100, 640)
        panel.show()
        ms = []
        for fila in range(panel.catalogo.count()):
            panel.catalogo.setCurrentRow(fila)
            for periodo in (False, True, False):
                panel.periodo.setChecked(periodo)
                t = time.perf_counter()
                panel.ver()
                while "Totales" not in panel.resumen.text() or not panel.boton_ver.isEnabled():
                    app.processEvents()
                    time.sleep(0.002)
                panel.tabla.viewport().repaint()
                ms.append((time.perf_counter() - t) * 1000)
        ms.sort()
        p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
        print(f"  de «Vista previa» a la tabla pintada, como {quien}: p50 "
              f"{statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, máx {ms[-1]:.0f} ms "
              "(objetivo p95 < 1,500 ms)")  # fmt: skip
        panel.close()
        panel.deleteLater()
        app.processEvents()


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
    pintado(a.base)
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
    # PySide's objects torn down at interpreter exit after the database pool crash this script
    # now and then; everything is printed, so leave without that teardown
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
