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
from sipros_desktop.vistas.brigada_sin_conexion import VentanaBrigada
from sipros_desktop.vistas.comun import recolector, texto
from sipros_desktop.vistas.cuenta import DialogoCambiarPassword
from sipros_desktop.vistas.principal import VentanaPrincipal
from sipros_desktop.vistas.ventana_sesion import VentanaDeSesion


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
    """Locale, translations, style and style sheet of the application, once: applying them
    again re-polishes and re-translates every widget alive (the tests, which build a window
    each, got slower with every window)."""
    if app.property("sipros_estilo_aplicado"):
        return
    app.setProperty("sipros_estilo_aplicado", True)
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


SIN_PANTALLA = (
    "SIPROS Escritorio necesita una pantalla para abrir sus ventanas, y este equipo no tiene "
    "una a la vista ({motivo}).\n"
    "Las órdenes de la línea de comandos funcionan igual (sipros-desktop --help). Para crear "
    "el primer administrador sin ventana:\n"
    '  sipros-desktop usuario crear USUARIO --nombre "Nombre Apellido" --rol administrador '
    "--alcance estatal\n"
    "(pide la contraseña dos veces; la cambiará al entrar por primera vez)."
)


def _sin_pantalla() -> str | None:
    """Why no window could be seen here, or None. Checked before Qt starts: without a display
    Qt's own message is English and the process aborts; on the offscreen platform it would
    wait on a dialog nobody can see."""
    plataforma = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if plataforma in ("offscreen", "minimal") and not os.environ.get("SIPROS_MEDIR_ARRANQUE"):
        return f"QT_QPA_PLATFORM={plataforma}"
    if (
        sys.platform.startswith("linux")
        and not plataforma
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no hay DISPLAY ni WAYLAND_DISPLAY"  # fmt: skip
    return None


def ejecutar_gui() -> int:
    motivo = _sin_pantalla()
    if motivo is not None:
        print(SIN_PANTALLA.format(motivo=motivo), file=sys.stderr)
        return 2
    app = crear_aplicacion()
    ventanas: list[VentanaDeSesion] = []
    # Python runs a signal handler only when it gets control back from Qt: a timer gives it
    # control four times a second, so SIGTERM / Ctrl+C end the app even while a dialog waits
    despertador = QTimer(app)
    despertador.timeout.connect(lambda: None)
    despertador.start(250)

    def pedir_acceso() -> None:
        acceso = DialogoAcceso()
        if os.environ.get("SIPROS_MEDIR_ARRANQUE"):  # bench: seconds to the login window
            QTimer.singleShot(0, lambda: _medir_arranque(acceso))
        if acceso.exec() != QDialog.DialogCode.Accepted or acceso.info is None:
            app.quit()
            return
        info = acceso.info
        perfil = info.perfil
        if perfil is not None and perfil.cambiar_password:
            cambio = DialogoCambiarPassword(perfil.password_minimo, obligatorio=True)
            if cambio.exec() != QDialog.DialogCode.Accepted:
                sesion.cerrar_sesion(info.contexto)
                pedir_acceso()
                return
        # without the server (a brigade's login checked on this PC): the brigade only
        ventana: VentanaDeSesion = (
            VentanaBrigada(info) if info.sin_conexion is not None else VentanaPrincipal(info)
        )

        def sesion_cerrada() -> None:
            # the window and its modules are gone already; the session ends and the login
            # appears from the event loop, not inside the window's signal
            sesion.cerrar_sesion(info.contexto)
            QTimer.singleShot(0, pedir_acceso)

        ventana.sesion_cerrada.connect(sesion_cerrada)
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
