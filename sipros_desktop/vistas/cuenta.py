"""The user's own account: change password, the locked window, the first administrator."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import seguridad, sesion
from sipros_desktop.vistas.comun.operacion import ejecutar


def campo_password(nombre: str) -> QLineEdit:
    campo = QLineEdit()
    campo.setObjectName(nombre)
    campo.setEchoMode(QLineEdit.EchoMode.Password)
    campo.setMaxLength(128)
    return campo


def etiqueta_mensaje() -> QLabel:
    mensaje = QLabel()
    mensaje.setObjectName("mensaje")
    mensaje.setWordWrap(True)
    mensaje.setStyleSheet("color: #b00020;")
    return mensaje


def texto_politica(minimo: int) -> str:
    return (
        f"Al menos {max(minimo, seguridad.PASSWORD_MINIMO)} caracteres, con letras y números; "
        "sin su nombre de usuario ni palabras comunes."
    )


class DialogoOcupable(QDialog):
    """A dialog whose accept button runs a service in the background and shows its error."""

    def _preparar(self, aceptar: str, cancelar: str | None) -> QDialogButtonBox:
        self.mensaje = etiqueta_mensaje()
        self.botones = QDialogButtonBox()
        self.aceptar_boton = self.botones.addButton(aceptar, QDialogButtonBox.ButtonRole.AcceptRole)
        self.aceptar_boton.setDefault(True)
        if cancelar:
            b = self.botones.addButton(cancelar, QDialogButtonBox.ButtonRole.RejectRole)
            b.setAutoDefault(False)
        self.botones.accepted.connect(self._aceptar)
        self.botones.rejected.connect(self.reject)
        return self.botones

    def _ejecutar(
        self,
        funcion: Callable[[], object],
        foco: QWidget | None = None,
        al_terminar: Callable[[object], object] | None = None,
    ) -> None:
        """Run ``funcion`` off the UI thread; on success ``al_terminar(result)`` and close."""
        self.aceptar_boton.setEnabled(False)
        self.mensaje.setStyleSheet("color: #4a5268;")
        self.mensaje.setText(self.tr("Guardando…"))

        def fallo(e: ErrorSipros) -> None:
            self.aceptar_boton.setEnabled(True)
            self.mensaje.setStyleSheet("color: #b00020;")
            self.mensaje.setText(e.mensaje)
            if foco is not None:
                foco.setFocus()

        def listo(resultado: object) -> None:
            # (an ``al_terminar`` that returns False closes the dialog itself, later)
            if al_terminar is not None and al_terminar(resultado) is False:
                return
            self.accept()

        ejecutar(funcion, al_terminar=listo, al_fallar=fallo, padre=self)

    def _aceptar(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class DialogoCambiarPassword(DialogoOcupable):
    """Change own password. ``obligatorio``: after an administrator's reset (no cancel)."""

    def __init__(
        self, minimo: int = 0, *, obligatorio: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoCambiarPassword")
        self.setWindowTitle(self.tr("Cambiar mi contraseña"))
        self.setMinimumWidth(460)
        self.actual = campo_password("actual")
        self.nueva = campo_password("nueva")
        self.confirmacion = campo_password("confirmacion")
        aviso = QLabel(
            self.tr(
                "Elija su contraseña para continuar: su cuenta es nueva o el administrador "
                "restableció su contraseña."
            )
            if obligatorio
            else self.tr("Escriba su contraseña actual y la nueva dos veces.")
        )
        aviso.setWordWrap(True)
        politica = QLabel(texto_politica(minimo))
        politica.setWordWrap(True)
        politica.setStyleSheet("color: #4a5268;")
        form = QFormLayout()
        form.addRow(self.tr("Contraseña actual:"), self.actual)
        form.addRow(self.tr("Contraseña nueva:"), self.nueva)
        form.addRow(self.tr("Repítala:"), self.confirmacion)
        capa = QVBoxLayout(self)
        capa.addWidget(aviso)
        capa.addLayout(form)
        capa.addWidget(politica)
        botones = self._preparar(
            self.tr("Cambiar contraseña"),
            self.tr("Cerrar sesión") if obligatorio else self.tr("Cancelar"),
        )
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)
        self.actual.returnPressed.connect(self.nueva.setFocus)
        self.nueva.returnPressed.connect(self.confirmacion.setFocus)

    def _aceptar(self) -> None:
        actual, nueva, conf = self.actual.text(), self.nueva.text(), self.confirmacion.text()
        self._ejecutar(lambda: seguridad.cambiar_mi_password(actual, nueva, conf), self.nueva)


