"""A 100,000-row roll loaded into the database of bench/demo_1m.py, as a real administrator.

The roll (.xlsx, 12 columns) names 60 % citizens already registered and 40 % new people; it is
read, validated and matched against the registry, and applied in one transaction. Prints each
stage, the end-to-end time against the 5 s target, the ratio to python-calamine reading the
same file alone (the floor), and the peak memory. The load is reverted at the end (also timed)
so the database is left as it was.

    python bench/cargas.py [--base sipros_bench] [--filas 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

from sipros_desktop import bd
from sipros_desktop.servicios import cargas
from sipros_desktop.servicios import curp as scurp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas

NOMBRES = ("ZOILA", "XOCHITL", "ZENON", "WENCESLAO", "YOLOTZIN", "ZURIEL", "ITZEL", "URIEL")
APELLIDOS = ("QUIJANO", "ZAVALETA", "YAÑEZ", "UGALDE", "OLVERA", "IBARRA", "VILLEDA", "TREJO")


def escribir_padron(ruta: Path, dsn: str, n: int) -> None:
    """The roll of ``n`` rows, drawn from the database at ``dsn`` (an owner's: it samples the
    registry); bench/concurrencia.py loads it too."""
    import xlsxwriter

    with psycopg.connect(dsn) as c:
        hoy = c.execute("SELECT sipros_hoy()").fetchone()[0]
        (tipo,) = c.execute(
            "SELECT t.clave FROM tipo_apoyo t JOIN programa p ON p.id = t.programa_id "
            "WHERE p.clave = 'BECES' ORDER BY t.clave LIMIT 1"
        ).fetchone()
        conocidos = c.execute(
            "SELECT curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
            "FROM ciudadano TABLESAMPLE SYSTEM (12) LIMIT %s",
            (int(n * 0.6),),
        ).fetchall()
    rnd = random.Random(2026)
    filas = []
    for f in conocidos:
        filas.append(list(f))
    usadas = {f[0] for f in conocidos}
    while len(filas) < n:
        nom, pat, mat = rnd.choice(NOMBRES), rnd.choice(APELLIDOS), rnd.choice(APELLIDOS)
        nac = date(1940, 1, 1) + timedelta(days=rnd.randrange(0, 30000))
        sexo = rnd.choice("HM")
        dif = str(rnd.randrange(10)) if nac.year < 2000 else rnd.choice("ABCDEFGH")
        curp = scurp.construir(nom, pat, mat, nac, sexo, "QT", dif)
        if curp in usadas:
            continue
        usadas.add(curp)
        filas.append([curp, nom, pat, mat, nac, sexo])
    rnd.shuffle(filas)
    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True})
    h = libro.add_worksheet("Padrón")
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    # the twelve columns of the roll (LOCALIDAD left empty, as many rolls come)
    h.write_row(0, 0, ["CURP", "NOMBRE", "APELLIDO_PATERNO", "APELLIDO_MATERNO",
                       "FECHA_NACIMIENTO", "SEXO", "MUNICIPIO", "LOCALIDAD", "TIPO_APOYO",
                       "MONTO", "CANTIDAD", "FECHA_ENTREGA"])  # fmt: skip
    for i, (curp, nom, pat, mat, nac, sexo) in enumerate(filas, 1):
        h.write_string(i, 0, curp)
        h.write_string(i, 1, nom)
        h.write_string(i, 2, pat)
        if mat:
            h.write_string(i, 3, mat)
        h.write_datetime(i, 4, nac, fecha)
        h.write_string(i, 5, sexo)
        h.write_string(i, 6, f"{rnd.randrange(1, 19):03d}")
        h.write_string(i, 8, tipo)
        h.write_number(i, 9, 2000)
        h.write_number(i, 10, 1)
        h.write_datetime(i, 11, hoy - timedelta(days=rnd.randrange(1, 300)), fecha)
    libro.close()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--filas", type=int, default=100_000)
    a = p.parse_args()
    cuentas.preparar(a.base)
    carpeta = Path(tempfile.mkdtemp(prefix="bench_cargas_"))
    ruta = carpeta / "padron.xlsx"
    escribir_padron(ruta, bd.dsn(cuentas.url_base(a.base)), a.filas)
    print(f"padrón de {a.filas:,} filas, 12 columnas: {ruta.stat().st_size / 1e6:.1f} MB")

    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    CalamineWorkbook.from_path(str(ruta)).get_sheet_by_index(0).to_python()
    piso = time.perf_counter() - t
    print(f"  python-calamine sola (piso)            {piso:6.2f} s")

    cuentas.activar(a.base, "admin")
    etapas: dict[str, float] = {}

    def avisar(etapa: str, _h: int, _t: int) -> None:
        etapas.setdefault(etapa, time.perf_counter())

    t0 = time.perf_counter()
    lectura = cargas.leer(ruta)
    t1 = time.perf_counter()
    r = cargas.aplicar(lectura, "BECES", progreso=avisar)
    t2 = time.perf_counter()
    envio = etapas["Validando en la base de datos"] - etapas["Enviando filas"]
    validacion = etapas["Aplicando la carga"] - etapas["Validando en la base de datos"]
    aplicacion = t2 - etapas["Aplicando la carga"]
    total = t2 - t0
    print(f"  leer y reconocer columnas              {t1 - t0:6.2f} s")
    print(f"  COPY a la tabla de paso                {envio:6.2f} s")
    print(f"  validar y cruzar con el registro       {validacion:6.2f} s")
    print(f"  aplicar (expedientes y beneficios)     {aplicacion:6.2f} s")
    print(
        f"  total de punta a punta                 {total:6.2f} s   objetivo 5 s: "
        f"{total / 5:.2f} del objetivo; {total / piso:.1f}× la lectura sola de calamine"
    )
    print(
        f"  {r.filas:,} filas: {r.validas:,} válidas, {r.filas_con_error:,} con problemas; "
        f"{r.ciudadanos_nuevos:,} expedientes nuevos, {r.beneficios:,} beneficios, "
        f"{r.a_revision:,} a revisión de duplicados"
    )
    pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  memoria máxima {pico:.0f} MB (objetivo 500 MB)")
    t = time.perf_counter()
    cargas.validar(cargas.leer(ruta), "BECES")
    print(
        f"  el mismo archivo otra vez (vista previa, nada nuevo)  {time.perf_counter() - t:6.2f} s"
    )
    t = time.perf_counter()
    rev = cargas.revertir(r.carga_id, "medición")
    print(
        f"  revertir ({rev.beneficios:,} beneficios, {rev.ciudadanos:,} expedientes)  "
        f"{time.perf_counter() - t:6.2f} s"
    )
    ruta.unlink()
    carpeta.rmdir()


if __name__ == "__main__":
    main()
