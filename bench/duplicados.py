"""The registry-wide duplicate search over the database of bench/demo_1m.py, as a real
administrator, with planted duplicates to measure what it finds.

Plants N people registered twice (the same person under a second CURP, written another way:
accents dropped, a typo, surnames swapped, the second surname missing), runs the search without
adding anything to the review, and prints its time (target < 2 min), recall on the planted pairs
and precision. Precision counts as false every pair that was not planted — including the
synthetic demo's own coincidences (people the generator happened to give the same name, birth
date and sex), so it is a floor. The planted files are removed at the end.

    python bench/duplicados.py [--base sipros_bench] [--plantados 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

import psycopg

from sipros_desktop import bd
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import duplicados, ventanilla

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas

ACENTOS = str.maketrans("AEIOUN", "ÁÉÍÓÚÑ")


def variante(rnd: random.Random, nom: str, pat: str, mat: str | None, tipo: str):
    if tipo == "acentos":
        return nom.translate(ACENTOS).title(), pat.translate(ACENTOS).lower(), mat
    if tipo == "errata":
        i = rnd.randrange(1, len(pat))
        letra = "S" if pat[i] != "S" else "Z"
        return nom, pat[:i] + letra + pat[i + 1 :], mat
    if tipo == "cruzados" and mat:
        return nom, mat, pat
    return nom, pat, None  # sin segundo apellido


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--plantados", type=int, default=1000)
    a = p.parse_args()
    cuentas.preparar(a.base)
    rnd = random.Random(7)
    tipos = ("acentos", "errata", "cruzados", "sin_materno")
    plantados: dict[int, tuple[int, str]] = {}  # new id -> (original id, kind)
    with psycopg.connect(bd.dsn(cuentas.url_base(a.base)), autocommit=True) as c:
        originales = c.execute(
            "SELECT id, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo, curp "
            "FROM ciudadano TABLESAMPLE SYSTEM (1) WHERE apellido_materno IS NOT NULL "
            "AND length(apellido_paterno) > 3 LIMIT %s",
            (a.plantados,),
        ).fetchall()
        for i, (oid, nom, pat, mat, nac, sexo, curp) in enumerate(originales):
            tipo = tipos[i % len(tipos)]
            n2, p2, m2 = variante(rnd, nom, pat, mat, tipo)
            dif = curp[16]
            otro = (str((int(dif) + 1) % 10) if dif.isdigit()
                    else chr(65 + (ord(dif) - 64) % 26))  # fmt: skip
            nueva = scurp.construir(n2, p2, m2, nac, sexo, curp[11:13], otro)
            try:
                nid = c.execute(
                    "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
                    "fecha_nacimiento, sexo, entidad_nacimiento) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    (nueva, n2, p2, m2, nac, sexo, curp[11:13]),
                ).fetchone()[0]
            except psycopg.errors.UniqueViolation:
                continue
            plantados[nid] = (oid, tipo)
    print(f"{len(plantados):,} duplicados plantados ({', '.join(tipos)})")
    try:
        cuentas.activar(a.base, "admin")
        t = time.perf_counter()
        r = duplicados.buscar(registrar=False)
        segundos = time.perf_counter() - t
        encontrados = {frozenset((x, y)) for x, y, _s in r.encontrados}
        esperados = {frozenset((nid, oid)) for nid, (oid, _t) in plantados.items()}
        aciertos = encontrados & esperados
        print(
            f"  {r.ciudadanos:,} expedientes, {r.comparados:,} pares con el mismo nacimiento y sexo"
        )
        print(f"  búsqueda en todo el registro   {segundos:6.1f} s   objetivo 120 s: "
              f"{segundos / 120:.2f} del objetivo")  # fmt: skip
        print(f"  exhaustividad (recall)  {len(aciertos) / max(len(esperados), 1):.3f}  "
              f"({len(aciertos):,} de {len(esperados):,} plantados)")  # fmt: skip
        por_tipo = {}
        for nid, (oid, tipo) in plantados.items():
            ok = frozenset((nid, oid)) in encontrados
            hechos, total = por_tipo.get(tipo, (0, 0))
            por_tipo[tipo] = (hechos + ok, total + 1)
        for tipo, (hechos, total) in por_tipo.items():
            print(f"    {tipo:<12} {hechos:,} de {total:,}")
        print(f"  precisión  {len(aciertos) / max(len(encontrados), 1):.3f}  "
              f"({len(encontrados):,} pares parecidos; los no plantados son coincidencias del "
              f"generador de la demo)")  # fmt: skip
        with psycopg.connect(bd.dsn(cuentas.url_base(a.base))) as c:
            ajenos = [pq for pq in encontrados - esperados][:2000]
            nombres = dict(
                c.execute(
                    "SELECT id, ARRAY[nombre, apellido_paterno, apellido_materno] FROM ciudadano "
                    "WHERE id = ANY(%s)",
                    ([i for pq in ajenos for i in pq],),
                ).fetchall()
            )
        identicos = sum(
            1 for pq in ajenos
            if ventanilla.similitud(*(tuple(nombres[i]) for i in pq)) >= 0.999
        )  # fmt: skip
        print(f"  de {len(ajenos):,} pares no plantados revisados, {identicos:,} tienen el mismo "
              "nombre, nacimiento y sexo (indistinguibles por nombre)")  # fmt: skip
        pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  memoria máxima {pico:.0f} MB")
    finally:
        with psycopg.connect(bd.dsn(cuentas.url_base(a.base)), autocommit=True) as c:
            c.execute("DELETE FROM ciudadano WHERE id = ANY(%s)", (list(plantados),))


if __name__ == "__main__":
    main()
