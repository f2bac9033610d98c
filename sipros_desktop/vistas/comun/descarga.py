"""An Excel download in the background: asks where to save, shows progress, can be cancelled,
and says how many rows were written. Shared by every module that downloads a table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.operacion import Operacion, ejecutar

Avance = Callable[[int, int], None]


class Descarga(QObject):
    def __init__(self, padre: QWidget, boton: QPushButton) -> None:
        super().__init__(padre)
        self.padre = padre
        self.boton = boton
        self.progreso = QProgressBar()
        self.progreso.setMaximumWidth(180)
        self.progreso.hide()
        self.boton_cancelar = QPushButton(self.tr("Cancelar"))
        self.boton_cancelar.hide()
        self.boton_cancelar.clicked.connect(self.cancelar)
        self._operacion: Operacion | None = None
        self.ultima: tuple[int, str] | None = None

    def iniciar(
        self,
        titulo: str,
        sugerido: str,
        trabajo: Callable[[str, Avance], int],
        mensaje: str,
    ) -> None:
        """``trabajo(ruta, avance)`` writes the file and returns the rows (-1: cancelled);
        ``mensaje`` has two %s: the rows and the path."""
        ruta = dialogos.guardar_archivo(
            self.padre, titulo, sugerido, self.tr("Libro de Excel (*.xlsx)")
        )
        if not ruta:
            return
        if not ruta.lower().endswith(".xlsx"):
            ruta += ".xlsx"
        self._ocupado(True)

        def listo(n: int) -> None:
            self._ocupado(False)
            if n >= 0:
                self.ultima = (n, ruta)
                dialogos.informacion(self.padre, mensaje % (f"{n:,}", ruta))

        def fallo(e: ErrorSipros) -> None:
            self._ocupado(False)
            dialogos.error(self.padre, e.mensaje, detalle=e.detalle)

        self._operacion = ejecutar(
            lambda avisar: trabajo(ruta, lambda h, t: avisar("descargando", h, t)),
            al_terminar=listo,
            al_fallar=fallo,
            al_progresar=lambda _e, h, t: (self.progreso.setMaximum(max(t, 1)),
                                           self.progreso.setValue(h)),
            padre=self.padre,
        )  # fmt: skip

    def cancelar(self) -> None:
        if self._operacion is not None:
            self._operacion.cancelar()
        self._ocupado(False)

    def _ocupado(self, si: bool) -> None:
        self.progreso.setValue(0)
        self.progreso.setVisible(si)
        self.boton_cancelar.setVisible(si)
        self.boton.setEnabled(not si)
