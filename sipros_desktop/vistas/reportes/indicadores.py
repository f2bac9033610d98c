"""Indicadores: the headline rates of the user's scope and a chart with its table — by
programme, dependencia, municipality, month, sex, age group, or the population pyramid —
saved as PNG. Everything is read under the user's row-level security."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import horario, indicadores, mapa, pobreza, reportes
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.filtros import combo_filtro, periodo
from sipros_desktop.vistas.comun.formato import pesos
from sipros_desktop.vistas.comun.grafica import Datos, Grafica
from sipros_desktop.vistas.comun.mapa import DatosMapa, MapaMunicipios
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import celda

VISTAS = (
    ("programa", "Por programa", "barras"), ("dependencia", "Por dependencia", "barras"),
    ("municipio", "Por municipio", "barras"), ("mes", "Por mes", "lineas"),
    ("sexo", "Por sexo", "barras"), ("edad", "Por grupo de edad", "barras"),
    ("piramide", "Pirámide de edades y sexo", "piramide"),
    ("mapa", "Mapa por municipio", "mapa"),
    ("pobreza", "Pobreza y carencias por municipio", "barras"),
    ("mapa_pobreza", "Mapa de pobreza y carencias", "mapa"),
)  # fmt: skip
POBREZA = ("pobreza", "mapa_pobreza")  # the views of the households' poverty measure
POBLACIONES = (("beneficiarios", "Beneficiarios del filtro"),
               ("registrados", "Registrados con hogar medido"))  # fmt: skip
MEDIDAS = (("beneficiarios", "Beneficiarios"), ("beneficios", "Beneficios"), ("monto", "Monto"))
TITULARES = (
    ("solicitudes", "Solicitudes"), ("aprobacion", "Aprobación"),
    ("mediana", "Días al dictamen (mediana)"), ("entrega", "Entrega"),
    ("beneficiarios", "Beneficiarios"), ("concurrentes", "Con 2 o más programas"),
)  # fmt: skip


def _porcentaje(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


class PanelIndicadores(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        filtros = QHBoxLayout()
        for f, nombre in (("dependencia", "Todas las dependencias"),
                          ("programa", "Todos los programas"),
                          ("municipio", "Todos los municipios")):  # fmt: skip
            c = combo_filtro(f"indicador_{f}", self.tr(nombre))
            self.combos[f] = c
            filtros.addWidget(c, 1)
        self.periodo, self.desde, self.hasta = periodo(self.tr("Periodo"))
        self.boton_calcular = QPushButton(self.tr("Calcular"))
        self.boton_calcular.setObjectName("botonCalcular")
        self.boton_calcular.clicked.connect(self.calcular)
        fila2 = QHBoxLayout()
        fila2.addWidget(self.periodo)
        fila2.addWidget(self.desde)
        fila2.addWidget(QLabel(self.tr("a")))
        fila2.addWidget(self.hasta)
        fila2.addWidget(self.boton_calcular)
        fila2.addStretch(1)
        self.titulares: dict[str, QLabel] = {}
        rejilla = QGridLayout()
        for i, (clave, texto) in enumerate(TITULARES):
            v = QLabel("—")
            v.setObjectName(f"titular_{clave}")
            v.setStyleSheet("font-size: 15pt; font-weight: bold;")
            rejilla.addWidget(v, 0, i)
            rejilla.addWidget(QLabel(self.tr(texto)), 1, i)
            self.titulares[clave] = v
        self.vista = QComboBox()
        self.vista.setObjectName("vistaIndicador")
        for clave, texto, _t in VISTAS:
            self.vista.addItem(self.tr(texto), clave)
        self.medida = QComboBox()
        self.medida.setObjectName("medidaIndicador")
        self.medida.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for clave, texto in MEDIDAS:
            self.medida.addItem(self.tr(texto), clave)
        # the poverty views measure a share of people, of a population
        self.poblacion = QComboBox()
        self.poblacion.setObjectName("poblacionIndicador")
        for clave, texto in POBLACIONES:
            self.poblacion.addItem(self.tr(texto), clave)
        self.poblacion.setVisible(False)
        self.vista.currentIndexChanged.connect(self._vista)
        self.medida.currentIndexChanged.connect(self._medida)
        self.poblacion.currentIndexChanged.connect(self.graficar)
        self.boton_png = QPushButton(self.tr("Guardar la gráfica (PNG)…"))
        self.boton_png.setObjectName("botonPng")
        self.boton_png.clicked.connect(self.guardar_png)
        self.boton_pdf = QPushButton(self.tr("PDF…"))
        self.boton_pdf.setObjectName("botonPdfIndicador")
        self.boton_pdf.setToolTip(self.tr("La gráfica y su tabla, con los filtros, en un PDF"))
        self.boton_pdf.clicked.connect(self.guardar_pdf)
        fila3 = QHBoxLayout()
        fila3.addWidget(self.vista)
        fila3.addWidget(self.medida)
        fila3.addWidget(self.poblacion)
        fila3.addStretch(1)
        fila3.addWidget(self.boton_png)
        fila3.addWidget(self.boton_pdf)
        self.grafica = Grafica()
        self.grafica.setObjectName("grafica")
        self.mapa = MapaMunicipios()
        self.mapa.setObjectName("mapa")
        self.dibujo = QStackedWidget()
        self.dibujo.addWidget(self.grafica)
        self.dibujo.addWidget(self.mapa)
        self.tabla = QTableWidget(0, 4)
        self.tabla.setObjectName("tablaIndicador")
        self.tabla.verticalHeader().hide()
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setMinimumWidth(360)
        self.divisor = divisor = QSplitter(Qt.Orientation.Horizontal)
        divisor.addWidget(self.dibujo)
        divisor.addWidget(self.tabla)
        divisor.setStretchFactor(0, 3)
        divisor.setStretchFactor(1, 1)
        self.errores = etiqueta_error("erroresIndicadores")
        self.estado = etiqueta_estado("estadoIndicadores")
        capa = QVBoxLayout(self)
        capa.addLayout(filtros)
        capa.addLayout(fila2)
        capa.addLayout(rejilla)
        capa.addLayout(fila3)
        capa.addWidget(divisor, 1)
        capa.addWidget(self.errores)
        capa.addWidget(self.estado)
        self.filas: list = []
        self._iniciado = False

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciado:
            self._iniciado = True
            ancho = max(self.width(), 800)
            self.divisor.setSizes([int(ancho * 0.7), int(ancho * 0.3)])
            ejecutar(reportes.opciones, al_terminar=self._opciones, padre=self)
            self.calcular()

    def _opciones(self, o) -> None:
        for f, c in self.combos.items():
            for clave, texto in o.get(f, []):
                c.addItem(texto, clave)

    def filtro(self) -> indicadores.Filtro:
        desde = hasta = None
        if self.periodo.isChecked():
            desde, hasta = self.desde.date().toPython(), self.hasta.date().toPython()
        return indicadores.Filtro(self.combos["dependencia"].currentData(),
                                  self.combos["programa"].currentData(),
                                  self.combos["municipio"].currentData(), desde, hasta)  # fmt: skip

    def calcular(self) -> None:
        f = self.filtro()
        self.errores.clear()
        self.boton_calcular.setEnabled(False)

        def listo(t: indicadores.Tasas) -> None:
            self.boton_calcular.setEnabled(True)
            valores = {
                "solicitudes": f"{t.solicitudes:,}", "aprobacion": _porcentaje(t.tasa_aprobacion),
                "mediana": "—" if t.mediana_dias_dictamen is None
                else f"{t.mediana_dias_dictamen:,.0f}",
                "entrega": _porcentaje(t.tasa_entrega), "beneficiarios": f"{t.beneficiarios:,}",
                "concurrentes": f"{t.concurrentes:,}",
            }  # fmt: skip
            for clave, texto in valores.items():
                self.titulares[clave].setText(texto)

        def fallo(e: ErrorSipros) -> None:
            self.boton_calcular.setEnabled(True)
            self.errores.setText(e.mensaje)

        ejecutar(lambda: indicadores.tasas(f), al_terminar=listo, al_fallar=fallo, padre=self)
        self.graficar()

    def _vista(self) -> None:
        """The measures of the view: amounts of benefits, or shares of the poverty measure."""
        de_pobreza = self.vista.currentData() in POBREZA
        if de_pobreza != (self.medida.itemData(0) not in dict(MEDIDAS)):
            self.medida.blockSignals(True)
            self.medida.clear()
            for clave, texto in pobreza.medidas() if de_pobreza else MEDIDAS:
                self.medida.addItem(self.tr(texto), clave)
            if de_pobreza:  # first what the programmes are for: people in poverty
                self.medida.setCurrentIndex(self.medida.findData("pobreza_moderada"))
            self.medida.blockSignals(False)
        self.poblacion.setVisible(de_pobreza)
        self.graficar()

    def graficar(self) -> None:
        f, vista = self.filtro(), self.vista.currentData()
        self.estado.setText(self.tr("Calculando…"))

        medida = self.medida.currentData()
        poblacion = self.poblacion.currentData()

        def leer():
            al = indicadores.datos_al()
            if vista == "pobreza":
                return pobreza.por_municipio(f, poblacion), al
            if vista == "mapa_pobreza":
                datos = (mapa.limites(), pobreza.valores_mapa(f, medida, poblacion), [],
                         mapa.nombres())  # fmt: skip
                return datos, al
            if vista == "piramide":
                return indicadores.piramide(f), al
            if vista == "mapa":
                datos = (mapa.limites(), mapa.valores(f, medida), mapa.puntos(f), mapa.nombres())
                return datos, al
            return indicadores.por_dimension(vista, f), al

        def listo(r) -> None:
            if vista != self.vista.currentData():
                return
            self.filas, al = r
            # read from a standby, which lags: say how fresh its data is
            self.estado.setText("" if al is None else self.tr("Datos al %s") % horario.hora(al))
            self._mostrar()

        def fallo(e: ErrorSipros) -> None:
            self.estado.clear()
            self.errores.setText(e.mensaje)

        ejecutar(leer, al_terminar=listo, al_fallar=fallo, padre=self)

    def _medida(self) -> None:
        if self.vista.currentData() in ("mapa", "mapa_pobreza"):
            self.graficar()  # the map reads the chosen measure
        else:
            self._mostrar()

    def _mostrar(self) -> None:
        vista = self.vista.currentData()
        titulo = self.vista.currentText()
        t = self.tabla
        self.dibujo.setCurrentWidget(self.mapa if vista in ("mapa", "mapa_pobreza")
                                     else self.grafica)  # fmt: skip
        if vista == "pobreza":
            self._mostrar_pobreza()
            return
        if vista == "mapa_pobreza":
            limites, valores, puntos, nombres = self.filas
            quienes = self.poblacion.currentText().lower()
            self.mapa.poner(DatosMapa(f"{self.medida.currentText()}: % de {quienes}",
                                      limites, valores, puntos))  # fmt: skip
            t.setColumnCount(2)
            t.setHorizontalHeaderLabels([self.tr("Municipio"), self.tr("% de las personas")])
            filas = sorted(valores.items(), key=lambda kv: -kv[1])
            t.setRowCount(len(filas))
            for i, (clave, v) in enumerate(filas):
                t.setItem(i, 0, celda(nombres.get(clave, clave)))
                t.setItem(i, 1, celda(f"{v:.1f} %", derecha=True))
            t.resizeColumnsToContents()
            return
        if vista == "mapa":
            self.medida.setEnabled(True)
            limites, valores, puntos, nombres = self.filas
            self.mapa.poner(DatosMapa(f"{self.medida.currentText()} por municipio", limites,
                                      valores, puntos))  # fmt: skip
            t.setColumnCount(2)
            t.setHorizontalHeaderLabels([self.tr("Municipio"), self.medida.currentText()])
            filas = sorted(valores.items(), key=lambda kv: -kv[1])
            t.setRowCount(len(filas))
            for i, (clave, v) in enumerate(filas):
                t.setItem(i, 0, celda(nombres.get(clave, clave)))
                t.setItem(i, 1, celda(f"{v:,.0f}", derecha=True))
            t.resizeColumnsToContents()
            return
        if vista == "piramide":
            self.medida.setEnabled(False)
            series = [(self.tr("Hombres"), [e.hombres for e in self.filas]),
                      (self.tr("Mujeres"), [e.mujeres for e in self.filas])]  # fmt: skip
            self.grafica.poner(Datos("piramide", self.tr("Beneficiarios por edad y sexo"),
                                     [e.grupo for e in self.filas], series))  # fmt: skip
            t.setColumnCount(3)
            t.setHorizontalHeaderLabels([self.tr("Edad"), self.tr("Hombres"), self.tr("Mujeres")])
            t.setRowCount(len(self.filas))
            for i, e in enumerate(self.filas):
                for j, v in enumerate((e.grupo, f"{e.hombres:,}", f"{e.mujeres:,}")):
                    t.setItem(i, j, celda(v, derecha=j > 0))  # numbers to the right
            return
        self.medida.setEnabled(True)
        medida = self.medida.currentData()
        tipo = next(tp for c, _t, tp in VISTAS if c == vista)
        valores = [float(getattr(x, medida)) for x in self.filas]
        self.grafica.poner(Datos(tipo, f"{self.medida.currentText()} — {titulo}",
                                 [x.etiqueta for x in self.filas],
                                 [(self.medida.currentText(), valores)]))  # fmt: skip
        t.setColumnCount(4)
        t.setHorizontalHeaderLabels([self.tr(titulo.replace("Por ", "").capitalize()),
                                     self.tr("Beneficiarios"), self.tr("Beneficios"),
                                     self.tr("Monto")])  # fmt: skip
        t.setRowCount(len(self.filas))
        for i, x in enumerate(self.filas):
            for j, v in enumerate((x.etiqueta, f"{x.beneficiarios:,}", f"{x.beneficios:,}",
                                   pesos(x.monto))):  # fmt: skip
                t.setItem(i, j, celda(v, derecha=j > 0))  # numbers to the right
        t.resizeColumnsToContents()

    def _mostrar_pobreza(self) -> None:
        """The share of each municipality's people in the chosen class or with the chosen
        deprivation, as bars; the table: people measured, each class and each deprivation."""
        medida = self.medida.currentData()
        filas = [r for r in self.filas if r.personas]

        def n(r: pobreza.FilaMunicipio) -> int:
            return (r.por_carencia[medida.split(":", 1)[1]] if medida.startswith("carencia:")
                    else r.por_clase[medida])  # fmt: skip

        quienes = self.poblacion.currentText().lower()
        self.grafica.poner(Datos(
            "barras", f"{self.medida.currentText()}: % de {quienes}",
            [r.municipio for r in filas],
            [(self.tr("% de las personas"), [100 * n(r) / r.personas for r in filas])],
        ))  # fmt: skip
        columnas = ([self.tr("Municipio"), self.tr("Personas")]
                    + [pobreza.CLASIFICACIONES[c] for c in pobreza.CLASIFICACIONES]
                    + [pobreza.NOMBRE_CORTO[c] for c, _n in pobreza.CARENCIAS])  # fmt: skip
        t = self.tabla
        t.setColumnCount(len(columnas))
        t.setHorizontalHeaderLabels(columnas)
        todas = [*filas, pobreza.total(filas)] if filas else []
        t.setRowCount(len(todas))
        for i, r in enumerate(todas):
            valores = [r.municipio, f"{r.personas:,}"]
            valores += [f"{r.por_clase[c]:,}" for c in pobreza.CLASIFICACIONES]
            valores += [f"{r.por_carencia[c]:,}" for c, _n in pobreza.CARENCIAS]
            for j, v in enumerate(valores):
                t.setItem(i, j, celda(v, derecha=j > 0))
        t.resizeColumnsToContents()

    def guardar_png(self) -> None:
        sugerido = f"indicador_{date.today():%Y%m%d}.png"
        ruta = dialogos.guardar_archivo(
            self, self.tr("Guardar la gráfica"), sugerido, "PNG (*.png)"
        )
        if ruta:
            self.dibujo.currentWidget().guardar_png(ruta)
            self.estado.setText(self.tr("Gráfica guardada en %s") % ruta)

    def _png(self) -> bytes:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        datos = QByteArray()
        buffer = QBuffer(datos)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.dibujo.currentWidget().imagen().save(buffer, "PNG")
        buffer.close()
        return bytes(datos.data())

    def _filtros_texto(self) -> str:
        partes = [c.currentText() for c in self.combos.values() if c.currentData() is not None]
        if self.periodo.isChecked():
            partes.append(
                f"del {self.desde.date().toString('dd/MM/yyyy')} "
                f"al {self.hasta.date().toString('dd/MM/yyyy')}"
            )
        return "; ".join(partes) or self.tr("Sin filtros: todo lo que su alcance permite ver")

    def guardar_pdf(self) -> None:

        sugerido = f"indicador_{QDate.currentDate().toString('yyyyMMdd')}.pdf"
        ruta = dialogos.guardar_archivo(self, self.tr("Guardar el indicador"), sugerido,
                                        "PDF (*.pdf)")  # fmt: skip
        if not ruta:
            return
        t = self.tabla
        encabezados = [t.horizontalHeaderItem(j).text() for j in range(t.columnCount())]
        filas = [[t.item(i, j).text() if t.item(i, j) else "" for j in range(t.columnCount())]
                 for i in range(t.rowCount())]  # fmt: skip
        titulo = f"{self.medida.currentText()} — {self.vista.currentText()}"
        if self.vista.currentData() == "piramide":
            titulo = self.tr("Beneficiarios por edad y sexo")
        png, filtros = self._png(), self._filtros_texto()

        def hacer() -> str:
            from pathlib import Path

            from sipros_desktop.servicios import archivos
            from sipros_desktop.servicios import reportes as rep

            contenido = rep.pdf_con_grafica(titulo, filtros, png, encabezados, filas)
            destino = archivos.archivo_de_salida(Path(ruta), ".pdf")
            destino.write_bytes(contenido)
            return str(destino)

        def listo(r: str) -> None:
            self.estado.setText(self.tr("PDF guardado en %s") % r)

        ejecutar(hacer, al_terminar=listo, al_fallar=lambda e: self.errores.setText(e.mensaje),
                 padre=self)  # fmt: skip
