"""Administración → Funcionarios: the staff list, create / edit / deactivate / reset password.

A few hundred rows at most, so the list is loaded whole (in the background) into a table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import seguridad
from sipros_desktop.servicios.seguridad import DatosUsuario, OpcionOrganizacion, Usuario
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas
from sipros_desktop.vistas.cuenta import DialogoOcupable, boton, campo_password, texto_politica

ENCABEZADOS = ("Usuario", "Nombre", "Correo", "Tipo", "Rol", "Módulo", "Estatus")
COL_USUARIO, COL_NOMBRE, COL_CORREO, COL_TIPO, COL_ROL, COL_MODULO, COL_ESTATUS = range(7)


def tipo_de(u: Usuario) -> str:
    if u.alcance == "estatal":
        return "Estatal"
    return f"{seguridad.ALCANCES[u.alcance]} {u.area if u.alcance == 'area' else u.dependencia}"


def roles_de(u: Usuario) -> str:
    return " - ".join(seguridad.TITULOS_PERFIL[p].split(" (")[0] for p in u.perfiles)


def estatus_de(u: Usuario) -> str:
    if not u.activo:
        return "Inactivo"
    return "Activo (cambiará contraseña)" if u.cambiar_password else "Activo"


class VistaFuncionarios(QWidget):
    lista_cargada = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaFuncionarios")
        self.usuarios: list[Usuario] = []
        self.organizacion: list[OpcionOrganizacion] = []
        self.filtro = QLineEdit()
        self.filtro.setObjectName("filtroFuncionarios")
        self.filtro.setPlaceholderText(self.tr("Filtrar por usuario, nombre, correo o perfil…"))
        self.filtro.setClearButtonEnabled(True)
        self.nuevo = boton(self.tr("Nuevo funcionario…"))
        self.editar = boton(self.tr("Editar…"))
        self.activar = boton(self.tr("Desactivar"))
        self.restablecer = boton(self.tr("Restablecer contraseña…"))
        self.tabla = QTableWidget(0, len(ENCABEZADOS))
        self.tabla.setObjectName("tablaFuncionarios")
        self.tabla.setHorizontalHeaderLabels(list(ENCABEZADOS))
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setAlternatingRowColors(True)
        self.tabla.verticalHeader().setVisible(False)
        self.tabla.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.conteo = QLabel()
        self.bloqueo = QSpinBox()
        self.bloqueo.setObjectName("bloqueoMinutos")
        self.bloqueo.setRange(0, 480)
        self.bloqueo.setSuffix(self.tr(" min"))
        self.bloqueo.setSpecialValueText(self.tr("nunca"))
        self.guardar_bloqueo = boton(self.tr("Guardar"))

        acciones = QHBoxLayout()
        for w in (self.filtro, self.nuevo, self.editar, self.activar, self.restablecer):
            acciones.addWidget(w)
        acciones.setStretch(0, 1)
        pie = QHBoxLayout()
        pie.addWidget(self.conteo, 1)
        pie.addWidget(QLabel(self.tr("Bloqueo por inactividad (todos los equipos):")))
        pie.addWidget(self.bloqueo)
        pie.addWidget(self.guardar_bloqueo)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addLayout(acciones)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(pie)

        self.filtro.textChanged.connect(self._filtrar)
        self.nuevo.clicked.connect(self.crear_nuevo)
        self.editar.clicked.connect(self.editar_seleccionado)
        self.tabla.doubleClicked.connect(lambda _i: self.editar_seleccionado())
        self.activar.clicked.connect(self.cambiar_activo)
        self.restablecer.clicked.connect(self.restablecer_seleccionado)
        self.tabla.itemSelectionChanged.connect(self._botones)
        self.guardar_bloqueo.clicked.connect(self._guardar_bloqueo)
        self._botones()

    # ----------------------------------------------------------------- loading
    def activar_vista(self) -> None:
        self.recargar()

    def recargar(self, seleccionar: str | None = None) -> None:
        actual = seleccionar or (self.seleccionado().usuario if self.seleccionado() else None)

        def cargar():
            return seguridad.lista(), seguridad.organizacion(), seguridad.bloqueo_minutos()

        def listo(r) -> None:
            self.usuarios, self.organizacion, minutos = r
            if not self.bloqueo.hasFocus():
                self.bloqueo.setValue(minutos)
            self._llenar(actual)
            self.lista_cargada.emit()

        ejecutar(cargar, al_terminar=listo, padre=self)

    def _llenar(self, seleccionar: str | None) -> None:
        self.tabla.setSortingEnabled(False)
        self.tabla.setRowCount(len(self.usuarios))
        for fila, u in enumerate(self.usuarios):
            valores = (
                u.usuario,
                u.nombre,
                u.correo or "",
                tipo_de(u),
                roles_de(u),
                ", ".join(seguridad.modulos_de(u.perfiles)),
                estatus_de(u),
            )
            for col, valor in enumerate(valores):
                item = QTableWidgetItem(valor)
                item.setToolTip(valor)
                item.setData(Qt.ItemDataRole.UserRole, u.usuario)
                if not u.activo:
                    item.setForeground(Qt.GlobalColor.gray)
                self.tabla.setItem(fila, col, item)
        self.tabla.setSortingEnabled(True)
        # user, type and status take what they need; name and e-mail up to a share; the
        # profiles and modules (long lists) divide the rest — nothing cut at 1280 × 720 that
        # the tooltip does not show whole
        ajustar_columnas(self.tabla, {COL_USUARIO, COL_TIPO, COL_ESTATUS}, {COL_ROL, COL_MODULO})
        for col, tope in ((COL_NOMBRE, 220), (COL_CORREO, 200)):
            self.tabla.resizeColumnToContents(col)
            self.tabla.setColumnWidth(col, min(self.tabla.columnWidth(col), tope))
        self._filtrar(self.filtro.text())
        if seleccionar:
            for fila in range(self.tabla.rowCount()):
                if self.tabla.item(fila, COL_USUARIO).text() == seleccionar:
                    self.tabla.selectRow(fila)
        self._botones()

    def _filtrar(self, texto: str) -> None:
        texto = texto.strip().lower()
        visibles = 0
        for fila in range(self.tabla.rowCount()):
            contenido = " ".join(
                self.tabla.item(fila, c).text().lower() for c in range(len(ENCABEZADOS))
            )
            oculto = bool(texto) and texto not in contenido
            self.tabla.setRowHidden(fila, oculto)
            visibles += not oculto
        activos = sum(u.activo for u in self.usuarios)
        n = len(self.usuarios)
        self.conteo.setText(
            (self.tr("1 funcionario") if n == 1 else self.tr("%d funcionarios") % n)
            + (self.tr(" (1 activo)") if activos == 1 else self.tr(" (%d activos)") % activos)
            + self.tr("; mostrando %d") % visibles
        )

    def seleccionado(self) -> Usuario | None:
        filas = self.tabla.selectionModel().selectedRows() if self.tabla.selectionModel() else []
        if not filas:
            return None
        usuario = self.tabla.item(filas[0].row(), COL_USUARIO).text()
        return next((u for u in self.usuarios if u.usuario == usuario), None)

    def _botones(self) -> None:
        u = self.seleccionado()
        for b in (self.editar, self.activar, self.restablecer):
            b.setEnabled(u is not None)
        self.activar.setText(
            self.tr("Activar") if u is not None and not u.activo else self.tr("Desactivar")
        )

    # ----------------------------------------------------------------- actions
    def crear_nuevo(self) -> DialogoFuncionario:
        d = DialogoFuncionario(self.organizacion, None, self)
        d.guardado.connect(lambda u: self.recargar(u.usuario))
        d.open()
        return d

    def editar_seleccionado(self) -> DialogoFuncionario | None:
        u = self.seleccionado()
        if u is None:
            return None
        d = DialogoFuncionario(self.organizacion, u, self)
        d.guardado.connect(lambda u2: self.recargar(u2.usuario))
        d.open()
        return d

    def cambiar_activo(self) -> None:
        u = self.seleccionado()
        if u is None:
            return
        if u.activo:
            pregunta = self.tr(
                "¿Desactivar a %s (%s)? No podrá entrar y sus sesiones abiertas se cerrarán "
                "en este momento."
            ) % (u.usuario, u.nombre)
        else:
            pregunta = self.tr("¿Activar de nuevo a %s (%s)?") % (u.usuario, u.nombre)
        if not dialogos.confirmar(self, pregunta):
            return
        nuevo = not u.activo
        ejecutar(
            lambda: seguridad.activar(u.usuario, nuevo),
            al_terminar=lambda _r: self.recargar(u.usuario),
            padre=self,
        )

    def restablecer_seleccionado(self) -> DialogoRestablecer | None:
        u = self.seleccionado()
        if u is None:
            return None
        d = DialogoRestablecer(u, self)
        d.accepted.connect(lambda: self.recargar(u.usuario))
        d.open()
        return d

    def _guardar_bloqueo(self) -> None:
        minutos = self.bloqueo.value()
        ejecutar(
            lambda: seguridad.guardar_bloqueo(minutos),
            al_terminar=lambda _r: dialogos.informacion(
                self,
                self.tr("Bloqueo por inactividad: %s. Se aplica al iniciar sesión.")
                % (self.tr("nunca") if minutos == 0 else self.tr("%d minutos") % minutos),
            ),
            padre=self,
        )


class DialogoFuncionario(DialogoOcupable):
    """Create (``usuario`` None) or edit a funcionario."""

    guardado = Signal(object)  # Usuario

    def __init__(
        self,
        organizacion: list[OpcionOrganizacion],
        usuario: Usuario | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoFuncionario")
        self.original = usuario
        self.organizacion = organizacion
        self.setWindowTitle(
            self.tr("Nuevo funcionario") if usuario is None else self.tr("Editar funcionario")
        )
        self.setMinimumWidth(560)
        self.usuario = QLineEdit(usuario.usuario if usuario else "")
        self.usuario.setObjectName("usuario")
        self.usuario.setPlaceholderText("p. ej. mlopez")
        self.usuario.setEnabled(usuario is None)  # the login name is the role: it stays
        self.nombre = QLineEdit(usuario.nombre if usuario else "")
        self.nombre.setObjectName("nombre")
        self.correo = QLineEdit((usuario.correo or "") if usuario else "")
        self.correo.setObjectName("correo")
        caja_perfiles = QGroupBox(self.tr("Perfiles"))
        rejilla = QGridLayout(caja_perfiles)
        self.perfiles: dict[str, QCheckBox] = {}
        for i, p in enumerate(seguridad.PERFILES):
            cb = QCheckBox(seguridad.TITULOS_PERFIL[p])
            cb.setObjectName(f"perfil_{p}")
            cb.setChecked(usuario is not None and p in usuario.perfiles)
            rejilla.addWidget(cb, i // 2, i % 2)
            self.perfiles[p] = cb
        self.alcance = QComboBox()
        self.alcance.setObjectName("alcance")
        for clave, titulo in seguridad.ALCANCES.items():
            self.alcance.addItem(titulo, clave)
        self.dependencia = QComboBox()
        self.dependencia.setObjectName("dependencia")
        self.dependencia.addItem(self.tr("(ninguna)"), "")
        for o in organizacion:
            self.dependencia.addItem(f"{o.clave} — {o.nombre}", o.clave)
        self.area = QComboBox()
        self.area.setObjectName("area")
        form = QFormLayout()
        form.addRow(self.tr("Usuario:"), self.usuario)
        form.addRow(self.tr("Nombre completo:"), self.nombre)
        form.addRow(self.tr("Correo:"), self.correo)
        form.addRow(self.tr("Dependencia:"), self.dependencia)
        form.addRow(self.tr("Área:"), self.area)
        form.addRow(self.tr("Ve las solicitudes de:"), self.alcance)
        self.password = campo_password("password")
        self.confirmacion = campo_password("confirmacion")
        if usuario is None:
            form.addRow(self.tr("Contraseña inicial:"), self.password)
            form.addRow(self.tr("Repítala:"), self.confirmacion)
        capa = QVBoxLayout(self)
        capa.addLayout(form)
        capa.addWidget(caja_perfiles)
        if usuario is None:
            nota = QLabel(
                texto_politica(0) + " " + self.tr("El funcionario la cambiará al entrar.")
            )
            nota.setWordWrap(True)
            nota.setStyleSheet("color: #4a5268;")
            capa.addWidget(nota)
        botones = self._preparar(self.tr("Guardar"), self.tr("Cancelar"))
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)

        self.dependencia.currentIndexChanged.connect(self._llenar_areas)
        if usuario is not None:
            self._elegir(self.dependencia, usuario.dependencia or "")
            self._llenar_areas()
            self._elegir(self.area, usuario.area or "")
            self._elegir(self.alcance, usuario.alcance)
        else:
            self._llenar_areas()
        (self.usuario if usuario is None else self.nombre).setFocus()

    @staticmethod
    def _elegir(combo: QComboBox, dato: str) -> None:
        i = combo.findData(dato)
        if i >= 0:
            combo.setCurrentIndex(i)

    def _llenar_areas(self) -> None:
        self.area.clear()
        self.area.addItem(self.tr("(ninguna)"), "")
        clave = self.dependencia.currentData()
        for o in self.organizacion:
            if o.clave == clave:
                for area, nombre in o.areas:
                    self.area.addItem(f"{area} — {nombre}", area)

    def datos(self) -> DatosUsuario:
        return DatosUsuario(
            usuario=self.usuario.text(),
            nombre=self.nombre.text(),
            correo=self.correo.text(),
            perfiles=[p for p, cb in self.perfiles.items() if cb.isChecked()],
            dependencia=self.dependencia.currentData() or "",
            area=self.area.currentData() or "",
            alcance=self.alcance.currentData(),
        )

    def _aceptar(self) -> None:
        datos = self.datos()
        errores = datos.normalizado().errores()
        if errores:
            self.mensaje.setText("\n".join(errores))
            return
        if self.original is None:
            password, confirmacion = self.password.text(), self.confirmacion.text()
            funcion = lambda: seguridad.crear(datos, password, confirmacion)  # noqa: E731
        else:
            funcion = lambda: seguridad.editar(datos)  # noqa: E731
        self._ejecutar(funcion, al_terminar=self.guardado.emit)


class DialogoRestablecer(DialogoOcupable):
    """Administrator's reset of someone's password."""

    def __init__(self, usuario: Usuario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoRestablecer")
        self.setWindowTitle(self.tr("Restablecer contraseña"))
        self.setMinimumWidth(440)
        self.cuenta = usuario
        texto = QLabel(
            self.tr(
                "Nueva contraseña para %s (%s). Al entrar, el funcionario tendrá que elegir "
                "una propia."
            )
            % (usuario.usuario, usuario.nombre)
        )
        texto.setWordWrap(True)
        self.password = campo_password("password")
        self.confirmacion = campo_password("confirmacion")
        form = QFormLayout()
        form.addRow(self.tr("Contraseña:"), self.password)
        form.addRow(self.tr("Repítala:"), self.confirmacion)
        capa = QVBoxLayout(self)
        capa.addWidget(texto)
        capa.addLayout(form)
        botones = self._preparar(self.tr("Restablecer"), self.tr("Cancelar"))
        capa.addWidget(self.mensaje)
        capa.addWidget(botones)

    def _aceptar(self) -> None:
        usuario, p, c = self.cuenta.usuario, self.password.text(), self.confirmacion.text()
        self._ejecutar(lambda: seguridad.restablecer(usuario, p, c), self.password)
