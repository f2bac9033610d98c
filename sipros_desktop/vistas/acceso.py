"""Login dialog and connection-profile dialog.

Logging in = connecting to PostgreSQL with the user's credentials; it runs in the background,
so a server that does not answer never freezes the window. Errors are shown in the dialog.
Where the server does not answer, a field brigade with a valid kit on this PC logs in to the
brigade only, its password checked here (``sesion.entrar``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop import __version__, config
from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import sesion
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.cuenta import DialogoPrimerAdministrador


class DialogoAcceso(QDialog):
    sesion_iniciada = Signal(object)  # InfoSesion

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoAcceso")
        self.setWindowTitle(self.tr("SIPROS Escritorio — Iniciar sesión"))
        self.setMinimumWidth(460)
        self.info: sesion.InfoSesion | None = None
        self.destino: sesion.Destino | None = None

        titulo = QLabel(self.tr("SIPROS Escritorio"))
        titulo.setObjectName("tituloAcceso")
        subtitulo = QLabel(self.tr("Sistema de Programas Sociales del Estado de Querétaro"))
        subtitulo.setObjectName("subtituloAcceso")
        self.usuario = QLineEdit()
        self.usuario.setObjectName("usuario")
        self.usuario.setMaxLength(63)
        self.contrasena = QLineEdit()
        self.contrasena.setObjectName("contrasena")
        self.contrasena.setEchoMode(QLineEdit.EchoMode.Password)
        self.conexion = QLabel()
        self.conexion.setObjectName("descripcionConexion")
        self.conexion.setWordWrap(True)
        self.boton_conexion = QPushButton(self.tr("Cambiar conexión…"))
        self.boton_conexion.setAutoDefault(False)
        self.mensaje = QLabel()
        self.mensaje.setObjectName("mensajeAcceso")
        self.mensaje.setWordWrap(True)
        self.mensaje.setStyleSheet("color: #b00020;")
        self.botones = QDialogButtonBox()
        self.entrar = self.botones.addButton(
            self.tr("Entrar"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        salir = self.botones.addButton(self.tr("Salir"), QDialogButtonBox.ButtonRole.RejectRole)
        salir.setAutoDefault(False)
        self.entrar.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("Usuario:"), self.usuario)
        form.addRow(self.tr("Contraseña:"), self.contrasena)
        fila_con = QHBoxLayout()
        fila_con.addWidget(self.conexion, 1)
        fila_con.addWidget(self.boton_conexion)
        form.addRow(self.tr("Base de datos:"), fila_con)
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(subtitulo)
        capa.addSpacing(8)
        capa.addLayout(form)
        capa.addWidget(self.mensaje)
        version = QLabel(self.tr("Versión %s") % __version__)
        version.setAlignment(Qt.AlignmentFlag.AlignRight)
        capa.addWidget(version)
        capa.addWidget(self.botones)

        self.botones.accepted.connect(self.intentar)
        self.usuario.returnPressed.connect(self.contrasena.setFocus)
        self.contrasena.returnPressed.connect(self.intentar)
        self.botones.rejected.connect(self.reject)
        self.boton_conexion.clicked.connect(self.cambiar_conexion)
        self.cargar_destino()

    def cargar_destino(self) -> None:
        try:
            self.destino = sesion.destino_configurado()
        except ErrorSipros as e:
            self.destino = None
            self.conexion.setText(self.tr("Sin conexión válida"))
            self._error(e)
            self.entrar.setEnabled(False)
            return
        self.entrar.setEnabled(True)
        self.conexion.setText(self.destino.descripcion)
        if self.destino.integrada:
            self._preparar_integrada()
        self.boton_conexion.setEnabled(not self.destino.fijo)
        if self.destino.fijo:
            self.boton_conexion.setToolTip(self.tr("La conexión la fija SIPROS_DB_URL."))
        if not self.usuario.text():
            self.usuario.setText(self.destino.usuario_sugerido)
        (self.contrasena if self.usuario.text() else self.usuario).setFocus()

    def _preparar_integrada(self) -> None:
        """Start the embedded database now; on its first start, create the administrator."""
        self._ocupado(True)
        self.mensaje.setStyleSheet("color: #4a5268;")
        self.mensaje.setText(self.tr("Iniciando la base de datos integrada…"))

        def listo(hay_administrador: bool) -> None:
            self._ocupado(False)
            self.mensaje.setStyleSheet("color: #b00020;")
            self.mensaje.clear()
            if not hay_administrador:
                self.primer_inicio()

        ejecutar(sesion.preparar_integrada, al_terminar=listo, al_fallar=self._error, padre=self)

    def primer_inicio(self) -> DialogoPrimerAdministrador:
        d = DialogoPrimerAdministrador(self)
        self.dialogo_primer_inicio = d

        def creado() -> None:
            self.usuario.setText(d.usuario.text().strip().lower())
            self.contrasena.clear()
            self.mensaje.setStyleSheet("color: #1b5e20;")
            self.mensaje.setText(
                self.tr("Administrador creado. Inicie sesión con su usuario y contraseña.")
            )
            self.contrasena.setFocus()

        d.accepted.connect(creado)
        d.rejected.connect(self.reject)
        d.open()
        return d

    def intentar(self) -> None:
        if self.destino is None:
            return
        usuario, contrasena = self.usuario.text().strip(), self.contrasena.text()
        if not usuario:
            self.mensaje.setText(self.tr("Escriba su usuario."))
            self.usuario.setFocus()
            return
        self._ocupado(True)
        self.mensaje.setText(
            self.tr("Iniciando la base de datos integrada…")
            if self.destino.integrada
            else self.tr("Conectando…")
        )
        destino = self.destino
        ejecutar(
            lambda: sesion.entrar(destino, usuario, contrasena),
            al_terminar=self._listo,
            al_fallar=self._error,
        )

    def _listo(self, info: sesion.InfoSesion) -> None:
        self._ocupado(False)
        self.info = info
        self.sesion_iniciada.emit(info)
        self.accept()

    def _error(self, e: ErrorSipros) -> None:
        self._ocupado(False)
        self.mensaje.setStyleSheet("color: #b00020;")
        self.mensaje.setText(e.mensaje)
        self.contrasena.selectAll()
        self.contrasena.setFocus()

    def _ocupado(self, si: bool) -> None:
        for w in (self.usuario, self.contrasena, self.entrar, self.boton_conexion):
            w.setEnabled(not si)
        if not si and self.destino is not None and self.destino.fijo:
            self.boton_conexion.setEnabled(False)

    def cambiar_conexion(self) -> None:
        d = DialogoConexion(config.cargar_perfil(), self)
        if d.exec() == QDialog.DialogCode.Accepted:
            self.mensaje.clear()
            self.cargar_destino()


class DialogoConexion(QDialog):
    """Embedded database on this PC, or a central server (host, port, database, SSL)."""

    def __init__(self, perfil: config.PerfilConexion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoConexion")
        self.setWindowTitle(self.tr("Conexión a la base de datos"))
        self.perfil = perfil
        self.opcion_integrada = QRadioButton(self.tr("Base de datos integrada en este equipo"))
        self.opcion_servidor = QRadioButton(self.tr("Servidor central"))
        grupo = QButtonGroup(self)
        grupo.addButton(self.opcion_integrada)
        grupo.addButton(self.opcion_servidor)
        self.servidor = QLineEdit(perfil.servidor)
        self.servidor.setObjectName("servidorConexion")
        self.servidor.setPlaceholderText("sipros.queretaro.gob.mx")
        self.servidor.setToolTip(
            self.tr("Con réplica en espera: «primario, espera» — la aplicación usa el que acepte "
                    "escrituras y se reconecta sola si el primario falla.")
        )  # fmt: skip
        self.replica = QLineEdit(perfil.replica)
        self.replica.setObjectName("replicaConexion")
        self.replica.setPlaceholderText(self.tr("opcional: réplica para reportes y Padrón"))
        self.puerto = QSpinBox()
        self.puerto.setRange(1, 65535)
        self.puerto.setValue(perfil.puerto)
        self.base = QLineEdit(perfil.base)
        self.certificado = QLineEdit(perfil.sslrootcert)
        self.certificado.setObjectName("certificadoCA")
        self.certificado.setPlaceholderText(self.tr("archivo .crt o .pem de la autoridad (CA)"))
        self.elegir_certificado = QPushButton(self.tr("Elegir…"))
        self.elegir_certificado.clicked.connect(self._elegir_certificado)
        fila_ca = QHBoxLayout()
        fila_ca.addWidget(self.certificado, 1)
        fila_ca.addWidget(self.elegir_certificado)
        self.sin_verificar = QCheckBox(
            self.tr("Conexión sin verificar el certificado del servidor (no recomendado)")
        )
        self.sin_verificar.setChecked(perfil.sin_verificar)
        self.sin_verificar.toggled.connect(lambda v: self.certificado.setEnabled(not v))
        self.certificado.setEnabled(not perfil.sin_verificar)
        self.usuario = QLineEdit(perfil.usuario)
        self.mensaje = QLabel()
        self.mensaje.setStyleSheet("color: #b00020;")
        self.mensaje.setWordWrap(True)

        caja = QGroupBox(self.tr("Servidor central"))
        f = QFormLayout(caja)
        f.addRow(self.tr("Servidor:"), self.servidor)
        f.addRow(self.tr("Réplica de lectura:"), self.replica)
        f.addRow(self.tr("Puerto:"), self.puerto)
        f.addRow(self.tr("Base de datos:"), self.base)
        f.addRow(self.tr("Certificado de la autoridad:"), fila_ca)
        f.addRow("", self.sin_verificar)
        f.addRow(self.tr("Usuario sugerido:"), self.usuario)
        self.caja = caja
        botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        capa = QVBoxLayout(self)
        capa.addWidget(self.opcion_integrada)
        capa.addWidget(self.opcion_servidor)
        capa.addWidget(caja)
        capa.addWidget(
            QLabel(self.tr("Las contraseñas nunca se guardan: se piden al iniciar sesión."))
        )
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)
        (self.opcion_integrada if perfil.integrada else self.opcion_servidor).setChecked(True)
        self.opcion_servidor.toggled.connect(caja.setEnabled)
        caja.setEnabled(not perfil.integrada)
        botones.accepted.connect(self.guardar)
        botones.rejected.connect(self.reject)

    def _elegir_certificado(self) -> None:
        ruta = dialogos.abrir_archivo(
            self, self.tr("Certificado de la autoridad (CA)"),
            self.tr("Certificados (*.crt *.pem *.cer);;Todos los archivos (*)"),
        )  # fmt: skip
        if ruta:
            self.certificado.setText(ruta)

    def guardar(self) -> None:
        if self.opcion_integrada.isChecked():
            perfil = config.PerfilConexion()
        else:
            servidor = self.servidor.text().strip()
            if not servidor:
                self.mensaje.setText(self.tr("Escriba la dirección del servidor central."))
                self.servidor.setFocus()
                return
            perfil = config.PerfilConexion(
                servidor=servidor,
                puerto=self.puerto.value(),
                base=self.base.text().strip(),
                sslrootcert=self.certificado.text().strip(),
                sin_verificar=self.sin_verificar.isChecked(),
                usuario=self.usuario.text().strip(),
                replica=self.replica.text().strip(),
            )
        try:
            sesion.guardar_conexion(perfil)
        except ErrorSipros as e:
            self.mensaje.setText(e.mensaje)
            return
        self.perfil = perfil
        self.accept()
