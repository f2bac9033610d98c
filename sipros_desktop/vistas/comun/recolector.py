"""Python's cyclic garbage collector runs only on the UI thread.

Left alone it runs on whichever thread happens to allocate, and a background query can then
destroy a dead window's Qt objects from its own thread, which crashes Qt. So automatic
collection is off and a timer on the UI thread collects each generation when its threshold is
passed (the approach Anki takes for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVALO_MS = 1000


class Recolector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.reloj = QTimer(self)
        self.reloj.setInterval(INTERVALO_MS)
        self.reloj.timeout.connect(self.revisar)
        self.reloj.start()

    @staticmethod
    def revisar() -> None:
        cuenta, umbral = gc.get_count(), gc.get_threshold()
        for generacion in (2, 1, 0):
            if cuenta[generacion] > umbral[generacion]:
                gc.collect(generacion)
                return


def instalar(app: QObject) -> Recolector:
    existente = app.findChild(Recolector)
    return existente if existente is not None else Recolector(app)
