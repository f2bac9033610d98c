"""Administración → Geografía: the state's municipalities with their localities, settlements
and boundary, and the imports of the official files (INEGI's municipal boundaries for the map
of Reportes, INEGI's localities, SEPOMEX's settlements). Only a state-wide administrator
imports; the others see what there is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import geografia
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas, celda

COLUMNAS = ("Clave", "Municipio", "Localidades", "Colonias", "Límite para el mapa")
FILTRO_LIMITES = "Límites municipales GeoJSON (*.geojson *.json)"
FILTRO_CATALOGOS = "Catálogos de INEGI o SEPOMEX (*.csv *.txt)"


class VistaGeografia(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaGeografia")
        self.catalogos: geografia.Catalogos | None = None
        explicacion = QLabel(
            self.tr(
                "Los municipios del estado con sus localidades (catálogo AGEEML de INEGI), sus "
                "colonias (códigos postales de SEPOMEX) y su límite (Marco Geoestadístico de "
                "INEGI), con el que Reportes › Indicadores dibuja el mapa por municipio. "
                "Importar un archivo otra vez actualiza lo que ya estaba."
            )
        )
        explicacion.setWordWrap(True)
        self.tabla = QTableWidget(0, len(COLUMNAS))
        self.tabla.setObjectName("tablaGeografia")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS])
        self.tabla.verticalHeader().hide()
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        ajustar_columnas(self.tabla, {0, 2, 3}, {1, 4})
        self.resumen = etiqueta_estado("resumenGeografia")
        self.boton_limites = QPushButton(self.tr("Importar límites municipales (GeoJSON)…"))
        self.boton_limites.setObjectName("botonImportarLimites")
        self.boton_limites.setToolTip(
            self.tr(
                "El archivo de municipios del Marco Geoestadístico de INEGI en GeoJSON (cada "
                "municipio con su clave CVEGEO, p. ej. 22014); los de otros estados se omiten"
            )
        )
        self.boton_limites.clicked.connect(self.importar_limites)
        self.boton_catalogo = QPushButton(self.tr("Importar localidades o colonias…"))
        self.boton_catalogo.setObjectName("botonImportarCatalogo")
        self.boton_catalogo.setToolTip(
            self.tr(
                "El catálogo de localidades de INEGI (AGEEML, .csv) o el de códigos postales de "
                "SEPOMEX (.txt); se reconocen por sus encabezados"
            )
        )
        self.boton_catalogo.clicked.connect(self.importar_catalogo)
        for b in (self.boton_limites, self.boton_catalogo):
            b.setEnabled(False)  # until it is known whether the user may import
        botones = QHBoxLayout()
        botones.addWidget(self.resumen, 1)
        botones.addWidget(self.boton_catalogo)
        botones.addWidget(self.boton_limites)
        self.errores = etiqueta_error("erroresGeografia")
        self.estado = etiqueta_estado("estadoGeografia")
        capa = QVBoxLayout(self)
        capa.addWidget(explicacion)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(botones)
        capa.addWidget(self.errores)
        capa.addWidget(self.estado)
        self._cargada = False
        self._importando = False

    def activar_vista(self) -> None:
        if not self._cargada:
            self._cargada = True
            self.recargar()

    def recargar(self) -> None:
        ejecutar(geografia.catalogos, al_terminar=self._mostrar,
                 al_fallar=lambda e: self.errores.setText(e.mensaje), padre=self)  # fmt: skip

    def _mostrar(self, c: geografia.Catalogos) -> None:
        self.catalogos = c
        self.tabla.setRowCount(len(c.municipios))
        for i, m in enumerate(c.municipios):
            limite = (
                self.tr("Importado el %s") % fecha_hora(m.limite) if m.limite else self.tr("Falta")
            )
            valores = ((m.clave, False), (m.nombre, False), (f"{m.localidades:,}", True),
                       (f"{m.colonias:,}", True), (limite, False))  # fmt: skip
            for j, (texto, derecha) in enumerate(valores):
                self.tabla.setItem(i, j, celda(texto, derecha))
        n = len(c.municipios)
        self.resumen.setText(
            self.tr("%d municipios; %d con límite para el mapa.") % (n, c.con_limite)
            if c.con_limite < n or n == 0
            else self.tr("%d municipios, todos con límite para el mapa.") % n
        )
        for b in (self.boton_limites, self.boton_catalogo):
            b.setEnabled(c.puede_importar and not self._importando)
        if not c.puede_importar:
            self.estado.setText(self.tr(geografia.SOLO_ESTATAL))

    # ------------------------------------------------------------------ imports
    def importar_limites(self) -> None:
        ruta = dialogos.abrir_archivo(
            self, self.tr("Límites municipales del Marco Geoestadístico"), FILTRO_LIMITES
        )
        if ruta:
            self._importar(ruta)

    def importar_catalogo(self) -> None:
        ruta = dialogos.abrir_archivo(
            self, self.tr("Catálogo de localidades o de colonias"), FILTRO_CATALOGOS
        )
        if ruta:
            self._importar(ruta)

    def _importar(self, ruta: str) -> None:
        self.errores.clear()
        self.estado.setText(self.tr("Importando…"))
        self._ocupado(True)

        def listo(r: geografia.ResultadoImportacion) -> None:
            self._ocupado(False)
            texto = self.tr("Importación de %s: %s guardados de %s leídos.") % (
                r.tipo,
                f"{r.guardadas:,}",
                f"{r.leidas:,}",
            )
            if r.omitidas == 1:
                texto += " " + self.tr("1 omitido (de otro estado, o sin clave o forma válida).")
            elif r.omitidas:
                texto += (
                    " "
                    + self.tr("%s omitidos (de otro estado, o sin clave o forma válida).")
                    % f"{r.omitidas:,}"
                )
            self.estado.setText(texto)
            self.recargar()

        def fallo(e: ErrorSipros) -> None:
            self._ocupado(False)
            self.estado.clear()
            self.errores.setText(e.mensaje)

        ejecutar(lambda: geografia.importar(ruta), al_terminar=listo, al_fallar=fallo,
                 padre=self)  # fmt: skip

    def _ocupado(self, si: bool) -> None:
        self._importando = si
        puede = self.catalogos is not None and self.catalogos.puede_importar
        for b in (self.boton_limites, self.boton_catalogo):
            b.setEnabled(puede and not si)
        self.setCursor(Qt.CursorShape.BusyCursor if si else Qt.CursorShape.ArrowCursor)
