"""Reportes: the catalogue on the left; on the right the chosen report's filters (only those it
accepts), a preview of its first rows with the count and the totals, and its export to Excel,
to PDF and to the printer. Every query runs as the user: it covers exactly their scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import horario, reportes, seguridad
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.descarga import Descarga
from sipros_desktop.vistas.comun.filtros import combo_filtro, encadenar_lugares, periodo
from sipros_desktop.vistas.comun.formato import fecha
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar

FILTROS = (
    "dependencia",
    "programa",
    "convocatoria",
    "municipio",
    "localidad",
    "colonia",
    "estado",
    "origen",
)
NOMBRES = {"dependencia": "Dependencia", "programa": "Programa", "convocatoria": "Convocatoria",
           "municipio": "Municipio", "localidad": "Localidad", "colonia": "Colonia",
           "estado": "Estado", "origen": "Origen"}  # fmt: skip


def texto_celda(v, columna) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return fecha(v)
    return reportes.texto_celda(v, columna)


class PanelReportes(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogo = QListWidget()
        self.catalogo.setObjectName("catalogoReportes")
        for r in reportes.REPORTES.values():
            item = QListWidgetItem(r.titulo)
            item.setData(Qt.ItemDataRole.UserRole, r.clave)
            item.setToolTip(r.descripcion)
            self.catalogo.addItem(item)
        self.catalogo.currentItemChanged.connect(self._elegido)
        self.catalogo.setWordWrap(True)
        self.catalogo.setMinimumWidth(200)
        self.catalogo.setSpacing(3)
        self.descripcion = etiqueta_estado("descripcionReporte")
        self.combos: dict[str, QComboBox] = {}
        forma = QGridLayout()
        for n, f in enumerate(FILTROS):
            combo = combo_filtro(f"filtro_{f}", self.tr("(todos)"), largo=8)
            self.combos[f] = combo
            forma.addWidget(QLabel(self.tr(NOMBRES[f] + ":")), n // 3, (n % 3) * 2)
            forma.addWidget(combo, n // 3, (n % 3) * 2 + 1)
        for col in (1, 3, 5):
            forma.setColumnStretch(col, 1)
        # the localities and colonias are those of the chosen municipality
        encadenar_lugares(self, self.combos["municipio"], self.combos["localidad"],
                          self.combos["colonia"], reportes.lugares)  # fmt: skip
        self.periodo, self.desde, self.hasta = periodo(self.tr("Periodo"))
        self.periodo.setObjectName("filtroPeriodoReporte")
        fechas = QHBoxLayout()
        fechas.addWidget(self.periodo)
        fechas.addWidget(self.desde)
        fechas.addWidget(QLabel(self.tr("a")))
        fechas.addWidget(self.hasta)
        self.boton_ver = QPushButton(self.tr("Vista previa"))
        self.boton_ver.setObjectName("botonVistaPrevia")
        self.boton_ver.clicked.connect(self.ver)
        self.boton_mas = QPushButton(self.tr("Más filas"))
        self.boton_mas.setObjectName("botonMasFilas")
        self.boton_mas.setToolTip(self.tr("Trae del servidor las siguientes filas del reporte"))
        self.boton_mas.clicked.connect(self.mas)
        self.boton_mas.hide()
        self.resultado: reportes.Resultado | None = None
        self.tam_pagina = reportes.VISTA_PREVIA  # rows per page of the preview
        self.boton_excel = QPushButton(self.tr("Excel…"))
        self.boton_excel.setObjectName("botonExcelReporte")
        self.descarga = Descarga(self, self.boton_excel)
        self.boton_excel.clicked.connect(self.excel)
        self.boton_pdf = QPushButton(self.tr("PDF…"))
        self.boton_pdf.setObjectName("botonPdfReporte")
        self.boton_pdf.clicked.connect(lambda: self.pdf(imprimir=False))
        self.boton_imprimir = QPushButton(self.tr("Imprimir…"))
        self.boton_imprimir.setObjectName("botonImprimirReporte")
        self.boton_imprimir.clicked.connect(lambda: self.pdf(imprimir=True))
        self.boton_detener_pdf = QPushButton(self.tr("Detener"))
        self.boton_detener_pdf.setObjectName("botonDetenerPdf")
        self.boton_detener_pdf.clicked.connect(self.detener_pdf)
        self.boton_detener_pdf.hide()
        self._pdf = None
        acciones = QHBoxLayout()
        acciones.addLayout(fechas)
        acciones.addWidget(self.boton_ver)
        acciones.addWidget(self.boton_mas)
        acciones.addStretch(1)
        acciones.addWidget(self.descarga.progreso)
        acciones.addWidget(self.descarga.boton_cancelar)
        acciones.addWidget(self.boton_detener_pdf)
        for b in (self.boton_excel, self.boton_pdf, self.boton_imprimir):
            acciones.addWidget(b)
        self.resumen = QLabel()
        self.resumen.setObjectName("resumenReporte")
        self.resumen.setStyleSheet("font-weight: bold;")
        self.resumen.setWordWrap(True)  # (a report with many totals must not widen the window)
        self.tabla = QTableWidget(0, 0)
        self.tabla.setObjectName("tablaReporte")
        self.tabla.verticalHeader().hide()
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errores = etiqueta_error("erroresReporte")
        self.estado = etiqueta_estado("estadoReporte")
        derecha = QWidget()
        cd = QVBoxLayout(derecha)
        cd.setContentsMargins(0, 0, 0, 0)
        cd.addWidget(self.descripcion)
        cd.addLayout(forma)
        cd.addLayout(acciones)
        cd.addWidget(self.errores)
        cd.addWidget(self.resumen)
        cd.addWidget(self.tabla, 1)
        cd.addWidget(self.estado)
        divisor = QSplitter(Qt.Orientation.Horizontal)
        divisor.addWidget(self.catalogo)
        divisor.addWidget(derecha)
        divisor.setStretchFactor(0, 1)
        divisor.setStretchFactor(1, 4)
        capa = QVBoxLayout(self)
        capa.addWidget(divisor, 1)
        self.perfil = None
        self._iniciada = False
        self.catalogo.setCurrentRow(0)

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciada:
            self._iniciada = True
            ejecutar(reportes.opciones, al_terminar=self._opciones, padre=self)
            ejecutar(seguridad.mi_perfil, al_terminar=self._perfil, padre=self)

    def _perfil(self, perfil) -> None:
        self.perfil = perfil

    def _opciones(self, o: dict[str, list[tuple[str, str]]]) -> None:
        for f, combo in self.combos.items():
            for clave, texto in o.get(f, []):
                combo.addItem(texto, clave)
                combo.setItemData(combo.count() - 1, texto, Qt.ItemDataRole.ToolTipRole)

    def clave(self) -> str | None:
        item = self.catalogo.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _elegido(self) -> None:
        clave = self.clave()
        if clave is None:
            return
        r = reportes.reporte(clave)
        self.descripcion.setText(r.descripcion)
        for f, combo in self.combos.items():
            combo.setEnabled(f in r.condiciones)
            if f not in r.condiciones:
                combo.setCurrentIndex(0)
        self.tabla.setRowCount(0)
        self.tabla.setColumnCount(len(r.columnas))
        self.tabla.setHorizontalHeaderLabels([c.titulo for c in r.columnas])
        self.resumen.clear()
        self.errores.clear()

    def filtros(self) -> reportes.Filtros:
        valores = {f: c.currentData() for f, c in self.combos.items() if c.isEnabled()}
        if self.periodo.isChecked():
            valores["desde"] = self.desde.date().toPython()
            valores["hasta"] = self.hasta.date().toPython()
        return reportes.Filtros(**valores)

    def ver(self) -> None:
        clave, f = self.clave(), self.filtros()
        if clave is None:
            return
        self.errores.clear()
        self.resumen.setText(self.tr("Consultando…"))
        self.boton_ver.setEnabled(False)

        def listo(r: reportes.Resultado) -> None:
            self.boton_ver.setEnabled(True)
            if r.reporte.clave != self.clave():
                return
            self.resultado = r
            self.tabla.setRowCount(0)
            self._agregar(r.filas)
            self.tabla.resizeColumnsToContents()
            cols = r.reporte.columnas
            totales = " · ".join(f"{cols[i].titulo}: {texto_celda(v, cols[i])}"
                                 for i, v in r.totales.items())  # fmt: skip
            vistas = (
                ""
                if r.completo
                else self.tr(" (se muestran las primeras %s)") % f"{len(r.filas):,}"
            )
            filas = (
                self.tr("1 fila") if r.total_filas == 1
                else self.tr("%s filas") % f"{r.total_filas:,}"
            )  # fmt: skip
            replica = ""
            if r.datos_al is not None:  # a standby lags: say how fresh its data is
                replica = self.tr(" · Datos al %s") % horario.hora(r.datos_al)
            self.resumen.setText(
                self.tr("%s%s. Totales — %s%s") % (filas, vistas, totales or "—", replica)
            )
            self.boton_mas.setVisible(not r.completo)

        def fallo(e: ErrorSipros) -> None:
            self.boton_ver.setEnabled(True)
            self.resumen.clear()
            self.errores.setText(e.mensaje)

        tam = self.tam_pagina
        ejecutar(lambda: reportes.vista_previa(clave, f, tam), al_terminar=listo,
                 al_fallar=fallo, padre=self)  # fmt: skip

    def _agregar(self, filas: list[tuple]) -> None:
        assert self.resultado is not None
        cols = self.resultado.reporte.columnas
        inicio = self.tabla.rowCount()
        self.tabla.setRowCount(inicio + len(filas))
        for i, fila in enumerate(filas, inicio):
            for j, v in enumerate(fila):
                item = QTableWidgetItem(texto_celda(v, cols[j]))
                item.setToolTip(item.text())
                if isinstance(v, int | float | Decimal):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.tabla.setItem(i, j, item)

    def mas(self) -> None:
        r = self.resultado
        if r is None:
            return
        clave, f, desde = r.reporte.clave, r.filtros, self.tabla.rowCount()
        self.boton_mas.setEnabled(False)

        def listo(filas: list[tuple]) -> None:
            self.boton_mas.setEnabled(True)
            if self.resultado is not r:
                return
            self._agregar(filas)
            self.boton_mas.setVisible(self.tabla.rowCount() < r.total_filas)
            self.estado.setText(
                self.tr("%s de %s filas a la vista.")
                % (f"{self.tabla.rowCount():,}", f"{r.total_filas:,}")
            )

        tam = self.tam_pagina
        ejecutar(lambda: reportes.mas_filas(clave, f, desde, tam), al_terminar=listo,
                 al_fallar=lambda e: self.errores.setText(e.mensaje), padre=self)  # fmt: skip

    def excel(self) -> None:
        clave, f = self.clave(), self.filtros()
        if clave is None:
            return
        self.descarga.iniciar(
            self.tr("Guardar el reporte en Excel"),
            f"{clave}_{horario.hoy():%Y%m%d}.xlsx",
            lambda ruta, avance: reportes.exportar_excel(
                clave, f, ruta, lambda _e, h, t: avance(h, t)
            ),
            self.tr("%s filas en %s."),
        )

    def _encabezado(self) -> tuple[str, str]:
        p = self.perfil
        if p is None:
            return "", ""
        return p.nombre, p.dependencia_nombre or ""

    def pdf(self, imprimir: bool) -> None:
        clave, f = self.clave(), self.filtros()
        if clave is None:
            return
        ruta = None
        if not imprimir:
            sugerido = f"{clave}_{horario.hoy():%Y%m%d}.pdf"
            ruta = dialogos.guardar_archivo(
                self, self.tr("Guardar el reporte en PDF"), sugerido, "PDF (*.pdf)"
            )
            if not ruta:
                return
        usuario, agencia = self._encabezado()
        titulo = reportes.reporte(clave).titulo
        self.estado.setText(self.tr("Preparando el PDF…"))
        botones = (self.boton_pdf, self.boton_imprimir)

        def ocupado(si: bool) -> None:
            self.boton_detener_pdf.setVisible(si)
            for boton in botones:
                boton.setEnabled(not si)

        def listo(contenido: bytes) -> None:
            ocupado(False)
            if imprimir:
                self.estado.setText("")
                dialogos.imprimir_pdf(self, contenido, titulo)
            else:
                self.estado.setText(self.tr("PDF guardado en %s") % ruta)

        def fallo(e: ErrorSipros) -> None:
            ocupado(False)
            self.estado.clear()
            self.errores.setText(e.mensaje)

        def avanzar(_etapa: str, hecho: int, _total: int) -> None:
            self.estado.setText(self.tr("Preparando el PDF… %s filas") % f"{hecho:,}")

        ocupado(True)
        self._pdf = ejecutar(
            lambda avisar: reportes.exportar_pdf(clave, f, ruta, usuario=usuario,
                                                 agencia=agencia, progreso=avisar),
            al_terminar=listo, al_fallar=fallo, al_progresar=avanzar, padre=self,
        )  # fmt: skip

    def detener_pdf(self) -> None:
        """Stop a PDF being prepared: nothing is written (the file is written at the end)."""
        if self._pdf is not None and not self._pdf.terminada:
            self._pdf.cancelar()
        self.boton_detener_pdf.hide()
        self.boton_pdf.setEnabled(True)
        self.boton_imprimir.setEnabled(True)
        self.estado.setText(self.tr("PDF cancelado: no se escribió nada."))


class VistaReportes(QWidget):
    """The module: reports, indicators (charts and the map), baselines and cohorts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QTabWidget

        from sipros_desktop.vistas.reportes.indicadores import PanelIndicadores
        from sipros_desktop.vistas.reportes.tendencias import PanelTendencias

        super().__init__(parent)
        self.setObjectName("vistaReportes")
        titulo = QLabel(self.tr("Reportes e indicadores"))
        titulo.setObjectName("tituloModulo")
        self.pestanas = QTabWidget()
        self.reportes = PanelReportes()
        self.indicadores = PanelIndicadores()
        self.tendencias = PanelTendencias()
        self.pestanas.addTab(self.reportes, self.tr("Reportes"))
        self.pestanas.addTab(self.indicadores, self.tr("Indicadores"))
        self.pestanas.addTab(self.tendencias, self.tr("Línea base y cohortes"))
        capa = QVBoxLayout(self)
        capa.addWidget(titulo)
        capa.addWidget(self.pestanas, 1)
