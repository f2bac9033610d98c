"""The window of a login without the server (``sesion.entrar``): the field brigade only.

Where the server does not answer, a staff member with a valid brigade kit on this PC whose
password matches this PC's verifier works here: the brigade panel of the Ventanilla (register,
applications, acuses, the journal, the review list) and nothing else of the application. It
locks after the idle time like the main window, and the password is checked on this PC.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sipros_desktop import __version__
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.ventana_sesion import VentanaDeSesion
from sipros_desktop.vistas.ventanilla.brigada import PanelBrigada

COLOR_SIN_CONEXION = "#9a5b00"


class VentanaBrigada(VentanaDeSesion):
    def __init__(self, info: InfoSesion, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        assert info.sin_conexion is not None, "solo para una sesión sin conexión"
        local = info.sin_conexion
        self.setObjectName("ventanaBrigadaSinConexion")
        self.setWindowTitle(self.tr("SIPROS Escritorio — Brigada sin conexión — %s") % info.usuario)
        self.resize(1280, 800)
        self.aviso = QLabel(
            self.tr(
                "Sin conexión con el servidor: solo la brigada de campo, con el paquete de este "
                "equipo. Lo capturado se guarda en el diario de este equipo; para sincronizar, "
                "cierre sesión y entre con conexión."
            )
        )
        self.aviso.setObjectName("avisoSinConexion")
        self.aviso.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso.setWordWrap(True)
        self.aviso.setStyleSheet(
            f"color: #FFFFFF; background: {COLOR_SIN_CONEXION}; padding: 6px 10px; "
            "font-weight: bold;"
        )
        titulo = QLabel(self.tr("Brigada de campo · sin conexión"))
        titulo.setObjectName("tituloModulo")
        self.panel = PanelBrigada(sin_conexion=True)
        central = QWidget()
        capa = QVBoxLayout(central)
        capa.addWidget(self.aviso)
        capa.addWidget(titulo)
        capa.addWidget(self.panel, 1)
        self.setCentralWidget(central)
        self._menus()
        quien = f"{local.nombre} ({info.usuario})" if local.nombre else info.usuario
        self.statusBar().showMessage(
            self.tr("Usuario: %s · Base: %s (sin conexión) · Versión %s")
            % (quien, info.destino, __version__)
        )
        etiqueta = QLabel(self.tr("SIN CONEXIÓN"))
        etiqueta.setObjectName("etiquetaSinConexion")
        etiqueta.setStyleSheet(
            f"color: #FFFFFF; background: {COLOR_SIN_CONEXION}; padding: 2px 8px; "
            "font-weight: bold;"
        )
        self.statusBar().addPermanentWidget(etiqueta)
        self.vigilar_inactividad(local.bloqueo_minutos)

    def _menus(self) -> None:
        archivo = self.menuBar().addMenu(self.tr("&Archivo"))
        bloquear = QAction(self.tr("Bloquear ahora"), self)
        bloquear.setShortcut(QKeySequence("Ctrl+L"))
        bloquear.triggered.connect(self.bloquear)
        cerrar = QAction(self.tr("Cerrar sesión"), self)
        cerrar.triggered.connect(self._cerrar_sesion)
        salir = QAction(self.tr("Salir"), self)
        salir.setShortcut(QKeySequence.StandardKey.Quit)
        salir.triggered.connect(self.close)
        archivo.addAction(bloquear)
        archivo.addSeparator()
        archivo.addAction(cerrar)
        archivo.addAction(salir)

    def vistas_vivas(self) -> list[QWidget]:
        return [self.panel]

    def _desbloquear(self) -> None:
        super()._desbloquear()
        self.panel.activar()  # the kit may have expired meanwhile
