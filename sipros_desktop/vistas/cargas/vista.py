"""Cargas y Padrón module: «Padrón Estatal» (every profile that opens the module), «Cargas»
(administrators load other agencies' rolls, download templates, revert a load) and
«Duplicados» (administrators review possible duplicates and merge files)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import cargas, seguridad
from sipros_desktop.vistas.cargas.asistente import DialogoCarga
from sipros_desktop.vistas.cargas.duplicados import PanelDuplicados
from sipros_desktop.vistas.cargas.padron import PanelPadron
from sipros_desktop.vistas.comun.ciclo import AlCambiar, repartir
from sipros_desktop.vistas.comun.formato import fecha_hora, pesos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas, celda

COLUMNAS = ("Carga", "Fecha", "Usuario", "Programa", "Archivo", "Estado", "Filas", "Con error",
            "Beneficios", "Nuevos", "Revisión", "Monto")  # fmt: skip
AYUDAS = {
    7: "Filas con problemas, que no se cargaron",
    9: "Expedientes que la carga abrió",
    10: "Filas que esperan en Duplicados: su persona ya está registrada con otra CURP",
}
NUMERICAS = {0, 6, 7, 8, 9, 10, 11}


class PanelCargas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filas: list[cargas.Carga] = []
        self.programas: list[tuple[str, str]] = []
        self.boton_nueva = QPushButton(self.tr("Cargar un padrón…"))
        self.boton_nueva.setObjectName("botonNuevaCarga")
        self.boton_nueva.clicked.connect(self.nueva)
        self.boton_revertir = QPushButton(self.tr("Revertir la carga…"))
        self.boton_revertir.setObjectName("botonRevertir")
        self.boton_revertir.setToolTip(
            self.tr("Quita del Padrón los beneficios de la carga elegida")
        )
        self.boton_revertir.clicked.connect(self.revertir)
        self.boton_recargar = QPushButton(self.tr("Actualizar"))
        self.boton_recargar.clicked.connect(self.recargar)
        self.cuenta = etiqueta_estado("cuentaCargas")
        fila = QHBoxLayout()
        fila.addWidget(self.boton_nueva)
        fila.addWidget(self.boton_revertir)
        fila.addWidget(self.cuenta, 1)
        fila.addWidget(self.boton_recargar)
        self.tabla = QTableWidget(0, len(COLUMNAS))
        self.tabla.setObjectName("tablaCargas")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS])
        for col, ayuda in AYUDAS.items():
            self.tabla.horizontalHeaderItem(col).setToolTip(self.tr(ayuda))
        self.tabla.verticalHeader().hide()
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.itemSelectionChanged.connect(self._habilitar)
        ajustar_columnas(self.tabla, {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11}, {4})
        self.detalle = etiqueta_estado("detalleCarga")
        self.estado = etiqueta_estado("estadoCargas")
        self.errores = etiqueta_error("erroresCargas")
        capa = QVBoxLayout(self)
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.detalle)
        capa.addWidget(self.errores)
        capa.addWidget(self.estado)
        self._habilitar()
        self._iniciado = False

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciado:
            self._iniciado = True
            self.recargar()
            ejecutar(cargas.programas_para_cargar, al_terminar=self._programas, padre=self)

    def _programas(self, programas: list[tuple[str, str]]) -> None:
        self.programas = programas
        self._habilitar()

    def recargar(self, elegir: int | None = None) -> None:
        def listo(filas: list[cargas.Carga]) -> None:
            self.filas = filas
            self.tabla.setRowCount(len(filas))
            for i, k in enumerate(filas):
                valores = (k.id, fecha_hora(k.creado), k.usuario, k.programa or k.dependencia,
                           k.archivo, k.estado, f"{k.filas:,}", f"{k.con_error:,}",
                           f"{k.beneficios:,}", f"{k.ciudadanos_nuevos:,}", f"{k.a_revision:,}",
                           pesos(k.monto))  # fmt: skip
                for j, v in enumerate(valores):
                    self.tabla.setItem(i, j, celda(v, j in NUMERICAS))
            fila = next((i for i, k in enumerate(filas) if k.id == elegir), None)
            if fila is not None:
                self.tabla.selectRow(fila)
            self.cuenta.setText(
                self.tr("Aún no hay cargas.") if not filas
                else self.tr("1 carga.") if len(filas) == 1
                else self.tr("%s cargas.") % f"{len(filas):,}"
            )  # fmt: skip
            self._habilitar()

        ejecutar(cargas.cargas, al_terminar=listo, padre=self)

    def _carga(self) -> cargas.Carga | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.filas[filas[0].row()] if filas and self.filas else None

    def _habilitar(self) -> None:
        k = self._carga()
        self.boton_nueva.setEnabled(bool(self.programas))
        self.boton_nueva.setToolTip("" if self.programas else
                                    self.tr("No hay programas activos de su alcance"))  # fmt: skip
        self.boton_revertir.setEnabled(k is not None and k.estado == "Aplicada")
        if k is None:
            self.detalle.clear()
        elif k.estado == "Revertida":
            self.detalle.setText(
                self.tr("Revertida el %s por %s: %s")
                % (fecha_hora(k.revertida), k.revertida_por, k.motivo_reversion)
            )
        else:
            self.detalle.setText(self.tr("Archivo «%s», huella SHA-256 %s") % (k.archivo, k.sha256))

    def nueva(self) -> None:
        dialogo = DialogoCarga(self.programas, self)
        dialogo.aplicada.connect(lambda r: self.recargar(r.carga_id))
        dialogo.open()

    def revertir(self) -> None:
        k = self._carga()
        if k is None or k.estado != "Aplicada":
            return
        motivo, ok = QInputDialog.getText(
            self, self.tr("Revertir la carga"),
            self.tr("Se quitarán del Padrón los %s beneficios de la carga %d («%s»).\n"
                    "Motivo de la reversión:") % (f"{k.beneficios:,}", k.id, k.archivo),
        )  # fmt: skip
        if not ok:
            return

        def listo(r: cargas.Reversion) -> None:
            self.estado.setText(
                self.tr(
                    "Carga %d revertida: %s beneficios quitados, %s expedientes que solo ella "
                    "abrió borrados."
                )
                % (r.carga_id, f"{r.beneficios:,}", f"{r.ciudadanos:,}")
            )
            self.recargar(r.carga_id)

        def fallo(e: ErrorSipros) -> None:
            self.errores.setText(e.mensaje)

        self.errores.clear()
        ejecutar(lambda: cargas.revertir(k.id, motivo), al_terminar=listo, al_fallar=fallo,
                 padre=self)  # fmt: skip


class VistaCargas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaCargas")
        titulo = QLabel(self.tr("Cargas y Padrón Estatal de Beneficiarios"))
        titulo.setObjectName("tituloModulo")
        self.pestanas = QTabWidget()
        self.padron = PanelPadron()
        self.cargas = PanelCargas()
        self.duplicados = PanelDuplicados()
        self.pestanas.addTab(self.padron, self.tr("Padrón Estatal"))
        self.pestanas.addTab(self.cargas, self.tr("Cargas"))
        self.pestanas.addTab(self.duplicados, self.tr("Duplicados"))
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(self.pestanas, 1)
        self._iniciada = False
        # the Padrón, the loads and the review queue follow what this session changes elsewhere
        self.refrescos = (
            AlCambiar(
                self.padron,
                ("padron", "cargas", "solicitudes", "entregas", "duplicados"),
                lambda: self.padron.buscar() if self.padron._iniciado else None,
            ),
            AlCambiar(
                self.cargas,
                ("cargas",),
                lambda: self.cargas.recargar() if self.cargas._iniciado else None,
                en_pantalla=False,  # (after its wizard it reloads choosing the new load)
            ),
            AlCambiar(
                self.duplicados,
                ("duplicados", "cargas", "ciudadanos"),
                lambda: self.duplicados.recargar() if self.duplicados._iniciado else None,
                en_pantalla=False,  # (after a decision it reloads keeping its place)
            ),
        )

    def cambiaron(self, temas: frozenset[str]) -> None:
        repartir(self.refrescos, temas)

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciada:
            self._iniciada = True
            ejecutar(seguridad.mi_perfil, al_terminar=self._perfil, padre=self)

    def aplicar_filtro(self, filtro: dict) -> None:
        """Open on a tab (from Inicio): cargas or duplicados."""
        pestana = {"cargas": self.cargas, "duplicados": self.duplicados,
                   "padron": self.padron}.get(filtro.get("pestana", ""))  # fmt: skip
        if pestana is not None and self.pestanas.isTabEnabled(self.pestanas.indexOf(pestana)):
            self.pestanas.setCurrentWidget(pestana)

    def _perfil(self, perfil) -> None:
        # officials consult the Padrón; only administrators load rolls, and only state-wide ones
        # review duplicates (a merge needs both files whole)
        if perfil is not None and "administrador" not in perfil.perfiles:
            for i in (1, 2):
                self.pestanas.setTabEnabled(i, False)
                self.pestanas.setTabToolTip(i, self.tr("Solo para administradores"))
        elif perfil is not None and perfil.alcance != "estatal":
            self.pestanas.setTabEnabled(2, False)
            self.pestanas.setTabToolTip(
                2, self.tr("Solo un administrador estatal revisa duplicados")
            )
