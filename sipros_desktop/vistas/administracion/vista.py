"""The Administración module: Funcionarios, Bitácora, the front-desk settings, the SMS
outbox and templates, the state's geography (imports of the official files) and the civil
registry's extract as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from sipros_desktop.vistas.administracion.ajustes import VistaAjustes
from sipros_desktop.vistas.administracion.bitacora import VistaBitacora
from sipros_desktop.vistas.administracion.funcionarios import VistaFuncionarios
from sipros_desktop.vistas.administracion.geografia import VistaGeografia
from sipros_desktop.vistas.administracion.mensajes import VistaMensajes
from sipros_desktop.vistas.administracion.registro_civil import VistaRegistroCivil


class VistaAdministracion(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaAdministracion")
        titulo = QLabel(self.tr("Administración"))
        titulo.setObjectName("tituloModulo")
        self.funcionarios = VistaFuncionarios()
        self.bitacora = VistaBitacora()
        self.pestanas = QTabWidget()
        self.pestanas.addTab(self.funcionarios, self.tr("Funcionarios"))
        self.pestanas.addTab(self.bitacora, self.tr("Bitácora"))
        self.ajustes = VistaAjustes()
        self.pestanas.addTab(self.ajustes, self.tr("Ventanilla"))
        self.mensajes = VistaMensajes()
        self.pestanas.addTab(self.mensajes, self.tr("Mensajes SMS"))
        self.geografia = VistaGeografia()
        self.pestanas.addTab(self.geografia, self.tr("Geografía"))
        self.registro_civil = VistaRegistroCivil()
        self.pestanas.addTab(self.registro_civil, self.tr("Registro Civil"))
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(self.pestanas, 1)
        self._activadas: set[int] = set()
        self.pestanas.currentChanged.connect(self._pestana)

    def activar(self) -> None:
        self._pestana(self.pestanas.currentIndex())

    def _pestana(self, indice: int) -> None:
        vista = self.pestanas.widget(indice)
        if hasattr(vista, "activar_vista"):
            vista.activar_vista()
