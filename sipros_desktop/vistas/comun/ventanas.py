"""One window per record: opening an application or a citizen that is already open (or still
loading) brings that window to the front instead of opening a second copy, whose old state
would mislead whoever acted on it."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtWidgets import QDialog, QWidget


class Ventanas:
    def __init__(self) -> None:
        self._abiertas: dict[Hashable, QWidget] = {}
        self._cargando: set[Hashable] = set()

    def traer(self, clave: Hashable) -> bool:
        """True if ``clave`` is open (now in front) or on its way: nothing else to do."""
        if clave in self._cargando:
            return True
        w = self._abiertas.get(clave)
        if w is None:
            return False
        if w.isMinimized():
            w.showNormal()
        w.raise_()
        w.activateWindow()
        return True

    def empezar(self, clave: Hashable) -> bool:
        """Mark ``clave`` as loading; False if it is already open or loading (then it is
        brought to the front)."""
        if self.traer(clave):
            return False
        self._cargando.add(clave)
        return True

    def fallo(self, clave: Hashable) -> None:
        self._cargando.discard(clave)

    def registrar(self, clave: Hashable, ventana: QWidget) -> None:
        self._cargando.discard(clave)
        self._abiertas[clave] = ventana

        def cerrada(*_a) -> None:
            if self._abiertas.get(clave) is ventana:
                del self._abiertas[clave]

        if isinstance(ventana, QDialog):
            ventana.finished.connect(cerrada)
        ventana.destroyed.connect(cerrada)

    def abierta(self, clave: Hashable) -> QWidget | None:
        return self._abiertas.get(clave)

    def __len__(self) -> int:
        return len(self._abiertas)
