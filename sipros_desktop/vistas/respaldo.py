"""Archivo → Respaldo de la base (the embedded database of this PC, state-wide administrators
only): back up now with progress, the daily automatic backup and how many to keep, and restore
one after a confirmation that says what will be replaced. After a restore the dialog lists the
lines of the accounts file it skipped, and a refused backup lists why; closing it then ends
the session."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import respaldo
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.mensajes import COLOR_ERROR, decir, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo


def _tamano(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB" if n >= 1_048_576 else f"{n / 1024:,.0f} kB"


class DialogoRespaldo(QDialog):
    restaurada = Signal()  # the database was replaced: every session must start again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoRespaldo")
        self.setWindowTitle(self.tr("Respaldo de la base de este equipo"))
        tamano_comodo(self, 760, 560)
        self.lista: list[respaldo.Respaldo] = []
        self.ocupado = False
        self.reemplazada = False  # a restore replaced the database: closing ends the session
        explicacion = QLabel(
            self.tr(
                "La base integrada guarda todos los datos de esta oficina en este equipo. "
                "Guarde los respaldos también fuera de él (una memoria USB, una carpeta de red)."
            )
        )
        explicacion.setWordWrap(True)
        self.carpeta = QLabel()
        self.carpeta.setObjectName("carpetaRespaldos")
        self.carpeta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.carpeta.setWordWrap(True)
        self.carpeta.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso_carpeta = QLabel()
        self.aviso_carpeta.setObjectName("avisoCarpetaRespaldos")
        self.aviso_carpeta.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso_carpeta.setWordWrap(True)
        self.aviso_carpeta.setStyleSheet(f"color: {COLOR_ERROR};")
        self.aviso_carpeta.hide()
        self.tabla = QTableWidget(0, 2)
        self.tabla.setObjectName("tablaRespaldos")
        self.tabla.setHorizontalHeaderLabels([self.tr("Respaldo del"), self.tr("Tamaño")])
        self.tabla.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.verticalHeader().setVisible(False)
        self.automatico = QCheckBox(self.tr("Respaldo automático diario (al abrir la aplicación)"))
        self.automatico.setObjectName("respaldoAutomatico")
        self.conservar = QSpinBox()
        self.conservar.setObjectName("respaldosConservar")
        self.conservar.setRange(1, 365)
        self.conservar.setSuffix(self.tr(" respaldos"))
        self.barra = QProgressBar()
        self.barra.setObjectName("avanceRespaldo")
        self.barra.hide()
        self.estado = etiqueta_estado("estadoRespaldo")
        self.estado.setTextFormat(Qt.TextFormat.PlainText)
        # what a restore skipped, or why a backup was refused (plain text: it quotes the file)
        self.informe = QPlainTextEdit()
        self.informe.setObjectName("informeRestauracion")
        self.informe.setReadOnly(True)
        self.informe.hide()
        self.boton_respaldar = QPushButton(self.tr("&Respaldar ahora"))
        self.boton_respaldar.setObjectName("respaldarAhora")
        self.boton_restaurar = QPushButton(self.tr("Re&staurar…"))
        self.boton_restaurar.setObjectName("restaurarRespaldo")
        self.boton_respaldar.setDefault(True)
        self.boton_carpeta = QPushButton(self.tr("Cambiar carpeta…"))
        self.boton_carpeta.setAutoDefault(False)
        self.boton_carpeta.clicked.connect(self.cambiar_carpeta)
        self.boton_cerrar = cerrar = QPushButton(self.tr("Cerrar"))
        cerrar.setAutoDefault(False)
        self.boton_respaldar.clicked.connect(self.respaldar)
        self.boton_restaurar.clicked.connect(self.restaurar)
        cerrar.clicked.connect(self.accept)
        self.finished.connect(self._al_cerrar)
        self.automatico.toggled.connect(self._guardar_ajustes)
        self.conservar.valueChanged.connect(self._guardar_ajustes)
        fila_aj = QHBoxLayout()
        fila_aj.addWidget(self.automatico)
        fila_aj.addStretch(1)
        fila_aj.addWidget(QLabel(self.tr("Conservar los últimos")))
        fila_aj.addWidget(self.conservar)
        botones = QHBoxLayout()
        botones.addWidget(self.boton_respaldar)
        botones.addWidget(self.boton_restaurar)
        botones.addStretch(1)
        botones.addWidget(cerrar)
        capa = QVBoxLayout(self)
        capa.addWidget(explicacion)
        fila_carpeta = QHBoxLayout()
        fila_carpeta.addWidget(self.carpeta, 1)
        fila_carpeta.addWidget(self.boton_carpeta)
        capa.addLayout(fila_carpeta)
        capa.addWidget(self.aviso_carpeta)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(fila_aj)
        capa.addWidget(self.barra)
        capa.addWidget(self.estado)
        capa.addWidget(self.informe, 1)
        capa.addLayout(botones)
        ajustes = respaldo.leer_ajustes()
        self._cargando = True
        self.automatico.setChecked(ajustes["automatico"])
        self.conservar.setValue(ajustes["conservar"])
        self._cargando = False
        self.recargar()

    def recargar(self) -> None:
        carpeta = respaldo.carpeta_respaldos()
        self.carpeta.setText(self.tr("Carpeta: %s") % carpeta)
        avisos = respaldo.avisos_carpeta(carpeta)
        self.aviso_carpeta.setText("\n".join(avisos))
        self.aviso_carpeta.setVisible(bool(avisos))
        self.lista = respaldo.respaldos(carpeta)
        self.tabla.setRowCount(len(self.lista))
        for i, r in enumerate(self.lista):
            for j, texto in enumerate((r.fecha.strftime("%d/%m/%Y %H:%M:%S"), _tamano(r.tamano))):
                self.tabla.setItem(i, j, QTableWidgetItem(texto))
        if self.lista:
            self.tabla.selectRow(0)
        self._habilitar()

    def _habilitar(self) -> None:
        libre = not self.ocupado and not self.reemplazada
        self.boton_respaldar.setEnabled(libre)
        self.boton_restaurar.setEnabled(libre and bool(self.lista))
        self.boton_carpeta.setEnabled(libre)
        self.boton_cerrar.setEnabled(not self.ocupado)

    def _informar(self, lineas: list[str]) -> None:
        self.informe.setPlainText("\n".join(lineas))
        self.informe.setVisible(bool(lineas))

    def _guardar_ajustes(self) -> None:
        if self._cargando:
            return
        try:
            respaldo.guardar_ajustes(self.automatico.isChecked(), self.conservar.value(),
                                     respaldo.leer_ajustes()["carpeta"])  # fmt: skip
        except ErrorSipros as e:
            decir(self.estado, e.mensaje, True)

    def cambiar_carpeta(self) -> None:
        carpeta = dialogos.elegir_carpeta(self, self.tr("Carpeta de los respaldos"))
        if not carpeta:
            return
        try:
            respaldo.guardar_ajustes(self.automatico.isChecked(), self.conservar.value(), carpeta)
        except ErrorSipros as e:
            decir(self.estado, e.mensaje, True)
            return
        self.recargar()

    def _trabajando(self, texto: str) -> None:
        self._informar([])
        self.ocupado = True
        self._habilitar()
        self.barra.setRange(0, 0)
        self.barra.show()
        decir(self.estado, texto)

    def _avance(self, _etapa: str, hecho: int, total: int) -> None:
        self.barra.setRange(0, max(total, 1))
        self.barra.setValue(hecho)

    def _fin(self, texto: str, error: bool = False, detalle: str | None = None) -> None:
        self.ocupado = False
        self.barra.hide()
        decir(self.estado, texto, error)
        self._informar(detalle.splitlines() if detalle else [])
        self.recargar()

    def respaldar(self) -> None:
        self._trabajando(self.tr("Respaldando…"))
        ejecutar(
            lambda avisar: respaldo.respaldar_integrada(avisar),
            al_progresar=self._avance,
            al_terminar=lambda r: self._fin(
                self.tr("Respaldo guardado: %s (%s).") % (r.nombre, _tamano(r.tamano))
            ),
            al_fallar=lambda e: self._fin(e.mensaje, error=True, detalle=e.detalle),
            padre=self,
        )

    def elegido(self) -> respaldo.Respaldo | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.lista[filas[0].row()] if filas else None

    def restaurar(self) -> None:
        r = self.elegido()
        if r is None or self.reemplazada:
            return
        if not dialogos.confirmar(
            self,
            self.tr(
                "Se reemplazará TODA la base de esta oficina por el respaldo del %s: lo que se "
                "capturó después de esa hora se pierde (la base actual se guarda aparte hasta la "
                "siguiente restauración). Antes se revisa el respaldo: si trae objetos que "
                "SIPROS no crea, no se restaura. Todas las sesiones se cierran y hay que volver "
                "a iniciar sesión. ¿Restaurar?"
            )
            % fecha_hora(r.fecha),
        ):
            return
        self._trabajando(self.tr("Restaurando…"))
        ejecutar(
            lambda avisar: respaldo.restaurar_integrada(r, avisar),
            al_progresar=self._avance,
            al_terminar=self._restaurada,
            al_fallar=lambda e: self._fin(e.mensaje, error=True, detalle=e.detalle),
            padre=self,
        )

    def _restaurada(self, resultado: respaldo.Restauracion) -> None:
        self.reemplazada = True
        self.boton_cerrar.setText(self.tr("Cerrar e iniciar sesión"))
        texto = self.tr("Base restaurada. Inicie sesión de nuevo.")
        if resultado.no_permitidas:
            texto += " " + self.tr(
                "%d líneas del archivo de cuentas no se aplicaron porque SIPROS no crea esas "
                "cuentas o permisos: vea la lista."
            ) % len(resultado.no_permitidas)
        self._fin(texto, error=bool(resultado.no_permitidas))
        self._informar(resultado.informe())

    def reject(self) -> None:  # (Esc, the window's X) not while a backup or restore runs
        if not self.ocupado:
            super().reject()

    def _al_cerrar(self, _codigo: int) -> None:
        if self.reemplazada:
            self.restaurada.emit()
