"""A module's life in the main window: what it reloads when the session changes something.

The main window forwards every change its session commits (``bd.cambio`` in the services) to
the modules it created: ``vista.cambiaron(temas)``. ``AlCambiar`` is the usual answer of a
panel: reload at once if it is on screen, else the next time it is shown — a hidden panel does
not query the database for nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class AlCambiar(QObject):
    def __init__(
        self,
        panel: QWidget,
        temas: Iterable[str],
        recargar: Callable[[], None],
        *,
        al_mostrar: bool = True,  # False: the panel reloads on every show by itself
        en_pantalla: bool = True,  # False: what it does on screen it reloads itself
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.temas = frozenset(temas)
        self.recargar = recargar
        self.al_mostrar = al_mostrar
        self.en_pantalla = en_pantalla
        self.pendiente = False
        panel.installEventFilter(self)

    def cambiaron(self, temas: frozenset[str]) -> None:
        if not (self.temas & temas):
            return
        if self.panel.isVisible():
            if self.en_pantalla:
                self.pendiente = False
                self.recargar()
        elif self.al_mostrar:
            self.pendiente = True

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if objeto is self.panel and evento.type() == QEvent.Type.Show and self.pendiente:
            self.pendiente = False
            self.recargar()
        return False


def repartir(refrescos: Iterable[AlCambiar], temas: frozenset[str]) -> None:
    for r in refrescos:
        r.cambiaron(temas)
