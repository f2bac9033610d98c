"""The one helper for work off the UI thread (the pattern of Anki's QueryOp).

``Operacion(funcion, al_terminar=...)`` runs ``funcion`` in the global QThreadPool and delivers
its result, its error or its progress back on the UI thread. Errors go to ``al_fallar`` or,
by default, to one place: a Spanish message box through ``dialogos``.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import sesion
from sipros_desktop.servicios.sesion import como_error
from sipros_desktop.vistas.comun import dialogos


class Cancelada(Exception):
    """Raised inside the worker by ``avisar`` once the user cancelled."""


class _Senales(QObject):
    exito = Signal(object)
    fallo = Signal(object)
    progreso = Signal(str, int, int)


class _Tarea(QRunnable):
    def __init__(self, operacion: Operacion) -> None:
        super().__init__()
        # Python owns the task (Operacion keeps it): the pool never deletes it from its thread
        self.setAutoDelete(False)
        self.operacion = operacion

    def run(self) -> None:
        op = self.operacion
        try:
            # in the session that started it: an operation that outlives a logout fails
            # (ErrorSesionTerminada, cancelled anyway) instead of acting for the next user
            with sesion.en_contexto(op.contexto):
                resultado = op.funcion(op._avisar) if op.acepta_progreso else op.funcion()
        except Cancelada:
            op.senales.fallo.emit(Cancelada())
        except BaseException as e:  # delivered to the UI thread, never lost
            # Only a plain Spanish error crosses threads: no traceback keeps this thread's
            # frames (and the objects they hold) alive on the UI thread.
            op.senales.fallo.emit(_sin_rastro(como_error(e)))
        else:
            op.senales.exito.emit(resultado)


def _sin_rastro(error: ErrorSipros) -> ErrorSipros:
    limpio = type(error).__new__(type(error))
    limpio.__dict__.update(error.__dict__)
    limpio.args = error.args
    return limpio


class Operacion(QObject):
    """One background call. Keep no reference: running operations keep themselves alive."""

    _vivas: ClassVar[set[Operacion]] = set()

    def __init__(
        self,
        funcion: Callable[..., Any],
        *,
        al_terminar: Callable[[Any], None] | None = None,
        al_fallar: Callable[[ErrorSipros], None] | None = None,
        al_progresar: Callable[[str, int, int], None] | None = None,
        padre: QObject | None = None,  # a window or a model: its results go nowhere else
    ) -> None:
        super().__init__()
        self.funcion = funcion
        self.al_terminar = al_terminar
        self.al_fallar = al_fallar
        self.al_progresar = al_progresar
        self.padre = padre
        self.acepta_progreso = _acepta_argumento(funcion)
        self.terminada = False
        self.contexto = sesion.contexto_actual()
        self._cancelar = threading.Event()
        self.senales = _Senales()
        self.senales.exito.connect(self._exito)
        self.senales.fallo.connect(self._fallo)
        self.senales.progreso.connect(self._progreso)
        if padre is not None:
            # a window closed while its operation ran: the result has nowhere to go
            padre.destroyed.connect(self.cancelar)

    def iniciar(self) -> Operacion:
        Operacion._vivas.add(self)
        self._tarea = _Tarea(self)
        QThreadPool.globalInstance().start(self._tarea)
        return self

    def cancelar(self) -> None:
        self._cancelar.set()

    @property
    def cancelada(self) -> bool:
        return self._cancelar.is_set()

    def _avisar(self, etapa: str, hecho: int, total: int) -> None:
        if self._cancelar.is_set():
            raise Cancelada()
        self.senales.progreso.emit(etapa, hecho, total)

    @Slot(object)
    def _exito(self, resultado: Any) -> None:
        self._fin()
        if self.al_terminar is not None and not self.cancelada:
            self.al_terminar(resultado)

    @Slot(object)
    def _fallo(self, error: BaseException) -> None:
        self._fin()
        if isinstance(error, Cancelada) or self.cancelada:
            return
        err = como_error(error)  # already an ErrorSipros: the worker translated it
        if self.al_fallar is not None:
            self.al_fallar(err)
        else:
            ventana = self.padre if isinstance(self.padre, QWidget) else None
            dialogos.error(ventana, err.mensaje, detalle=err.detalle)

    @Slot(str, int, int)
    def _progreso(self, etapa: str, hecho: int, total: int) -> None:
        if self.al_progresar is not None and not self.cancelada:
            self.al_progresar(etapa, hecho, total)

    def _fin(self) -> None:
        self.terminada = True
        # Let go only once control is back in the event loop: dropping the last reference
        # inside this slot would delete the QObject while Qt is still delivering its signal.
        QTimer.singleShot(0, lambda: Operacion._vivas.discard(self))

    @classmethod
    def en_curso(cls) -> int:
        return len(cls._vivas)

    @classmethod
    def cancelar_de(cls, contexto: object) -> int:
        """Logout: every operation still running for ``contexto`` is cancelled (its result
        and its errors go nowhere). How many there were."""
        vivas = [op for op in cls._vivas if op.contexto is contexto and not op.terminada]
        for op in vivas:
            op.cancelar()
        return len(vivas)


def _acepta_argumento(funcion: Callable[..., Any]) -> bool:
    """Does ``funcion`` ask for the progress callback (``lambda avisar: …``)? Only a required
    positional parameter says so: a service's optional parameters keep their defaults."""
    try:
        parametros = inspect.signature(funcion).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.default is inspect.Parameter.empty
        and p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for p in parametros
    )


def ejecutar(funcion: Callable[..., Any], **kwargs: Any) -> Operacion:
    """Shortcut: ``ejecutar(lambda: servicio(...), al_terminar=...)``."""
    return Operacion(funcion, **kwargs).iniciar()
