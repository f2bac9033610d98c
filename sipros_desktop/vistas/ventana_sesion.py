"""What every window of a logged-in session does, the main window's and the brigade's without
connection alike: it locks after the idle time the administrator set, and at logout nothing of
the session stays on screen or acts afterwards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from sipros_desktop.servicios import sesion
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.comun.operacion import Operacion
from sipros_desktop.vistas.cuenta import DialogoBloqueo

_ACTIVIDAD = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class VentanaDeSesion(QMainWindow):
    # after the window closed at logout (the session ends next, and the login is shown)
    sesion_cerrada = Signal()

    def __init__(self, info: InfoSesion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.contexto = info.contexto or sesion.contexto_actual()
        self._terminada = False
        # session lock after the idle time (``vigilar_inactividad``; 0 = never)
        self.bloqueada = False
        self._espera_bloqueo = 0
        self.bloqueo = QTimer(self)
        self.bloqueo.setSingleShot(True)
        self.bloqueo.timeout.connect(self.bloquear)

    def vigilar_inactividad(self, minutos: int) -> None:
        """Lock after ``minutos`` without keyboard or mouse (0 = never)."""
        self.fijar_bloqueo(minutos * 60_000)
        QApplication.instance().installEventFilter(self)

    # ----------------------------------------------------------------- what the window holds
    def vistas_vivas(self) -> list[QWidget]:
        """The screens built in this window (each may have ``cerrar`` and timers)."""
        return []

    def _terminar_modulos(self) -> None:
        """Before the window goes: every screen built stops its timers, saves what it keeps
        locally (the Ventanilla's draft) and lets its background work go; nothing of this
        session acts after it."""
        if self._terminada:
            return
        self._terminada = True
        self.bloqueo.stop()
        for vista in self.vistas_vivas():
            if hasattr(vista, "cerrar"):
                vista.cerrar()
            for reloj in vista.findChildren(QTimer):  # a search's or a counter's, say
                reloj.stop()
        if self.contexto is not None:
            Operacion.cancelar_de(self.contexto)

    # ----------------------------------------------------------------- lock
    def fijar_bloqueo(self, milisegundos: int) -> None:
        self._espera_bloqueo = milisegundos
        if milisegundos > 0:
            self.bloqueo.start(milisegundos)
        else:
            self.bloqueo.stop()

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if not self.bloqueada and evento.type() in _ACTIVIDAD and self._espera_bloqueo > 0:
            self.bloqueo.start(self._espera_bloqueo)  # any keyboard or mouse use restarts it
        return False

    def bloquear(self) -> DialogoBloqueo | None:
        if self.bloqueada:
            return None
        self.bloqueada = True
        self.bloqueo.stop()
        self.centralWidget().hide()  # nothing of the data stays on screen
        self.menuBar().setEnabled(False)
        perfil, local = self.info.perfil, self.info.sin_conexion
        nombre = perfil.nombre if perfil else (local.nombre if local else "")
        d = DialogoBloqueo(self.info.usuario, self, nombre=nombre, sin_conexion=local is not None)
        d.accepted.connect(self._desbloquear)
        d.rejected.connect(self._cerrar_sesion)
        self.dialogo_bloqueo = d
        d.open()
        return d

    def _desbloquear(self) -> None:
        self.bloqueada = False
        self.centralWidget().show()
        self.menuBar().setEnabled(True)
        self.fijar_bloqueo(self._espera_bloqueo)
        if self.dialogo_bloqueo.en_este_equipo and self.info.sin_conexion is None:
            self.statusBar().showMessage(
                self.tr(
                    "Sin conexión con el servidor: la contraseña se comprobó en este equipo. Lo "
                    "que necesita el servidor no funcionará hasta que vuelva la conexión."
                ),
                120_000,
            )

    def mostrar(self) -> None:
        self.showMaximized()

    # ----------------------------------------------------------------- end of the session
    def closeEvent(self, evento) -> None:
        self._terminar_modulos()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(evento)

    def _cerrar_sesion(self) -> None:
        """Nothing of this session stays on screen for the next user, and nothing of it acts
        later: the screens end first (timers, drafts, background work), then every window this
        one opened (a citizen's file, a dialog) and this one close; only then ``sesion_cerrada``
        says the session may end and the login appear."""
        self._terminar_modulos()
        for w in QApplication.topLevelWidgets():  # (a citizen's file opens as its own window)
            if w is not self and w.isVisible():
                w.close()
        # closing the last window would end the application: here the login follows
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.close()
        self.sesion_cerrada.emit()
