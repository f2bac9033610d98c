"""What reading files users hand over costs, and how fast hostile ones are refused.

A roll of N rows × 12 columns (.xlsx as an agency's system writes it, and the same as .csv) is
read four ways: python-calamine alone in this process (the floor, and what the app did before
the limits), the checks before decoding (servicios.hojas.revisar: the ZIP's parts inflated and
measured), the child process that decodes (servicios.hojas.hojas) and the whole of
cargas.leer. Then each hostile file of tests/hostiles.py and each hostile document of
tests/archivos.py, the time to refuse it; and the database's check of a form definition
(sipros_formulario_excede's expressions) on a 5,000-level document and on a 20 MB label.
Prints figures; asserts nothing.

    python bench/archivos.py [--filas 100000] [--dsn "host=127.0.0.1 user=postgres"]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# (the reader is a spawned child that imports this script first: only the standard library
# at the top, as the application's own entry point, so its start is measured as the app's)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENCABEZADOS = ["CURP", "NOMBRE", "APELLIDO_PATERNO", "APELLIDO_MATERNO", "FECHA_NACIMIENTO",
               "SEXO", "MUNICIPIO", "LOCALIDAD", "TIPO_APOYO", "MONTO", "CANTIDAD",
               "FECHA_ENTREGA"]  # fmt: skip


def _filas(n: int):
    rnd = random.Random(2026)
    for i in range(n):
        nac = date(1940, 1, 1) + timedelta(days=rnd.randrange(30000))
        yield [
            f"QUZA{nac:%y%m%d}{rnd.choice('HM')}QTZVL{i % 10}",
            rnd.choice(("ZOILA", "XOCHITL", "ZENON", "WENCESLAO")),
            rnd.choice(("QUIJANO", "ZAVALETA", "UGALDE")),
            rnd.choice(("OLVERA", "IBARRA", "TREJO")),
            nac,
            rnd.choice("HM"),
            f"{rnd.randrange(1, 19):03d}",
            None,
            "BECES-PRI",
            2000,
            1,
            date(2026, 1, 1) - timedelta(days=rnd.randrange(300)),
        ]


def escribir_xlsx(ruta: Path, n: int) -> None:
    import xlsxwriter

    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True})
    h = libro.add_worksheet("Padrón")
    fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
    h.write_row(0, 0, ENCABEZADOS)
    for r, fila in enumerate(_filas(n), 1):
        for c, v in enumerate(fila):
            if isinstance(v, date):
                h.write_datetime(r, c, v, fecha)
            elif v is not None:
                h.write(r, c, v)
    libro.close()


def escribir_csv(ruta: Path, n: int) -> None:
    with open(ruta, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ENCABEZADOS)
        for fila in _filas(n):
            w.writerow(["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date)
                        else v for v in fila])  # fmt: skip


def _tiempo(funcion) -> tuple[float, object]:
    t = time.perf_counter()
    r = funcion()
    return time.perf_counter() - t, r


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def rollos(carpeta: Path, n: int) -> None:
    from sipros_desktop.servicios import cargas, hojas

    xlsx, texto = carpeta / "padron.xlsx", carpeta / "padron.csv"
    escribir_xlsx(xlsx, n)
    escribir_csv(texto, n)
    datos = xlsx.read_bytes()
    print(f"padrón de {n:,} filas × 12 columnas: .xlsx {len(datos) / 1e6:.1f} MB, "
          f".csv {texto.stat().st_size / 1e6:.1f} MB")  # fmt: skip

    from python_calamine import CalamineWorkbook

    def calamine_sola():
        return (
            CalamineWorkbook.from_path(str(xlsx))
            .get_sheet_by_index(0)
            .to_python(skip_empty_area=False)
        )

    piso, _ = _tiempo(calamine_sola)
    revision, _ = _tiempo(lambda: hojas.revisar(xlsx.name, datos))
    hijo, leidas = _tiempo(lambda: list(hojas.hojas(xlsx.name, datos)))
    total, lectura = _tiempo(lambda: cargas.leer(xlsx))
    print(f"  python-calamine sola, en el proceso (antes)      {piso:6.2f} s")
    print(f"  revisión previa (partes del ZIP infladas)         {revision:6.2f} s")
    print(f"  lectura en el proceso hijo (revisión incluida)    {hijo:6.2f} s   "
          f"+{hijo - piso:.2f} s sobre calamine sola")  # fmt: skip
    print(f"  cargas.leer completo                              {total:6.2f} s   "
          f"({len(lectura.filas):,} filas)")  # fmt: skip
    t_csv, lectura_csv = _tiempo(lambda: cargas.leer(texto))
    print(f"  cargas.leer del .csv (renglones revisados)        {t_csv:6.2f} s   "
          f"({len(lectura_csv.filas):,} filas)")  # fmt: skip
    del leidas, lectura, lectura_csv
    propia = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hijos = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"  memoria máxima: este proceso {_mb(propia)}, el lector hijo {_mb(hijos)}")


def hostiles_(carpeta: Path) -> None:
    from sipros_desktop.errores import ErrorDatos
    from sipros_desktop.servicios import cargas
    from tests import hostiles

    print("archivos hostiles (tests/hostiles.py): tamaño y tiempo hasta el rechazo")
    casos = (
        ("disperso.xlsx", hostiles.disperso),
        ("disperso sin <dimension>.xlsx", lambda r: hostiles.disperso(r, dimension=False)),
        ("comprimido 1 GB.xlsx", hostiles.comprimido),
        ("mentiroso.xlsx", hostiles.mentiroso),
        ("repetido.ods", hostiles.ods_repetido),
        ("lejano.xls", hostiles.xls_lejano),
    )
    for nombre, hacer in casos:
        ruta = hacer(carpeta / nombre.replace(" ", "_").replace("<", "").replace(">", ""))
        t = time.perf_counter()
        try:
            cargas.leer(ruta)
            resultado = "¡se leyó!"
        except ErrorDatos as e:
            resultado = e.mensaje.split(":")[0][:60]
        print(f"  {nombre:<32} {ruta.stat().st_size / 1e6:7.3f} MB  "
              f"{time.perf_counter() - t:6.2f} s  {resultado}")  # fmt: skip


def documentos_() -> None:
    from sipros_desktop.errores import ErrorDatos
    from sipros_desktop.servicios import documentos
    from tests import archivos

    print("documentos hostiles (tests/archivos.py): tamaño y tiempo hasta el rechazo; y un PDF "
          "normal de 50 páginas revisado")  # fmt: skip
    casos = (
        ("ine.pdf", "PDF que se infla a 150 MB", archivos.pdf_inflable()),
        ("ine.pdf", "lo mismo con dos Flate", archivos.pdf_doble()),
        ("ine.pdf", "imagen de 10,000 millones de px", archivos.pdf_imagen_enorme()),
        ("ine.png", "PNG de 900 millones de px", archivos.png_declarado(30_000, 30_000)),
        ("ine.jpg", "JPEG de 101 pasadas", archivos.jpeg_de_barridos(101)),
        ("ine.pdf", "PDF de 50 páginas (bueno)", archivos.pdf_de_paginas(50)),
    )
    for nombre, que, contenido in casos:
        t = time.perf_counter()
        try:
            documentos.preparar(nombre, contenido, "INE", limite_mb=5)
            resultado = "aceptado"
        except ErrorDatos as e:
            resultado = e.mensaje[:50]
        print(f"  {que:<34} {len(contenido) / 1e6:7.3f} MB  {time.perf_counter() - t:6.2f} s  "
              f"{resultado}")  # fmt: skip


def formularios_(dsn: str) -> None:
    import psycopg

    print("la base revisa una definición de formulario (las dos expresiones de "
          "sipros_formulario_excede, cada una sola; la mejor de 5)")  # fmt: skip
    profunda = '{"secciones": [' + "[" * 5_000 + "]" * 5_000 + "]}"
    pesada = '{"secciones": [{"titulo": "' + "x" * 20 * 1_048_576 + '"}]}'
    expresiones = (
        ("profundidad", "jsonb_path_exists(d, 'strict $.**{12} ? (@.type() == \"object\" || "
                        "@.type() == \"array\")')"),
        ("tamaño", "octet_length(d::text)"),
    )  # fmt: skip
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("CREATE TEMP TABLE def (nombre text, d jsonb)")
        c.execute("INSERT INTO def VALUES ('5,000 niveles', %s), ('etiqueta de 20 MB', %s)",
                  (profunda, pesada))  # fmt: skip
        for nombre in ("5,000 niveles", "etiqueta de 20 MB"):
            cifras = []
            for que, expresion in expresiones:
                mejor = float("inf")
                for _ in range(5):
                    t = time.perf_counter()
                    c.execute(f"SELECT {expresion} FROM def WHERE nombre = %s", (nombre,))
                    mejor = min(mejor, time.perf_counter() - t)
                cifras.append(f"{que} {mejor * 1000:,.1f} ms")
            print(f"  {nombre:<20} " + ", ".join(cifras))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--filas", type=int, default=100_000)
    p.add_argument("--dsn", default="host=127.0.0.1 user=postgres dbname=postgres")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_archivos_") as d:
        carpeta = Path(d)
        rollos(carpeta, a.filas)
        hostiles_(carpeta)
    documentos_()
    formularios_(a.dsn)


if __name__ == "__main__":
    main()
