"""Table model of citizens over the keyset pages of ``servicios.ciudadanos``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase

from sipros_desktop.servicios import ciudadanos
from sipros_desktop.servicios.curp import SEXOS
from sipros_desktop.vistas.comun.paginado import ModeloPaginado

COL_CURP, COL_NOMBRE, COL_PATERNO, COL_MATERNO, COL_NACIMIENTO, COL_SEXO, COL_MUNICIPIO, COL_SOL = (
    range(8)
)
ENCABEZADOS = (
    "CURP",
    "Nombre",
    "Apellido Paterno",
    "Apellido Materno",
    "Fecha de Nacimiento",
    "Sexo",
    "Municipio",
    "Solicitudes",
)
# column -> service order; the others cannot be sorted over a million rows without an index
ORDEN_POR_COLUMNA: dict[int, ciudadanos.Orden] = {
    COL_CURP: "curp",
    COL_PATERNO: "nombre",  # apellido paterno, apellido materno, nombre
    COL_NACIMIENTO: "fecha_nacimiento",
}


class ModeloCiudadanos(ModeloPaginado):
    encabezados = ENCABEZADOS
    ordenables = frozenset(ORDEN_POR_COLUMNA)

    def __init__(self, parent=None, tam_pagina: int = ciudadanos.TAM_PAGINA) -> None:
        super().__init__(parent, tam_pagina)
        self.consulta = ciudadanos.Consulta()
        self.columna_orden = COL_PATERNO
        self.orden_qt = Qt.SortOrder.AscendingOrder
        self._fuente_fija: QFont | None = None

    def buscar(self, texto: str) -> None:
        self.consulta = ciudadanos.Consulta(
            texto=texto, orden=self.consulta.orden, descendente=self.consulta.descendente
        )
        self.recargar()

    def lector(self):
        consulta = self.consulta
        return lambda despues, tam: ciudadanos.pagina(consulta, despues, tam)

    fusionada: str | None = None  # the CURP searched belongs to a file merged into another

    def _pagina_lista(self, gen: int, pagina) -> None:
        if gen == self._generacion and not self._filas:  # (the first page of a search)
            self.fusionada = pagina.fusionada
        super()._pagina_lista(gen, pagina)

    def contador(self):
        consulta = self.consulta
        return lambda: ciudadanos.contar(consulta)

    def texto(self, fila: ciudadanos.FilaCiudadano, columna: int) -> str:
        return _texto(fila, columna)

    def dato(self, fila: ciudadanos.FilaCiudadano, columna: int, rol: int) -> Any:
        if rol == Qt.ItemDataRole.TextAlignmentRole and columna == COL_SOL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if rol == Qt.ItemDataRole.FontRole and columna == COL_CURP:
            if self._fuente_fija is None:
                self._fuente_fija = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            return self._fuente_fija
        return None

    def ordenar(self, columna: int, descendente: bool) -> bool:
        nueva = ciudadanos.Consulta(
            texto=self.consulta.texto, orden=ORDEN_POR_COLUMNA[columna], descendente=descendente
        )
        self.columna_orden = columna
        self.orden_qt = Qt.SortOrder.DescendingOrder if descendente else Qt.SortOrder.AscendingOrder
        if nueva == self.consulta:
            return False  # same order (e.g. the view restating it): nothing to reload
        self.consulta = nueva
        return True


def _texto(f: ciudadanos.FilaCiudadano, col: int) -> str:
    if col == COL_CURP:
        return f.curp
    if col == COL_NOMBRE:
        return f.nombre
    if col == COL_PATERNO:
        return f.apellido_paterno
    if col == COL_MATERNO:
        return f.apellido_materno or ""
    if col == COL_NACIMIENTO:
        return f.fecha_nacimiento.strftime("%d/%m/%Y")
    if col == COL_SEXO:
        return SEXOS.get(f.sexo, f.sexo)
    if col == COL_MUNICIPIO:
        return f.municipio or ""
    return str(f.solicitudes)
