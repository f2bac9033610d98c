"""Main window: navigation bar with the modules, one page per module."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop import __version__
from sipros_desktop.servicios import preferencias, respaldo, seguridad
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.administracion.vista import VistaAdministracion
from sipros_desktop.vistas.cargas.vista import VistaCargas
from sipros_desktop.vistas.catalogo.vista import VistaCatalogo
from sipros_desktop.vistas.ciudadanos.vista import VistaCiudadanos
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.consulta.vista import VistaConsulta
from sipros_desktop.vistas.cuenta import DialogoCambiarPassword
from sipros_desktop.vistas.entregas.vista import VistaEntregas
from sipros_desktop.vistas.inicio import VistaInicio
from sipros_desktop.vistas.reportes.vista import VistaReportes
from sipros_desktop.vistas.solicitudes.vista import VistaSolicitudes
from sipros_desktop.vistas.ventana_sesion import VentanaDeSesion
from sipros_desktop.vistas.ventanilla.vista import VistaVentanilla


@dataclass(frozen=True)
class Modulo:
    clave: str
    titulo: str
    descripcion: str
    crear: Callable[[], QWidget] | None = None  # None: not available in this version

    @property
    def perfiles(self) -> tuple[str, ...]:
        return seguridad.MODULOS[self.clave][1]


MODULOS: tuple[Modulo, ...] = (
    Modulo(
        "inicio", "Inicio", "Lo que necesita su atención y las cifras de su alcance", VistaInicio
    ),
    Modulo(
        "ventanilla",
        "Ventanilla",
        "Registro de ciudadanos por CURP y captura de solicitudes",
        VistaVentanilla,
    ),
    Modulo("ciudadanos", "Ciudadanos", "Búsqueda de ciudadanos y expediente", VistaCiudadanos),
    Modulo("solicitudes", "Solicitudes", "Bandeja de solicitudes y dictamen", VistaSolicitudes),
    Modulo(
        "entregas", "Entregas", "Verificación de comprobantes QR y entrega de apoyos", VistaEntregas
    ),
    Modulo(
        "cargas",
        "Cargas y Padrón",
        "Padrón Estatal de Beneficiarios, carga de padrones de otras dependencias y duplicados",
        VistaCargas,
    ),
    Modulo(
        "reportes",
        "Reportes",
        "Reportes de su alcance, indicadores con gráficas y mapa, línea base y cohortes",
        VistaReportes,
    ),
    Modulo(
        "consulta",
        "Consulta ciudadana",
        "Atención ciudadana por CURP: solicitudes, apoyos, contacto, SMS y constancia",
        VistaConsulta,
    ),
    Modulo(
        "administracion",
        "Administración",
        "Funcionarios, roles, bitácora y mensajes SMS",
        VistaAdministracion,
    ),
    Modulo("catalogo", "Catálogo", "Dependencias, programas y convocatorias", VistaCatalogo),
)


class PaginaNoDisponible(QWidget):
    def __init__(self, modulo: Modulo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        capa = QVBoxLayout(self)
        titulo = QLabel(modulo.titulo)
        titulo.setObjectName("tituloModulo")
        quienes = ", ".join(seguridad.TITULOS_PERFIL[p].lower() for p in modulo.perfiles)
        aviso = QLabel(
            self.tr(
                "Este módulo todavía no está disponible en esta versión de SIPROS Escritorio.\n"
                "Cuando lo esté, aquí podrá: %s.\nLo usarán los perfiles: %s."
            )
            % (modulo.descripcion.lower(), quienes)
        )
        aviso.setObjectName("avisoNoDisponible")
        aviso.setWordWrap(True)
        capa.addWidget(titulo)
        capa.addWidget(aviso)
        capa.addStretch(1)


class _Vistas(Mapping[str, QWidget]):
    """The modules this user may open, by key; a module is built when first asked for."""

    def __init__(self, ventana: VentanaPrincipal) -> None:
        self._ventana = ventana

    def __getitem__(self, clave: str) -> QWidget:
        return self._ventana._vista(clave)

    def __contains__(self, clave: object) -> bool:
        return clave in self._ventana._modulos

    def __iter__(self) -> Iterator[str]:
        return iter(self._ventana._modulos)

    def __len__(self) -> int:
        return len(self._ventana._modulos)

    def creadas(self) -> dict[str, QWidget]:
        return dict(self._ventana._creadas)


class VentanaPrincipal(VentanaDeSesion):
    cambios_recibidos = Signal(object)  # frozenset of topics, from any thread

    def __init__(self, info: InfoSesion, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("ventanaPrincipal")
        self.setWindowTitle(self.tr("SIPROS Escritorio — %s") % info.usuario)
        self.resize(1280, 800)

        self.navegacion = QListWidget()
        self.navegacion.setObjectName("navegacion")
        # as wide as its longest title: no horizontal scroll bar, nothing cut
        metricas = self.navegacion.fontMetrics()
        ancho = max(metricas.horizontalAdvance(m.titulo) for m in MODULOS) + 56
        self.navegacion.setFixedWidth(ancho)
        self.navegacion.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navegacion.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.paginas = QStackedWidget()
        self._indice: dict[str, int] = {}
        self._modulos: dict[str, Modulo] = {}
        self._creadas: dict[str, QWidget] = {}
        # a module is built the first time it is opened (its queries with it)
        self.vistas = _Vistas(self)
        # only the modules the user's profiles open (the database refuses the rest anyway)
        for modulo in MODULOS:
            if not info.puede(*modulo.perfiles):
                continue
            item = QListWidgetItem(modulo.titulo)
            item.setData(Qt.ItemDataRole.UserRole, modulo.clave)
            if modulo.crear is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("No disponible todavía: %s") % modulo.descripcion)
                pagina: QWidget = PaginaNoDisponible(modulo)
            else:
                item.setToolTip(modulo.descripcion)
                pagina = QWidget()  # its place, until it is opened
                self._modulos[modulo.clave] = modulo
            self.navegacion.addItem(item)
            self._indice[modulo.clave] = self.paginas.addWidget(pagina)

        # what this session changes (any module, any thread) reaches the modules built
        self.cambios_recibidos.connect(self._repartir_cambios)
        if self.contexto is not None:
            self.contexto.escuchar(self._oir_cambios)

        # the menu keeps its width; the module takes all the rest
        div = QWidget()
        capa = QHBoxLayout(div)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.setSpacing(0)
        capa.addWidget(self.navegacion)
        capa.addWidget(self.paginas, 1)
        self.setCentralWidget(div)
        self.navegacion.currentItemChanged.connect(self._cambiar)
        self._menus()
        perfil = info.perfil
        quien = info.usuario
        if perfil is not None:
            quien = f"{perfil.nombre} ({info.usuario}) · {perfil.descripcion_alcance()}"
        self.statusBar().showMessage(
            self.tr("Usuario: %s · Base: %s · Esquema %s · Versión %s")
            % (quien, info.destino, info.version_esquema, __version__)
        )
        if info.advertencia:  # for the whole session, beside the usual status messages
            self.aviso_conexion = QLabel(info.advertencia)
            self.aviso_conexion.setObjectName("avisoConexion")
            self.aviso_conexion.setTextFormat(Qt.TextFormat.PlainText)
            self.aviso_conexion.setStyleSheet(
                "color: #FFFFFF; background: #B00020; padding: 2px 8px; font-weight: bold;"
            )
            self.statusBar().addPermanentWidget(self.aviso_conexion)
        # each profile opens on its main module (a disabled one says what it will do)
        inicial = seguridad.modulo_inicial(perfil.perfiles) if perfil is not None else None
        disponibles = [m.clave for m in MODULOS if m.clave in self.vistas]
        if inicial in self._indice:
            self.ir_a(inicial)
        elif disponibles:
            self.ir_a(disponibles[0])
        elif self._indice:
            self.ir_a(next(iter(self._indice)))

        # session lock after the idle time the administrator set (0 = never)
        self.vigilar_inactividad(perfil.bloqueo_minutos if perfil is not None else 0)

    def _menus(self) -> None:
        archivo = self.menuBar().addMenu(self.tr("&Archivo"))
        cerrar = QAction(self.tr("Cerrar sesión"), self)
        cerrar.triggered.connect(self._cerrar_sesion)
        salir = QAction(self.tr("Salir"), self)
        salir.setShortcut(QKeySequence.StandardKey.Quit)
        salir.triggered.connect(self.close)
        cambiar = QAction(self.tr("Cambiar mi contraseña…"), self)
        cambiar.triggered.connect(self.cambiar_password)
        bloquear = QAction(self.tr("Bloquear ahora"), self)
        bloquear.setShortcut(QKeySequence("Ctrl+L"))
        bloquear.triggered.connect(self.bloquear)
        self.accion_cambiar_password = cambiar
        archivo.addAction(cambiar)
        archivo.addAction(bloquear)
        # the central server's backups are its administrator's job; the embedded database's
        # are a state-wide administrator's (a backup carries every citizen of the office)
        if self.info.integrada and respaldo.puede_respaldar(self.info.perfil):
            respaldar = QAction(self.tr("Respaldo de la base…"), self)
            respaldar.triggered.connect(self.abrir_respaldo)
            archivo.addSeparator()
            archivo.addAction(respaldar)
            self.accion_respaldo = respaldar
        archivo.addSeparator()
        archivo.addAction(cerrar)
        archivo.addAction(salir)
        ayuda = self.menuBar().addMenu(self.tr("A&yuda"))
        acerca = QAction(self.tr("Acerca de SIPROS Escritorio"), self)
        acerca.triggered.connect(lambda: dialogos.informacion(self, self.texto_acerca_de()))
        ayuda.addAction(acerca)

    def texto_acerca_de(self) -> str:
        from sipros_desktop import config

        base = self.tr("integrada en este equipo") if self.info.integrada else self.info.destino
        return self.tr(
            "SIPROS Escritorio %s\nSistema de Programas Sociales: expediente único por CURP y "
            "Padrón Estatal de Beneficiarios.\n\nEsquema de la base: %s\nBase de datos: %s\n"
            "Datos de este equipo: %s"
        ) % (__version__, self.info.version_esquema, base, config.carpeta_datos())

    def abrir_respaldo(self):
        from sipros_desktop.vistas.respaldo import DialogoRespaldo

        d = DialogoRespaldo(self)
        d.restaurada.connect(self._cerrar_sesion)
        d.open()
        return d

    def respaldo_automatico(self) -> None:
        """The daily backup of the embedded database, in the background, when it is due and
        the session is a state-wide administrator's (the service checks it again)."""
        from sipros_desktop.vistas.comun.operacion import ejecutar

        if not respaldo.puede_respaldar(self.info.perfil) or not respaldo.toca_automatico():
            return
        ejecutar(
            respaldo.respaldar_integrada,
            al_terminar=lambda r: self.statusBar().showMessage(
                self.tr("Respaldo automático guardado: %s") % r.nombre, 15000
            ),
            al_fallar=lambda e: self.statusBar().showMessage(
                self.tr("El respaldo automático falló: %s") % e.mensaje, 30000
            ),
            padre=self,
        )

    def _vista(self, clave: str) -> QWidget:
        """The module ``clave``, built now if this is the first time it is asked for."""
        vista = self._creadas.get(clave)
        if vista is not None:
            return vista
        modulo = self._modulos[clave]  # KeyError: not a module of this user
        assert modulo.crear is not None
        vista = modulo.crear()
        self._creadas[clave] = vista
        if hasattr(vista, "atiende"):  # who signs what the desk prints
            perfil = self.info.perfil
            vista.atiende = perfil.nombre if perfil else self.info.usuario
        if clave == "inicio":
            vista.abrir.connect(self.abrir_filtrado)
        indice = self._indice[clave]
        lugar = self.paginas.widget(indice)
        self.paginas.insertWidget(indice, vista)
        self.paginas.removeWidget(lugar)
        lugar.deleteLater()
        return vista

    # ----------------------------------------------------------------- changes
    def _oir_cambios(self, temas: frozenset[str]) -> None:
        """From the thread that committed: to the UI thread (a queued signal)."""
        if shiboken6.isValid(self):
            self.cambios_recibidos.emit(temas)

    def _repartir_cambios(self, temas: frozenset[str]) -> None:
        if self._terminada:
            return
        for vista in self._creadas.values():
            if hasattr(vista, "cambiaron"):
                vista.cambiaron(temas)

    # ----------------------------------------------------------------- end of the session
    def vistas_vivas(self) -> list[QWidget]:
        return list(self._creadas.values())

    def _terminar_modulos(self) -> None:
        if not self._terminada and self.contexto is not None:
            self.contexto.dejar_de_escuchar(self._oir_cambios)
        super()._terminar_modulos()

    def ir_a(self, clave: str) -> None:
        fila = list(self._indice).index(clave)
        self.navegacion.setCurrentRow(fila)

    def abrir_filtrado(self, clave: str, filtro: dict) -> None:
        """Open a module already filtered (what an Inicio item asks)."""
        if clave not in self._indice:
            return
        self.ir_a(clave)
        vista = self.vistas.get(clave)
        if filtro and vista is not None and hasattr(vista, "aplicar_filtro"):
            vista.aplicar_filtro(filtro)

    def modulo_actual(self) -> str:
        item = self.navegacion.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def _cambiar(self, actual: QListWidgetItem | None, _anterior: QListWidgetItem | None) -> None:
        if actual is None:
            return
        clave = actual.data(Qt.ItemDataRole.UserRole)
        vista = self._vista(clave) if clave in self._modulos else None
        self.paginas.setCurrentIndex(self._indice[clave])
        if vista is not None and hasattr(vista, "activar"):
            vista.activar()

    # ----------------------------------------------------------------- account and lock
    def cambiar_password(self) -> DialogoCambiarPassword:
        minimo = self.info.perfil.password_minimo if self.info.perfil else 0
        d = DialogoCambiarPassword(minimo, parent=self)
        d.accepted.connect(lambda: dialogos.informacion(self, self.tr("Su contraseña se cambió.")))
        d.open()
        return d

    def mostrar(self) -> None:
        """Open where this staff member left it on this PC, or maximised the first time."""
        guardada = preferencias.geometria(self.info.usuario)
        if guardada and self.restoreGeometry(QByteArray(guardada)):
            self.show()
        else:
            self.showMaximized()

    def closeEvent(self, evento) -> None:
        preferencias.guardar_geometria(self.info.usuario, bytes(self.saveGeometry().data()))
        super().closeEvent(evento)
