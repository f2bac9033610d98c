"""The poverty measure over the database of bench/demo_1m.py (run it with --base
sipros_pobreza): how the households are classified; the whole state classified again after a
change of the poverty lines, as a state-wide administrator does it (a new month, then the same
month corrected); and the indicators by classification and deprivation per municipality, the
map's values and the Padrón by poverty, as a state-wide official and as an official of área
SSDS, over many filters (p50 / p95 / worst). It writes (a month of lines): run it on a copy.

    python bench/pobreza.py [--base sipros_pobreza] [--recalcular]

``--recalcular`` also measures every household again from its answers (as after a change of
the method), as a state-wide administrator, in batches.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from decimal import Decimal

import psycopg
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import indicadores as ind
from sipros_desktop.servicios import padron, pobreza

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_pobreza")
    p.add_argument("--recalcular", action="store_true")
    a = p.parse_args()
    cuentas.preparar(a.base)
    dueno = bd.dsn(cuentas.url_base(a.base))
    with psycopg.connect(dueno, autocommit=True) as c:
        n, depende = c.execute(
            "SELECT count(*), count(*) FILTER (WHERE pam_depende) FROM pobreza_medicion"
        ).fetchone()
        print(f"{n:,} hogares medidos ({depende:,} con la pensión de adultos mayores en juego)")
        for clase, k in c.execute(
            "SELECT clasificacion, count(*) FROM pobreza_medicion GROUP BY 1 ORDER BY 2 DESC"
        ):
            print(f"  {pobreza.CLASIFICACIONES[clase]:<34} {k:>9,}  {100 * k / n:5.1f} %")
        hoy = c.execute("SELECT sipros_hoy()").fetchone()[0]

    # the lines change: a new month (each line 1 % over the newest), then that month corrected
    cuentas.activar(a.base, "admin")
    ultima = pobreza.lineas()[0]
    mes = date(hoy.year, hoy.month, 1)
    print(f"nuevas líneas ({pobreza.nombre_mes(mes)}), como administrador estatal:")
    for factor, que in ((Decimal("1.01"), "mes nuevo"), (Decimal("1.02"), "mes corregido")):
        t = time.perf_counter()
        r = pobreza.fijar_linea(
            mes, *(round(v * factor, 2) for v in (ultima.extrema_urbana, ultima.pobreza_urbana,
                                                  ultima.extrema_rural, ultima.pobreza_rural)),
            f"bench/pobreza.py ({que})",
        )  # fmt: skip
        print(f"  {que}: {r.hogares:,} hogares clasificados otra vez en "
              f"{time.perf_counter() - t:.1f} s (objetivo < 60 s)")  # fmt: skip

    for quien in ("estatal", "area"):
        cuentas.activar(a.base, quien)
        with bd.sesion() as s:
            programas = [r[0] for r in s.execute(text(
                "SELECT p.clave FROM programa p WHERE (SELECT sipros_alcance_estatal()) "
                "OR p.id = ANY (sipros_programas_visibles())"))]  # fmt: skip
            municipios = [r[0] for r in s.execute(text("SELECT clave FROM municipio LIMIT 5"))]
        filtros = [ind.Filtro()]
        filtros += [ind.Filtro(programa=c) for c in programas]
        filtros += [ind.Filtro(municipio=m) for m in municipios]
        filtros += [ind.Filtro(desde=date(y, 1, 1), hasta=date(y, 12, 31))
                    for y in (hoy.year - 1, hoy.year)]  # fmt: skip
        print(f"como {quien} ({len(filtros)} filtros):")
        pruebas = {
            "por municipio, beneficiarios": lambda f: pobreza.por_municipio(f, "beneficiarios"),
            "por municipio, registrados": lambda f: pobreza.por_municipio(f, "registrados"),
            "mapa (carencia)": lambda f: pobreza.valores_mapa(f, "carencia:alimentacion"),
            "Padrón por pobreza": lambda f: padron.por_pobreza(padron.Filtro(
                desde=f.desde, hasta=f.hasta)),
        }  # fmt: skip
        for nombre, funcion in pruebas.items():
            ms = []
            for f in filtros:
                t = time.perf_counter()
                funcion(f)
                ms.append((time.perf_counter() - t) * 1000)
            print(f"  {nombre:<30} {cuentas.cifras(ms)}")

    if a.recalcular:
        # as a state-wide administrator (a staff account: 120 s per statement), in batches
        cuentas.activar(a.base, "admin")
        tandas: list[float] = []
        marca = [time.perf_counter()]

        def avance(_hechos: int, _total: int) -> None:
            ahora = time.perf_counter()
            tandas.append(ahora - marca[0])
            marca[0] = ahora

        t = time.perf_counter()
        n = pobreza.recalcular(avance)
        print(f"recalcular desde las respuestas, como administrador estatal: {n:,} hogares en "
              f"{time.perf_counter() - t:.1f} s, {len(tandas)} tandas de "
              f"{pobreza.TANDA_RECALCULO:,} (la más lenta {max(tandas):.1f} s; límite por "
              "sentencia 120 s)")  # fmt: skip


if __name__ == "__main__":
    main()
