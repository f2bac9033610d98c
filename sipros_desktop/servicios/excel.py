"""Formatted .xlsx files streamed row by row: header, widths, dates as dates, frozen header.

Two engines with the same output: XlsxWriter in constant-memory mode (the default: faster,
see bench/solicitudes.py) and openpyxl's write-only mode. Memory stays flat whatever the rows.
A cancelled or failed export leaves no file behind (it is written next to the target and
renamed at the end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

Motor = Literal["xlsxwriter", "openpyxl"]
Progreso = Callable[[int, int], None]
COLOR_ENCABEZADO = "6D1A36"


@dataclass(frozen=True)
class Columna:
    titulo: str
    ancho: float = 14
    tipo: Literal["texto", "fecha", "fecha_hora", "numero"] = "texto"

    @property
    def formato(self) -> str | None:
        return {"fecha": "dd/mm/yyyy", "fecha_hora": "dd/mm/yyyy hh:mm:ss"}.get(self.tipo)


class Cancelado(Exception):
    """The user cancelled the export; nothing was written."""


def escribir(
    ruta: str | Path,
    hoja: str,
    columnas: Sequence[Columna],
    filas: Iterable[Sequence[Any]],
    *,
    total: int = 0,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
    motor: Motor = "xlsxwriter",
    cada: int = 2000,
) -> int:
    """Write ``filas`` under a formatted header; returns how many rows were written."""
    ruta = Path(ruta)
    temporal = ruta.with_name(ruta.name + ".parcial")
    escribir_en = _xlsxwriter if motor == "xlsxwriter" else _openpyxl
    try:
        n = escribir_en(temporal, hoja, columnas, filas, total, progreso, cancelado, cada)
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise
    temporal.replace(ruta)
    return n


def _avisar(n: int, total: int, progreso, cancelado, cada: int) -> None:
    if n % cada == 0:
        if cancelado and cancelado():
            raise Cancelado()
        if progreso:
            progreso(n, total)


def _xlsxwriter(ruta, hoja, columnas, filas, total, progreso, cancelado, cada) -> int:
    import xlsxwriter

    libro = xlsxwriter.Workbook(str(ruta), {"constant_memory": True})
    try:
        h = libro.add_worksheet(hoja[:31])
        encabezado = libro.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": f"#{COLOR_ENCABEZADO}"}
        )
        formatos = [libro.add_format({"num_format": c.formato}) if c.formato else None
                    for c in columnas]  # fmt: skip
        for i, c in enumerate(columnas):
            h.set_column(i, i, c.ancho, formatos[i])
            h.write_string(0, i, c.titulo, encabezado)
        h.freeze_panes(1, 0)
        # one writer per column, chosen once (a type test per cell costs more than the write)
        escritores = [_escritor(h, c, formatos[i]) for i, c in enumerate(columnas)]
        n = 0
        for fila in filas:
            n += 1
            for i, v in enumerate(fila):
                if v is not None and v != "":
                    escritores[i](n, i, v)
            _avisar(n, total, progreso, cancelado, cada)
        if cancelado and cancelado():
            raise Cancelado()
        if n:
            h.autofilter(0, 0, n, len(columnas) - 1)
    finally:
        libro.close()
    if progreso:
        progreso(n, total)
    return n


def _escritor(h, c: Columna, formato):
    """The XlsxWriter call for a column's values."""
    if c.formato:
        return lambda r, i, v: h.write_datetime(r, i, _como_datetime(v), formato)
    if c.tipo == "numero":
        return h.write_number
    return lambda r, i, v: h.write_string(r, i, v if isinstance(v, str) else _texto(v))


def _texto(v: Any) -> str:
    if isinstance(v, bool):
        return "Sí" if v else "No"
    return str(v)


def _openpyxl(ruta, hoja, columnas, filas, total, progreso, cancelado, cada) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    libro = Workbook(write_only=True)
    h = libro.create_sheet(hoja[:31])
    for i, c in enumerate(columnas, start=1):
        h.column_dimensions[get_column_letter(i)].width = c.ancho
    h.freeze_panes = "A2"
    negrita, fondo = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor=COLOR_ENCABEZADO)
    cabecera = []
    for c in columnas:
        celda = WriteOnlyCell(h, value=c.titulo)
        celda.font, celda.fill = negrita, fondo
        cabecera.append(celda)
    h.append(cabecera)
    fechas = [i for i, c in enumerate(columnas) if c.formato]
    n = 0
    try:
        for fila in filas:
            n += 1
            valores: list[Any] = ["Sí" if v is True else "No" if v is False else v for v in fila]
            for i in fechas:
                if valores[i] is not None:
                    celda = WriteOnlyCell(h, value=_como_datetime(valores[i]))
                    celda.number_format = columnas[i].formato
                    valores[i] = celda
            h.append(valores)
            _avisar(n, total, progreso, cancelado, cada)
        if cancelado and cancelado():
            raise Cancelado()
    except BaseException:
        h.close()  # removes openpyxl's temporary sheet file
        raise
    if n:
        h.auto_filter.ref = f"A1:{get_column_letter(len(columnas))}{n + 1}"
    libro.save(ruta)
    if progreso:
        progreso(n, total)
    return n


def _como_datetime(v: date) -> datetime:
    if isinstance(v, datetime):
        return v.astimezone().replace(tzinfo=None) if v.tzinfo else v
    return datetime(v.year, v.month, v.day)
