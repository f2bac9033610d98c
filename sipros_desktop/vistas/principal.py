"""Main window: navigation bar with the modules, one page per module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop import __version__
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.ciudadanos.vista import VistaCiudadanos
from sipros_desktop.vistas.comun import dialogos


@dataclass(frozen=True)
class Modulo:
    clave: str
    titulo: str
    descripcion: str
    crear: Callable[[], QWidget] | None = None  # None: not available in this version


MODULOS: tuple[Modulo, ...] = (
    Modulo("ventanilla", "Ventanilla", "Registro de ciudadanos por CURP y captura de solicitudes"),
    Modulo("ciudadanos", "Ciudadanos", "Búsqueda de ciudadanos y expediente", VistaCiudadanos),
    Modulo("solicitudes", "Solicitudes", "Bandeja de solicitudes y dictamen"),
    Modulo("entregas", "Entregas", "Verificación de comprobantes QR y entrega de apoyos"),
    Modulo("cargas", "Cargas", "Carga masiva de padrones de otras dependencias"),
    Modulo("reportes", "Reportes", "Reportes y listas de entrega"),
    Modulo("consulta", "Consulta ciudadana", "Atención ciudadana por CURP"),
    Modulo("administracion", "Administración", "Funcionarios, roles y bitácora"),
    Modulo("catalogo", "Catálogo", "Dependencias, programas y convocatorias"),
)


class PaginaNoDisponible(QWidget):
    def __init__(self, modulo: Modulo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        capa = QVBoxLayout(self)
        titulo = QLabel(modulo.titulo)
        titulo.setObjectName("tituloModulo")
        aviso = QLabel(
            self.tr(
                "Este módulo todavía no está disponible en esta versión de SIPROS Escritorio.\n"
                "Cuando lo esté, aquí podrá: %s."
            )
            % modulo.descripcion.lower()
        )
        aviso.setWordWrap(True)
        capa.addWidget(titulo)
        capa.addWidget(aviso)
        capa.addStretch(1)


class VentanaPrincipal(QMainWindow):
    sesion_cerrada = Signal()

    def __init__(self, info: InfoSesion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setObjectName("ventanaPrincipal")
        self.setWindowTitle(self.tr("SIPROS Escritorio — %s") % info.usuario)
        self.resize(1280, 800)

        self.navegacion = QListWidget()
        self.navegacion.setObjectName("navegacion")
        self.navegacion.setMaximumWidth(210)
        self.paginas = QStackedWidget()
        self._indice: dict[str, int] = {}
        self.vistas: dict[str, QWidget] = {}
        for modulo in MODULOS:
            item = QListWidgetItem(modulo.titulo)
            item.setData(Qt.ItemDataRole.UserRole, modulo.clave)
            if modulo.crear is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("No disponible todavía: %s") % modulo.descripcion)
                pagina: QWidget = PaginaNoDisponible(modulo)
            else:
                item.setToolTip(modulo.descripcion)
                pagina = modulo.crear()
                self.vistas[modulo.clave] = pagina
            self.navegacion.addItem(item)
            self._indice[modulo.clave] = self.paginas.addWidget(pagina)

        div = QSplitter()
        div.addWidget(self.navegacion)
        div.addWidget(self.paginas)
        div.setStretchFactor(1, 1)
        self.setCentralWidget(div)
        self.navegacion.currentItemChanged.connect(self._cambiar)
        self._menus()
        self.statusBar().showMessage(
            self.tr("Usuario: %s · Base: %s · Esquema %s · Versión %s")
            % (info.usuario, info.destino, info.version_esquema, __version__)
        )
        self.ir_a("ciudadanos")

    def _menus(self) -> None:
        archivo = self.menuBar().addMenu(self.tr("&Archivo"))
        cerrar = QAction(self.tr("Cerrar sesión"), self)
        cerrar.triggered.connect(self._cerrar_sesion)
        salir = QAction(self.tr("Salir"), self)
        salir.setShortcut(QKeySequence.StandardKey.Quit)
        salir.triggered.connect(self.close)
        archivo.addAction(cerrar)
        archivo.addAction(salir)
        ayuda = self.menuBar().addMenu(self.tr("A&yuda"))
        acerca = QAction(self.tr("Acerca de SIPROS Escritorio"), self)
        acerca.triggered.connect(
            lambda: dialogos.informacion(
                self,
                self.tr(
                    "SIPROS Escritorio %s\nSistema de Programas Sociales: expediente único por "
                    "CURP y Padrón Estatal de Beneficiarios."
                )
                % __version__,
            )
        )
        ayuda.addAction(acerca)

    def ir_a(self, clave: str) -> None:
        fila = list(self._indice).index(clave)
        self.navegacion.setCurrentRow(fila)

    def modulo_actual(self) -> str:
        item = self.navegacion.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def _cambiar(self, actual: QListWidgetItem | None, _anterior: QListWidgetItem | None) -> None:
        if actual is None:
            return
        clave = actual.data(Qt.ItemDataRole.UserRole)
        self.paginas.setCurrentIndex(self._indice[clave])
        vista = self.vistas.get(clave)
        if vista is not None and hasattr(vista, "activar"):
            vista.activar()

    def _cerrar_sesion(self) -> None:
        self.sesion_cerrada.emit()
        self.close()