class DialogoBloqueo(DialogoOcupable):
    """The window locked after the idle time: only the same user's password opens it. The
    server checks it; where it does not answer, a field brigade's is checked on this PC
    (``sesion.desbloquear``) and the dialog says so. ``sin_conexion``: the brigade's session
    without connection, checked here from the start."""

    # how long «checked on this PC» stays on screen before the window opens
    AVISO_LOCAL_MS = 1500

    def __init__(
        self,
        usuario: str,
        parent: QWidget | None = None,
        nombre: str = "",
        *,
        sin_conexion: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoBloqueo")
        self.setWindowTitle(self.tr("SIPROS Escritorio — Sesión bloqueada"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(420)
        self.usuario = usuario
        self.sin_conexion = sin_conexion
        self.en_este_equipo = False  # the last unlock was checked on this PC, not the server
        titulo = QLabel(self.tr("Sesión bloqueada"))
        titulo.setObjectName("tituloModulo")
        texto = QLabel(
            self.tr(
                "La ventana se bloqueó por inactividad. Escriba la contraseña de %s para "
                "continuar donde se quedó."
            )
            % (nombre or usuario)
        )
        texto.setWordWrap(True)
        self.password = campo_password("password")
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(texto)
        if sin_conexion:
            local = QLabel(
                self.tr(
                    "Sin conexión con el servidor: la contraseña se comprueba en este equipo, "
                    "con el paquete de brigada."
                )
            )
            local.setObjectName("avisoSinConexion")
            local.setWordWrap(True)
            local.setStyleSheet("color: #9a5b00; font-weight: bold;")
            capa.addWidget(local)
        capa.addWidget(self.password)
        botones = self._preparar(self.tr("Desbloquear"), self.tr("Cerrar sesión"))
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)

    def _aceptar(self) -> None:
        usuario, password = self.usuario, self.password.text()
        if not password or not self.password.isEnabled():
            if not password:
                self.mensaje.setText(self.tr("Escriba su contraseña."))
            return
        self.password.clear()
        sin_conexion = self.sin_conexion
        self._ejecutar(
            lambda: sesion.desbloquear(usuario, password, sin_conexion=sin_conexion),
            self.password,
            al_terminar=self._comprobada,
        )

    def _comprobada(self, en_este_equipo: object) -> bool:
        """Checked: the window opens; checked on this PC because the server did not answer,
        after saying so for a moment."""
        self.en_este_equipo = bool(en_este_equipo)
        if not self.en_este_equipo or self.sin_conexion:
            return True
        self.password.setEnabled(False)
        self.mensaje.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.mensaje.setText(
            self.tr(
                "El servidor no responde: la contraseña se comprobó en este equipo (sin conexión)."
            )
        )
        self.adjustSize()
        QTimer.singleShot(self.AVISO_LOCAL_MS, self, self._abrir)
        return False

    def _abrir(self) -> None:
        if self.isVisible():  # (not after «Cerrar sesión» meanwhile)
            self.accept()

    def keyPressEvent(self, evento) -> None:  # Esc must not unlock
        if evento.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(evento)


class DialogoPrimerAdministrador(DialogoOcupable):
    """First start of the embedded database: the user chooses the administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoPrimerAdministrador")
        self.setWindowTitle(self.tr("SIPROS Escritorio — Primer inicio"))
        self.setMinimumWidth(500)
        titulo = QLabel(self.tr("Bienvenido a SIPROS Escritorio"))
        titulo.setObjectName("tituloAcceso")
        texto = QLabel(
            self.tr(
                "Es la primera vez que se usa la base de datos de este equipo. Cree el usuario "
                "administrador: tendrá todos los perfiles con alcance estatal y podrá dar de "
                "alta a los demás funcionarios en Administración → Funcionarios."
            )
        )
        texto.setWordWrap(True)
        self.usuario = QLineEdit()
        self.usuario.setObjectName("usuario")
        self.usuario.setPlaceholderText("p. ej. mlopez")
        self.nombre = QLineEdit()
        self.nombre.setObjectName("nombre")
        self.correo = QLineEdit()
        self.correo.setObjectName("correo")
        self.password = campo_password("password")
        self.confirmacion = campo_password("confirmacion")
        politica = QLabel(texto_politica(0))
        politica.setWordWrap(True)
        politica.setStyleSheet("color: #4a5268;")
        form = QFormLayout()
        form.addRow(self.tr("Usuario:"), self.usuario)
        form.addRow(self.tr("Nombre completo:"), self.nombre)
        form.addRow(self.tr("Correo:"), self.correo)
        form.addRow(self.tr("Contraseña:"), self.password)
        form.addRow(self.tr("Repítala:"), self.confirmacion)
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(texto)
        capa.addLayout(form)
        capa.addWidget(politica)
        botones = self._preparar(self.tr("Crear administrador"), self.tr("Salir"))
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)

    def _aceptar(self) -> None:
        datos = (
            self.usuario.text().strip().lower(),
            self.nombre.text(),
            self.correo.text(),
            self.password.text(),
            self.confirmacion.text(),
        )
        self._ejecutar(lambda: sesion.crear_primer_administrador(*datos), self.password)


# A button that never steals Enter from the form it sits in
def boton(texto: str) -> QPushButton:
    b = QPushButton(texto)
    b.setAutoDefault(False)
    return b
