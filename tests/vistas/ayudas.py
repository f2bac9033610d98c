"""Helpers of the GUI tests: the main window as after logging in, screenshots on request, and
waiting until the window has nothing left to do (instead of waiting a fixed time)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from sipros_desktop.bd import esquema
from sipros_desktop.servicios import seguridad
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.aplicacion import aplicar_estilo
from sipros_desktop.vistas.comun.operacion import Operacion
from sipros_desktop.vistas.principal import VentanaPrincipal

CAPTURAS = os.environ.get("SIPROS_CAPTURAS_PRUEBAS")  # a folder: save what the tests see


def _entregar_pendientes() -> None:
    """Deliver what Qt left for the event loop: layouts, deferred calls, finished work."""
    for _ in range(2):  # (a layout done now may ask for another one)
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def captura(widget, nombre: str) -> None:
    if CAPTURAS:
        _entregar_pendientes()  # (the picture shows the layout as it settles, not half-way)
        Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(CAPTURAS) / f"{nombre}.png"))


def en_reposo(qtbot, timeout: int = 10000) -> None:
    """Wait until no background operation runs and their results and the layouts they caused
    were delivered. After a click that must do nothing, whatever it wrongly started has ended
    by then, so asserting that nothing changed proves it (a fixed wait only hopes so)."""

    def quieta() -> bool:
        _entregar_pendientes()
        return Operacion.en_curso() == 0

    qtbot.waitUntil(quieta, timeout=timeout)


def ventana_principal(
    qtbot, qapp, cuenta, modulo: str | None = None, tamano: tuple[int, int] = (1366, 820)
) -> VentanaPrincipal:
    """The main window of ``cuenta`` (already active for bd.sesion()), showing ``modulo``."""
    aplicar_estilo(qapp)
    info = InfoSesion(
        cuenta.usuario, "pruebas", esquema.revision_esperada(), False, seguridad.mi_perfil()
    )
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.resize(*tamano)
    v.show()
    if modulo:
        v.ir_a(modulo)
    return v


def dialogo_abierto(qtbot, vista, accion):
    """What ``accion`` opened, as the view announces it (``dialogo_abierto``)."""
    abiertos = []
    vista.dialogo_abierto.connect(abiertos.append)
    accion()
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    vista.dialogo_abierto.disconnect(abiertos.append)
    return abiertos[-1]
