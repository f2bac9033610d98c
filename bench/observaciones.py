"""The workbook of the rows with problems (``cargas.escribir_errores``), without a database:
a synthetic roll of N rows, every one with a problem in one or two cells.

Prints, for 1,000, 10,000 and 100,000 rows with problems, the time and size of the workbook
as it is written now (each value with its type, the cell with the problem highlighted, its
message as a note for the first ``excel.MAX_NOTAS`` cells) and, for comparison, the same rows
written the former way (every value as text, nothing highlighted).

    python bench/observaciones.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sipros_desktop.servicios import cargas, excel

ENCABEZADOS = [c.encabezado for c in cargas.CAMPOS]


def padron(n: int) -> tuple[cargas.Lectura, cargas.Resultado]:
    filas = []
    errores = []
    for k in range(n):
        fila = [
            f"QUZZ{k % 100:02d}0101HQTRRN0{k % 10}", "Zoila", "Quijano", "Zavaleta",
            datetime(1950, 1, 1) + timedelta(days=k % 20000), "M", "014", None, "BECES-PRI",
            -1500.0 if k % 2 else 1500.0, 1.0, datetime(2026, 12, 1), "4421234567",
        ]  # fmt: skip
        n_fila = k + 2
        filas.append((n_fila, fila))
        errores.append(cargas.ErrorFila(n_fila, "MONTO", "-1500", "El monto no puede ser "
                                        "negativo.", "monto"))  # fmt: skip
        if k % 3 == 0:
            errores.append(
                cargas.ErrorFila(
                    n_fila,
                    "FECHA_ENTREGA",
                    "01/12/2026",
                    "La fecha de entrega es futura.",
                    "fecha_entrega",
                )
            )
    lectura = cargas.Lectura(Path("padron.xlsx"), "0" * 64, "Padrón", 1, ENCABEZADOS, filas,
                             {c.clave: i for i, c in enumerate(cargas.CAMPOS)})  # fmt: skip
    r = cargas.Resultado("padron.xlsx", "BECES", n, 0, errores, 0, 0, 0, 0, Decimal(0))
    return lectura, r


def como_antes(lectura: cargas.Lectura, r: cargas.Resultado, salida: Path) -> None:
    """Every value as text, nothing highlighted (the workbook before this change)."""
    por_fila: dict[int, list[str]] = {}
    for e in r.errores:
        por_fila.setdefault(e.fila, []).append(f"{e.columna}: {e.mensaje}")
    columnas = [excel.Columna("Fila", 7, "numero")]
    columnas += [excel.Columna(h, 16) for h in lectura.encabezados]
    columnas.append(excel.Columna("Observaciones", 80))

    def texto(v):
        if isinstance(v, datetime | date):
            return v.strftime("%d/%m/%Y")
        return None if v is None else str(v)

    filas = ([n, *(texto(v) for v in f), " | ".join(por_fila[n])] for n, f in lectura.filas)
    excel.escribir(salida, "Observaciones", columnas, filas)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        print(
            f"filas con problemas   ahora (s, MB)     antes (s, MB)   [notas: {excel.MAX_NOTAS:,}]"
        )
        for n in (1_000, 10_000, 100_000):
            lectura, r = padron(n)
            t0 = time.perf_counter()
            ahora = cargas.escribir_errores(lectura, r, Path(d) / f"ahora_{n}.xlsx")
            t1 = time.perf_counter()
            antes = Path(d) / f"antes_{n}.xlsx"
            como_antes(lectura, r, antes)
            t2 = time.perf_counter()
            print(
                f"{n:>19,}   {t1 - t0:6.2f} {ahora.stat().st_size / 1e6:6.1f}"
                f"     {t2 - t1:6.2f} {antes.stat().st_size / 1e6:6.1f}"
            )


if __name__ == "__main__":
    main()
