"""Indicators over the database of bench/demo_1m.py, as a state-wide official and as an official
of área SSDS: each indicator over many filters (none, each programme, five municipalities, two
years), p50 / p95 / worst.

    python bench/indicadores.py [--base sipros_bench]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import indicadores as ind
from sipros_desktop.servicios import mapa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    a = p.parse_args()
    cuentas.preparar(a.base)
    for quien in ("estatal", "area"):
        cuentas.activar(a.base, quien)
        with bd.sesion() as s:
            programas = [r[0] for r in s.execute(text(
                "SELECT p.clave FROM programa p WHERE (SELECT sipros_alcance_estatal()) "
                "OR p.id = ANY (sipros_programas_visibles())"))]  # fmt: skip
            municipios = [r[0] for r in s.execute(text("SELECT clave FROM municipio LIMIT 5"))]
        hoy = date.today()
        filtros = [ind.Filtro()]
        filtros += [ind.Filtro(programa=c) for c in programas]
        filtros += [ind.Filtro(municipio=m) for m in municipios]
        filtros += [ind.Filtro(desde=date(y, 1, 1), hasta=date(y, 12, 31))
                    for y in (hoy.year - 1, hoy.year)]  # fmt: skip
        print(f"como {quien} ({len(filtros)} filtros):")
        pruebas = {f"por {d}": (lambda f, d=d: ind.por_dimension(d, f)) for d in ind.DIMENSIONES}
        pruebas["pirámide"] = ind.piramide
        pruebas["tasas"] = ind.tasas
        pruebas["mapa (valores)"] = lambda f: mapa.valores(f)
        for nombre, funcion in pruebas.items():
            ms = []
            for f in filtros:
                t = time.perf_counter()
                funcion(f)
                ms.append((time.perf_counter() - t) * 1000)
            print(f"  {nombre:<18} {cuentas.cifras(ms)}")


if __name__ == "__main__":
    main()
