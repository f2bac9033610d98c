"""Table model of the officials' queue over the keyset pages of ``servicios.solicitudes``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from sipros_desktop.servicios import solicitudes
from sipros_desktop.servicios.solicitudes import FilaSolicitud, Filtro
from sipros_desktop.vistas.comun.formato import fecha
from sipros_desktop.vistas.comun.paginado import ModeloPaginado

(COL_ID, COL_CURP, COL_NOMBRE, COL_PATERNO, COL_MATERNO, COL_FECHA, COL_FOLIO, COL_PROCESO,
 COL_SOLICITUD, COL_TIPO, COL_PADRON, COL_ESTADO, COL_ACCIONES) = range(13)  # fmt: skip
ENCABEZADOS = (
    "Id", "CURP", "Nombre", "Apellido Paterno", "Apellido Materno", "Fecha de Solicitud",
    "Folio", "Proceso", "Solicitud", "Tipo de Apoyo", "Padrón", "Estado", "Acciones",
)  # fmt: skip
ORDEN_POR_COLUMNA: dict[int, solicitudes.Orden] = {
    COL_FECHA: "fecha",
    COL_FOLIO: "folio",
    COL_PATERNO: "apellido",
}
COLOR_ESTADO = {
    "En proceso": "#1f4e79", "Corrección": "#9a5b00", "Aprobada": "#1b5e20",
    "Rechazada": "#b00020", "Baja": "#6d6d6d", "Entregado": "#4a148c",
}  # fmt: skip


class ModeloSolicitudes(ModeloPaginado):
    encabezados = ENCABEZADOS
    ordenables = frozenset(ORDEN_POR_COLUMNA)

    def __init__(self, parent=None, tam_pagina: int = solicitudes.TAM_PAGINA) -> None:
        super().__init__(parent, tam_pagina)
        self.filtro = Filtro()
        self.orden: solicitudes.Orden = "fecha"
        self.descendente = True
        self.columna_orden = COL_FECHA

    def filtrar(self, filtro: Filtro) -> None:
        self.filtro = filtro
        self.recargar()

    def lector(self):
        f, orden, desc = self.filtro, self.orden, self.descendente
        return lambda despues, tam: solicitudes.pagina(f, orden, desc, despues, tam)

    def contador(self):
        f = self.filtro
        return lambda: solicitudes.contadores(f)

    def total_filtro(self) -> int | None:
        """Applications in the current filter, from the counters (None while counting)."""
        if self.total is None:
            return None
        if self.filtro.estado:
            return self.total.get(self.filtro.estado, 0)
        return sum(self.total.values())

    def texto(self, f: FilaSolicitud, col: int) -> str:
        return {
            COL_ID: str(f.id), COL_CURP: f.curp, COL_NOMBRE: f.nombre,
            COL_PATERNO: f.apellido_paterno, COL_MATERNO: f.apellido_materno or "",
            COL_FECHA: fecha(f.fecha_solicitud), COL_FOLIO: f.folio, COL_PROCESO: str(f.proceso),
            COL_SOLICITUD: f.programa, COL_TIPO: f.tipo_apoyo, COL_PADRON: "Sí" if f.padron else "",
            COL_ESTADO: f.estado, COL_ACCIONES: "Ver Solicitud",
        }[col]  # fmt: skip

    def dato(self, f: FilaSolicitud, col: int, rol: int) -> Any:
        if rol == Qt.ItemDataRole.ForegroundRole:
            if col == COL_ESTADO:
                return QColor(COLOR_ESTADO.get(f.estado, "#000000"))
            if col == COL_ACCIONES:
                return QColor("#1f4e79")
        if rol == Qt.ItemDataRole.FontRole and col == COL_ACCIONES:  # a link: a click opens it
            fuente = QFont()
            fuente.setUnderline(True)
            return fuente
        if rol == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ID, COL_PROCESO):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def ordenar(self, columna: int, descendente: bool) -> bool:
        nuevo = (ORDEN_POR_COLUMNA[columna], descendente)
        self.columna_orden = columna
        if nuevo == (self.orden, self.descendente):
            return False
        self.orden, self.descendente = nuevo
        return True
