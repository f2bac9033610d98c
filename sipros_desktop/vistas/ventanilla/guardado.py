"""Saving a capture without ever losing it: if the connection drops, say so and try again.

The service call carries the capture's idempotency key, so a retry after a commit whose answer
was lost returns the saved record instead of creating a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from sipros_desktop.errores import ErrorConexion, ErrorSipros
from sipros_desktop.vistas.comun.operacion import ejecutar

ESPERA_REINTENTO_S = 5


class GuardadoConReintento(QObject):
    """Runs ``funcion`` in the background; on a connection error waits and runs it again."""

    guardado = Signal(object)  # the service's result
    fallido = Signal(object)  # an ErrorSipros that a retry would not fix
    estado = Signal(str)  # what to tell the clerk meanwhile

    def __init__(self, padre: QWidget, espera_s: int = ESPERA_REINTENTO_S) -> None:
        super().__init__(padre)
        self.padre = padre
        self.espera_s = espera_s
        self.funcion: Callable[[], Any] | None = None
        self.en_curso = False
        self.intentos = 0
        self._restante = 0
        self.reloj = QTimer(self)
        self.reloj.setInterval(1000)
        self.reloj.timeout.connect(self._tic)

    @property
    def esperando(self) -> bool:
        return self.reloj.isActive()

    def guardar(self, funcion: Callable[[], Any]) -> None:
        self.funcion = funcion
        self.intentos = 0
        self._intentar()

    def reintentar_ahora(self) -> None:
        if self.funcion is not None and not self.en_curso:
            self.reloj.stop()
            self._intentar()

    def cancelar(self) -> None:
        self.reloj.stop()
        self.funcion = None

    def _intentar(self) -> None:
        if self.funcion is None:
            return
        self.en_curso = True
        self.intentos += 1
        self.estado.emit(self.tr("Guardando…"))
        ejecutar(self.funcion, al_terminar=self._bien, al_fallar=self._mal, padre=self.padre)

    def _bien(self, resultado: Any) -> None:
        self.en_curso = False
        self.funcion = None
        self.estado.emit("")
        self.guardado.emit(resultado)

    def _mal(self, error: ErrorSipros) -> None:
        self.en_curso = False
        if isinstance(error, ErrorConexion) and self.funcion is not None:
            self._restante = self.espera_s
            self._avisar()
            self.reloj.start()
            return
        self.estado.emit("")
        self.fallido.emit(error)

    def _tic(self) -> None:
        self._restante -= 1
        if self._restante <= 0:
            self.reloj.stop()
            self._intentar()
        else:
            self._avisar()

    def _avisar(self) -> None:
        self.estado.emit(
            self.tr(
                "Se perdió la conexión con el servidor. Lo capturado se conserva en este equipo; "
                "se reintentará en %d s (intento %d)."
            )
            % (self._restante, self.intentos + 1)
        )
