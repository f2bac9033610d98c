"""Table model of citizens: keyset pages from the server, loaded in the background on demand.

Qt asks ``canFetchMore``/``fetchMore`` as the user scrolls; each page is one service call.
Each new search or sort starts a new generation; results of older generations are dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import ciudadanos
from sipros_desktop.servicios.curp import SEXOS
from sipros_desktop.vistas.comun.operacion import ejecutar

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
ROL_ID = Qt.ItemDataRole.UserRole + 1

_Indice = QModelIndex | QPersistentModelIndex


class ModeloCiudadanos(QAbstractTableModel):
    cargando_cambio = Signal(bool)
    total_cambio = Signal(object)  # int, or None while counting
    fallo = Signal(str)

    def __init__(self, parent=None, tam_pagina: int = ciudadanos.TAM_PAGINA) -> None:
        super().__init__(parent)
        self.tam_pagina = tam_pagina
        self.consulta = ciudadanos.Consulta()
        self._filas: list[ciudadanos.FilaCiudadano] = []
        self._hay_mas = False
        self._cargando = False
        self._generacion = 0
        self.total: int | None = None
        self.columna_orden = COL_PATERNO
        self.orden_qt = Qt.SortOrder.AscendingOrder
        self._fuente_fija: QFont | None = None

    # ----------------------------------------------------------------- public API
    @property
    def cargando(self) -> bool:
        return self._cargando

    @property
    def hay_mas(self) -> bool:
        return self._hay_mas

    def fila(self, n: int) -> ciudadanos.FilaCiudadano:
        return self._filas[n]

    def buscar(self, texto: str) -> None:
        self.consulta = ciudadanos.Consulta(
            texto=texto, orden=self.consulta.orden, descendente=self.consulta.descendente
        )
        self._recargar()

    def recargar(self) -> None:
        self._recargar()

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._filas)

    def columnCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ENCABEZADOS)

    def headerData(self, seccion: int, orientacion: Qt.Orientation, rol: int = 0) -> Any:
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.DisplayRole:
            return ENCABEZADOS[seccion]
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.ToolTipRole:
            if seccion in ORDEN_POR_COLUMNA:
                return "Clic para ordenar"
            return "Esta columna no se puede ordenar"
        return None

    def data(self, index: _Indice, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._filas[index.row()]
        col = index.column()
        if rol == Qt.ItemDataRole.DisplayRole:
            return _texto(f, col)
        if rol == ROL_ID:
            return f.id
        if rol == Qt.ItemDataRole.TextAlignmentRole and col == COL_SOL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if rol == Qt.ItemDataRole.FontRole and col == COL_CURP:
            if self._fuente_fija is None:
                self._fuente_fija = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            return self._fuente_fija
        return None

    def canFetchMore(self, parent: _Indice = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._hay_mas and not self._cargando

    def fetchMore(self, parent: _Indice = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._cargar_pagina(self._generacion, self._filas[-1].clave_orden)

    def sort(self, columna: int, orden: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        clave = ORDEN_POR_COLUMNA.get(columna)
        if clave is None:
            return
        nueva = ciudadanos.Consulta(
            texto=self.consulta.texto,
            orden=clave,
            descendente=orden == Qt.SortOrder.DescendingOrder,
        )
        self.columna_orden = columna
        self.orden_qt = orden
        if nueva == self.consulta:
            return  # same order (e.g. the view restating it): nothing to reload
        self.consulta = nueva
        self._recargar()

    # ----------------------------------------------------------------- loading
    def _recargar(self) -> None:
        self._generacion += 1
        self.beginResetModel()
        self._filas = []
        self._hay_mas = False
        self.endResetModel()
        self.total = None
        self.total_cambio.emit(None)
        gen = self._generacion
        self._cargar_pagina(gen, None)
        consulta = self.consulta
        ejecutar(
            lambda: ciudadanos.contar(consulta),
            al_terminar=lambda n: self._contado(gen, n),
            al_fallar=lambda e: self._fallido(gen, e),
        )

    def _cargar_pagina(self, gen: int, despues: tuple | None) -> None:
        self._poner_cargando(True)
        consulta, tam = self.consulta, self.tam_pagina
        ejecutar(
            lambda: ciudadanos.pagina(consulta, despues, tam),
            al_terminar=lambda p: self._pagina_lista(gen, p),
            al_fallar=lambda e: self._fallido(gen, e),
        )

    def _pagina_lista(self, gen: int, pagina: ciudadanos.Pagina) -> None:
        if gen != self._generacion:
            return
        if pagina.filas:
            inicio = len(self._filas)
            self.beginInsertRows(QModelIndex(), inicio, inicio + len(pagina.filas) - 1)
            self._filas.extend(pagina.filas)
            self.endInsertRows()
        self._hay_mas = pagina.hay_mas
        self._poner_cargando(False)

    def _contado(self, gen: int, n: int) -> None:
        if gen == self._generacion:
            self.total = n
            self.total_cambio.emit(n)

    def _fallido(self, gen: int, error: ErrorSipros) -> None:
        if gen != self._generacion:
            return
        self._hay_mas = False
        self._poner_cargando(False)
        self.fallo.emit(error.mensaje)

    def _poner_cargando(self, valor: bool) -> None:
        if self._cargando != valor:
            self._cargando = valor
            self.cargando_cambio.emit(valor)


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
