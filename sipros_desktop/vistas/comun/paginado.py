"""Table models over keyset pages of the server, loaded in the background on demand.

Qt asks ``canFetchMore``/``fetchMore`` as the user scrolls; each page is one service call.
Each new search, filter or sort starts a new generation; results of older generations are
dropped. Subclasses say how to read a page, how to count, and how to show a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.texto import esc

ROL_ID = Qt.ItemDataRole.UserRole + 1
_Indice = QModelIndex | QPersistentModelIndex


class ModeloPaginado(QAbstractTableModel):
    cargando_cambio = Signal(bool)
    total_cambio = Signal(object)  # the count (what ``contador`` returns), or None meanwhile
    fallo = Signal(str)

    encabezados: tuple[str, ...] = ()
    ordenables: frozenset[int] = frozenset()

    def __init__(self, parent=None, tam_pagina: int = 100) -> None:
        super().__init__(parent)
        self.tam_pagina = tam_pagina
        self._filas: list[Any] = []
        self._hay_mas = False
        self._cargando = False
        self._generacion = 0
        self.total: Any = None

    # ----------------------------------------------------------------- to implement
    def lector(self) -> Callable[[tuple | None, int], Any]:
        """A thread-safe function (cursor, size) → page with ``filas`` and ``hay_mas``."""
        raise NotImplementedError

    def contador(self) -> Callable[[], Any] | None:
        """A thread-safe function that counts the current query (None: no count)."""
        return None

    def texto(self, fila: Any, columna: int) -> str:
        raise NotImplementedError

    def ordenar(self, columna: int, descendente: bool) -> bool:
        """Change the query's order; True if it changed."""
        return False

    def dato(self, fila: Any, columna: int, rol: int) -> Any:
        """Any other role (alignment, font, colour) of a cell."""
        return None

    # ----------------------------------------------------------------- public API
    @property
    def cargando(self) -> bool:
        return self._cargando

    @property
    def hay_mas(self) -> bool:
        return self._hay_mas

    @property
    def filas(self) -> list[Any]:
        return self._filas

    def fila(self, n: int) -> Any:
        return self._filas[n]

    def recargar(self) -> None:
        self._generacion += 1
        self.beginResetModel()
        self._filas = []
        self._hay_mas = False
        self.endResetModel()
        self.total = None
        self.total_cambio.emit(None)
        gen = self._generacion
        self._cargar_pagina(gen, None)
        contar = self.contador()
        if contar is not None:
            ejecutar(
                contar,
                al_terminar=lambda n: self._contado(gen, n),
                al_fallar=lambda e: self._fallido(gen, e),
                padre=self,  # a model deleted meanwhile (its window closed) gets nothing
            )

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._filas)

    def columnCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.encabezados)

    def headerData(self, seccion: int, orientacion: Qt.Orientation, rol: int = 0) -> Any:
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.DisplayRole:
            return self.encabezados[seccion]
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.ToolTipRole:
            if seccion in self.ordenables:
                return "Clic para ordenar"
            return "Esta columna no se puede ordenar"
        return None

    def data(self, index: _Indice, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._filas[index.row()]
        if rol == Qt.ItemDataRole.DisplayRole:
            return self.texto(f, index.column())
        if rol == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cut cell, as text
            texto = self.texto(f, index.column())
            return f"<span>{esc(texto)}</span>" if texto else None
        if rol == ROL_ID:
            return f.id
        return self.dato(f, index.column(), rol)

    def canFetchMore(self, parent: _Indice = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._hay_mas and not self._cargando

    def fetchMore(self, parent: _Indice = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._cargar_pagina(self._generacion, self._filas[-1].clave_orden)

    def sort(self, columna: int, orden: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if columna in self.ordenables and self.ordenar(
            columna, orden == Qt.SortOrder.DescendingOrder
        ):
            self.recargar()

    # ----------------------------------------------------------------- loading
    def _cargar_pagina(self, gen: int, despues: tuple | None) -> None:
        self._poner_cargando(True)
        leer, tam = self.lector(), self.tam_pagina
        ejecutar(
            lambda: leer(despues, tam),
            al_terminar=lambda p: self._pagina_lista(gen, p),
            al_fallar=lambda e: self._fallido(gen, e),
            padre=self,
        )

    def _pagina_lista(self, gen: int, pagina: Any) -> None:
        if gen != self._generacion:
            return
        if pagina.filas:
            inicio = len(self._filas)
            self.beginInsertRows(QModelIndex(), inicio, inicio + len(pagina.filas) - 1)
            self._filas.extend(pagina.filas)
            self.endInsertRows()
        self._hay_mas = pagina.hay_mas
        self._poner_cargando(False)

    def _contado(self, gen: int, n: Any) -> None:
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


def ajustar_columnas(tabla, a_su_contenido: set[int], estirables: set[int]) -> None:
    """Columns of fixed-format values (CURP, folio, dates) take exactly what they need and are
    never cut; columns of long text share the rest (their tooltip shows the whole text), never
    narrower than their header with its sort arrow: on a narrow screen the table scrolls
    sideways instead of drawing the arrow over the header's text."""
    from PySide6.QtWidgets import QHeaderView

    cabecera = tabla.horizontalHeader()
    cabecera.setStretchLastSection(False)
    for col in range(tabla.model().columnCount()):
        if col in a_su_contenido:
            modo = QHeaderView.ResizeMode.ResizeToContents
        else:
            modo = QHeaderView.ResizeMode.Interactive
        cabecera.setSectionResizeMode(col, modo)
    reparto = getattr(tabla, "_reparto_columnas", None)
    if reparto is None:
        tabla._reparto_columnas = _Reparto(tabla, estirables)
    else:
        reparto.estirables = sorted(estirables)
        reparto.repartir()


class _Reparto(QObject):
    """What QHeaderView's Stretch mode does, with a minimum per column: each column of
    ``estirables`` gets its header's size hint (text, padding and sort indicator) plus an equal
    share of the width the other columns leave."""

    def __init__(self, tabla, estirables: set[int]) -> None:
        super().__init__(tabla)
        self.tabla = tabla
        self.estirables = sorted(estirables)
        self._repartiendo = False
        tabla.viewport().installEventFilter(self)
        tabla.horizontalHeader().sectionResized.connect(self._cambio_otra)
        tabla.horizontalHeader().sortIndicatorChanged.connect(lambda *_a: self.repartir())
        QTimer.singleShot(0, self.repartir)

    def eventFilter(self, _obj, evento) -> bool:
        if evento.type() == QEvent.Type.Resize:
            self.repartir()
        return False

    def _cambio_otra(self, col: int, _antes: int, _ahora: int) -> None:
        if not self._repartiendo and col not in self.estirables:
            self.repartir()

    def repartir(self) -> None:
        cabecera = self.tabla.horizontalHeader()
        cols = [
            c for c in self.estirables if c < cabecera.count() and not cabecera.isSectionHidden(c)
        ]
        if not cols or self._repartiendo:
            return
        fijas = sum(
            cabecera.sectionSize(c)
            for c in range(cabecera.count())
            if c not in cols and not cabecera.isSectionHidden(c)
        )
        minimos = [cabecera.sectionSizeHint(c) for c in cols]
        sobra = max(0, self.tabla.viewport().width() - fijas - sum(minimos))
        self._repartiendo = True
        try:
            for i, (col, minimo) in enumerate(zip(cols, minimos, strict=True)):
                extra = sobra // len(cols) + (1 if i < sobra % len(cols) else 0)
                if cabecera.sectionSize(col) != minimo + extra:
                    cabecera.resizeSection(col, minimo + extra)
        finally:
            self._repartiendo = False


def celda(texto, derecha: bool = False):
    """A table cell of plain text, its whole text in the tooltip (a cut cell shows it);
    ``derecha`` for numbers."""
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem("" if texto is None else str(texto))
    item.setToolTip(item.text())
    if derecha:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
