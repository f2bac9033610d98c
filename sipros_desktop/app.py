"""The application's process: the windows, and how a signal ends them. The command line (and
the ``sipros-desktop`` entry point, which opens the windows when called bare) is the package
``sipros_desktop.cli``."""

from __future__ import annotations

import sys


def abrir() -> int:
    """Open the application (the login, or the first administrator); its exit code."""
    from sipros_desktop.vistas.aplicacion import ejecutar_gui

    return ejecutar_gui()


def terminar_con_senal(numero: int, _marco) -> None:
    """SIGTERM (a shutdown, a task manager) ends the app as a normal exit would: the window
    closes, the embedded server stops (its exit handlers run)."""
    qt = sys.modules.get("PySide6.QtWidgets")
    app = qt.QApplication.instance() if qt is not None else None
    if app is not None:
        # a dialog waiting (login, first administrator) closes like Cancel; then the loop ends
        for w in app.topLevelWidgets():
            if w.isVisible():
                w.close()
        app.quit()
    else:
        raise SystemExit(128 + numero)
