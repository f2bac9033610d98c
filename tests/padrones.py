"""Rolls as agencies send them: the same rows written as .xlsx, .xls, .ods and .csv, with title
rows, blank rows, extra columns, their own header names and values as people type them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sipros_desktop.servicios import curp as scurp
from tests.reloj import HOY

ENTREGA = HOY - timedelta(days=40)


@dataclass
class Persona:
    nombre: str
    paterno: str
    materno: str | None
    nacimiento: date
    sexo: str
    diferenciador: str = "0"

    @property
    def curp(self) -> str:
        # (position 17: a digit before 2000, a letter from 2000 on)
        dif = self.diferenciador
        if (self.nacimiento.year >= 2000) == dif.isdigit():
            dif = "A" if dif.isdigit() else "0"
        return scurp.construir(
            self.nombre, self.paterno, self.materno, self.nacimiento, self.sexo, "QT", dif
        )


def personas_nuevas(n: int, desde: int = 0) -> list[Persona]:
    """People who are not in the demo registry (unusual names, distinct birth dates)."""
    nombres = ("ZOILA", "XOCHITL", "ZENON", "WENCESLAO", "YOLOTZIN", "ZURIEL")
    return [
        Persona(
            nombres[(desde + i) % len(nombres)],
            f"QUIJANO{chr(65 + (desde + i) % 26)}",
            "ZAVALETA",
            date(1950, 1, 1) + timedelta(days=37 * (desde + i)),
            "M" if (desde + i) % 2 else "H",
        )
        for i in range(n)
    ]


# the headers an agency uses instead of the template's
ENCABEZADOS_PROPIOS = [
    "Curp", "Nombre(s)", "Primer apellido", "Segundo apellido", "F. Nac.", "Género",
    "Mpio", "Tipo de apoyo", "Importe", "Fecha de entrega", "Observación interna",
]  # fmt: skip


def fila_de(p: Persona, apoyo: str, monto: Any = "1500", entrega: Any = None, **cambios) -> list:
    """A row with the agency's columns (as above) for person ``p``."""
    valores = {
        "curp": p.curp,
        "nombre": p.nombre.title(),
        "paterno": p.paterno.title(),
        "materno": (p.materno or "").title(),
        "nacimiento": p.nacimiento.strftime("%d/%m/%Y"),
        "sexo": p.sexo,
        "municipio": "Querétaro",
        "tipo": apoyo,
        "monto": monto,
        "entrega": entrega if entrega is not None else ENTREGA.strftime("%d/%m/%Y"),
        "nota": "",
    }
    valores.update(cambios)
    return list(valores.values())


def escribir(ruta: Path, filas: list[list[Any]], encabezados: list[str] | None = None) -> Path:
    """Write ``filas`` under ``encabezados`` in the format of ``ruta``'s extension, with two
    title rows and a blank row above the header and a blank row in the middle."""
    encabezados = encabezados or ENCABEZADOS_PROPIOS
    titulo = [["Padrón de beneficiarios 2026"], ["Dependencia: DIF estatal"], []]
    cuerpo = [*filas[:1], [], *filas[1:]]
    todo = [*titulo, encabezados, *cuerpo]
    ext = ruta.suffix.lower()
    if ext == ".xlsx":
        import xlsxwriter

        libro = xlsxwriter.Workbook(str(ruta), {"strings_to_numbers": False})
        h = libro.add_worksheet("Padrón")
        fecha = libro.add_format({"num_format": "dd/mm/yyyy"})
        for r, fila in enumerate(todo):
            for c, v in enumerate(fila):
                if isinstance(v, date):
                    h.write_datetime(r, c, v, fecha)
                elif isinstance(v, int | float):
                    h.write_number(r, c, v)
                elif v not in (None, ""):
                    h.write_string(r, c, str(v))
        libro.close()
    elif ext == ".xls":
        import xlwt

        libro = xlwt.Workbook(encoding="utf-8")
        h = libro.add_sheet("Padron")
        fecha = xlwt.easyxf(num_format_str="DD/MM/YYYY")
        for r, fila in enumerate(todo):
            for c, v in enumerate(fila):
                if isinstance(v, date):
                    h.write(r, c, v, fecha)
                elif v not in (None, ""):
                    h.write(r, c, v)
        libro.save(str(ruta))
    elif ext == ".ods":
        import pandas as pd

        ancho = max(len(f) for f in todo)
        marco = pd.DataFrame([f + [None] * (ancho - len(f)) for f in todo])
        marco.to_excel(ruta, engine="odf", header=False, index=False)
    else:
        raise ValueError(ext)
    return ruta


def escribir_csv(ruta: Path, filas: list[list[Any]], codificacion: str, separador: str,
                 encabezados: list[str] | None = None) -> Path:  # fmt: skip
    encabezados = encabezados or ENCABEZADOS_PROPIOS
    with open(ruta, "w", encoding=codificacion, newline="") as f:
        w = csv.writer(f, delimiter=separador)
        w.writerow(["Padrón de beneficiarios 2026"])
        w.writerow([])
        w.writerow(encabezados)
        w.writerow(filas[0])
        w.writerow([""] * len(encabezados))
        for fila in filas[1:]:
            w.writerow(fila)
    return ruta
