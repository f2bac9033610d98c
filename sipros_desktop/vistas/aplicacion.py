"""GUI start-up: QApplication, Spanish translations, style; login, then the main window."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from sipros_desktop import recursos
from sipros_desktop.bd import integrada
from sipros_desktop.servicios import sesion
from sipros_desktop.vistas.acceso import DialogoAcceso
from sipros_desktop.vistas.comun import recolector, texto
from sipros_desktop.vistas.cuenta import DialogoCambiarPassword
from sipros_desktop.vistas.principal import VentanaPrincipal


def crear_aplicacion(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    recolector.instalar(app)  # garbage is collected on the UI thread only
    if app.platformName() == "offscreen":
        _callar_aviso_offscreen()
    app.setApplicationName("SIPROS Escritorio")
    app.setOrganizationName("Gobierno del Estado de Querétaro")
    app.setDesktopFileName("sipros-desktop")  # (Linux: the .desktop file, its icon in the dock)
    app.setWindowIcon(QIcon(str(recursos.ruta("icono.png"))))
    aplicar_estilo(app)
    return app  # type: ignore[return-value]


_AVISO_OFFSCREEN = "This plugin does not support propagateSizeHints()"
_manejador_anterior = None
_callado = False


def _callar_aviso_offscreen() -> None:
    """Qt's offscreen platform (screenshots, benchmarks) warns once per window shown that it
    cannot propagate size hints: hundreds of lines that mean nothing there. Only that message
    is dropped; every other one goes on as before."""
    global _manejador_anterior, _callado

    def manejador(tipo: QtMsgType, contexto, mensaje: str) -> None:
        if mensaje == _AVISO_OFFSCREEN:
            return
        if _manejador_anterior is not None:
            _manejador_anterior(tipo, contexto, mensaje)
        else:
            print(mensaje, file=sys.stderr)

    if not _callado:
        _manejador_anterior = qInstallMessageHandler(manejador)
        _callado = True


def aplicar_estilo(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    traductor = QTranslator(app)
    carpeta = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if traductor.load("qtbase_es", carpeta):
        app.installTranslator(traductor)
    app.setStyle("Fusion")
    texto.proteger(app)  # database text on labels is text, never markup
    app.setStyleSheet(recursos.ruta("estilo.qss").read_text(encoding="utf-8"))


def _medir_arranque(acceso: QDialog) -> None:
    """Print the seconds from the process's start to the login window on screen, and leave."""
    import psutil

    QApplication.processEvents()
    inicio = psutil.Process().create_time()
    print(f"ventana de acceso en {time.time() - inicio:.2f} s", flush=True)
    acceso.reject()


def ejecutar_gui() -> int:
    app = crear_aplicacion()
    ventanas: list[VentanaPrincipal] = []

    def pedir_acceso() -> None:
        acceso = DialogoAcceso()
        if os.environ.get("SIPROS_MEDIR_ARRANQUE"):  # bench: seconds to the login window
            QTimer.singleShot(0, lambda: _medir_arranque(acceso))
        if acceso.exec() != QDialog.DialogCode.Accepted or acceso.info is None:
            app.quit()
            return
        perfil = acceso.info.perfil
        if perfil is not None and perfil.cambiar_password:
            cambio = DialogoCambiarPassword(perfil.password_minimo, obligatorio=True)
            if cambio.exec() != QDialog.DialogCode.Accepted:
                sesion.cerrar_sesion()
                pedir_acceso()
                return
        ventana = VentanaPrincipal(acceso.info)
        ventana.sesion_cerrada.connect(lambda: (sesion.cerrar_sesion(), pedir_acceso()))
        ventanas[:] = [ventana]
        ventana.mostrar()
        if acceso.info.integrada:  # the office's daily backup, a moment after logging in
            QTimer.singleShot(3000, ventana.respaldo_automatico)

    try:
        pedir_acceso()
        if not ventanas:
            return 0
        return app.exec()
    finally:
        sesion.cerrar_sesion()
        integrada.detener()  # the embedded server stops with the app (if nobody else uses it)
