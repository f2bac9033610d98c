"""The load wizard: choose the programme and the file → check which column is which → preview
(valid rows, rows with problems and why, what applying would add) → apply, or cancel. Reading
and validating run in the background with progress and can be cancelled; nothing is written
until «Aplicar», and then in one transaction."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import cargas
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import pesos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import Operacion, ejecutar
from sipros_desktop.vistas.comun.tamano import tamano_comodo

PAG_ARCHIVO, PAG_COLUMNAS, PAG_VISTA, PAG_RESULTADO = range(4)
NINGUNA = "(ninguna)"
_Indice = QModelIndex | QPersistentModelIndex


class ModeloErrores(QAbstractTableModel):
    """The problems of a validation (there may be tens of thousands): one row each."""

    ENCABEZADOS = ("Fila", "Columna", "Valor", "Motivo")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.errores: list[cargas.ErrorFila] = []

    def poner(self, errores: list[cargas.ErrorFila]) -> None:
        self.beginResetModel()
        self.errores = errores
        self.endResetModel()

    def rowCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.errores)

    def columnCount(self, parent: _Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, seccion: int, orientacion: Qt.Orientation, rol: int = 0) -> Any:
        if orientacion == Qt.Orientation.Horizontal and rol == Qt.ItemDataRole.DisplayRole:
            return self.ENCABEZADOS[seccion]
        return None

    def data(self, index: _Indice, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.errores[index.row()]
        if rol in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (str(e.fila), e.columna, e.valor, e.mensaje)[index.column()]
        if rol == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DialogoCarga(QDialog):
    aplicada = Signal(object)  # cargas.Resultado

    def __init__(self, programas: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cargar un padrón"))
        self.lectura: cargas.Lectura | None = None
        self.resultado: cargas.Resultado | None = None
        self._operacion: Operacion | None = None
        self.paginas = QStackedWidget()
        self.paginas.addWidget(self._pagina_archivo(programas))
        self.paginas.addWidget(self._pagina_columnas())
        self.paginas.addWidget(self._pagina_vista())
        self.paginas.addWidget(self._pagina_resultado())
        self.paso = QLabel()
        self.paso.setObjectName("pasoCarga")
        self.errores = etiqueta_error("erroresCarga")
        self.progreso = QProgressBar()
        self.progreso.setObjectName("progresoCarga")
        self.progreso.hide()
        self.etapa = etiqueta_estado("etapaCarga")
        # Enter goes forward, whatever has the focus: only «Siguiente» is a default button (a
        # push button in a dialog becomes the default when it takes the focus, and «Cancelar»
        # takes it when the page is disabled while the file is read)
        self.boton_atras = QPushButton(self.tr("< Atrás"))
        self.boton_atras.setAutoDefault(False)
        self.boton_atras.clicked.connect(self.atras)
        self.boton_siguiente = QPushButton(self.tr("Siguiente >"))
        self.boton_siguiente.setObjectName("botonSiguiente")
        self.boton_siguiente.setDefault(True)
        self.boton_siguiente.clicked.connect(self.siguiente)
        self.boton_cancelar = QPushButton(self.tr("Cancelar"))
        self.boton_cancelar.setObjectName("botonCancelarCarga")
        self.boton_cancelar.setAutoDefault(False)
        self.boton_cancelar.clicked.connect(self.cancelar)
        botones = QHBoxLayout()
        botones.addWidget(self.progreso, 1)
        botones.addWidget(self.etapa, 2)
        botones.addWidget(self.boton_cancelar)
        botones.addWidget(self.boton_atras)
        botones.addWidget(self.boton_siguiente)
        capa = QVBoxLayout(self)
        capa.addWidget(self.paso)
        capa.addWidget(self.paginas, 1)
        capa.addWidget(self.errores)
        capa.addLayout(botones)
        tamano_comodo(self, 980, 660)
        self._mostrar(PAG_ARCHIVO)

    # ------------------------------------------------------------------ pages
    def _pagina_archivo(self, programas: list[tuple[str, str]]) -> QWidget:
        w = QWidget()
        self.programa = QComboBox()
        self.programa.setObjectName("programaCarga")
        for clave, texto in programas:
            self.programa.addItem(texto, clave)
        self.archivo = QLineEdit()
        self.archivo.setObjectName("archivoCarga")
        self.archivo.setPlaceholderText(self.tr("Padrón en .xlsx, .xls, .ods o .csv"))
        elegir = QPushButton(self.tr("Elegir archivo…"))
        elegir.setAutoDefault(False)
        elegir.clicked.connect(self._elegir_archivo)
        fila = QHBoxLayout()
        fila.addWidget(self.archivo, 1)
        fila.addWidget(elegir)
        plantilla = QPushButton(self.tr("Descargar la plantilla del programa…"))
        plantilla.setObjectName("botonPlantilla")
        plantilla.setAutoDefault(False)
        plantilla.clicked.connect(self._plantilla)
        forma = QFormLayout()
        forma.addRow(self.tr("Programa:"), self.programa)
        forma.addRow(self.tr("Archivo:"), fila)
        ayuda = QLabel(
            self.tr(
                "El archivo puede tener filas de título arriba de los encabezados, filas vacías y "
                "columnas adicionales. Las columnas se reconocen por sus nombres usuales; en el "
                "siguiente paso puede corregir las que no se reconozcan. Nada se guarda hasta que "
                "usted aplique la carga."
            )
        )
        ayuda.setWordWrap(True)
        capa = QVBoxLayout(w)
        capa.addLayout(forma)
        capa.addWidget(plantilla, 0, Qt.AlignmentFlag.AlignLeft)
        capa.addWidget(ayuda)
        capa.addStretch(1)
        return w

    def _pagina_columnas(self) -> QWidget:
        w = QWidget()
        self.info_lectura = etiqueta_estado("infoLectura")
        self.tabla_columnas = QTableWidget(len(cargas.CAMPOS), 3)
        self.tabla_columnas.setObjectName("tablaColumnas")
        self.tabla_columnas.setHorizontalHeaderLabels(
            [self.tr("Dato"), self.tr("Obligatorio"), self.tr("Columna del archivo")]
        )
        self.tabla_columnas.verticalHeader().hide()
        self.tabla_columnas.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.combos: dict[str, QComboBox] = {}
        for i, c in enumerate(cargas.CAMPOS):
            item = QTableWidgetItem(f"{c.titulo} ({c.encabezado})")
            item.setToolTip(c.explicacion)
            self.tabla_columnas.setItem(i, 0, item)
            self.tabla_columnas.setItem(
                i, 1, QTableWidgetItem(self.tr("Sí") if c.obligatorio else "")
            )
            combo = QComboBox()
            combo.setObjectName(f"columna_{c.clave}")
            combo.currentIndexChanged.connect(self._ignoradas)
            self.combos[c.clave] = combo
            self.tabla_columnas.setCellWidget(i, 2, combo)
        cab = self.tabla_columnas.horizontalHeader()
        cab.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        cab.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        cab.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ignoradas = etiqueta_estado("columnasIgnoradas")
        self.recordar = QCheckBox(
            self.tr("Recordar esta elección para los archivos de la dependencia")
        )
        self.recordar.setObjectName("recordarMapeo")
        self.recordar.setChecked(True)
        capa = QVBoxLayout(w)
        capa.addWidget(self.info_lectura)
        capa.addWidget(self.tabla_columnas, 1)
        capa.addWidget(self.ignoradas)
        capa.addWidget(self.recordar)
        return w

    def _pagina_vista(self) -> QWidget:
        w = QWidget()
        cifras = QGroupBox(self.tr("Si aplica la carga"))
        rejilla = QGridLayout(cifras)
        self.cifras: dict[str, QLabel] = {}
        nombres = [
            ("filas", self.tr("Filas leídas")), ("validas", self.tr("Filas válidas")),
            ("con_error", self.tr("Filas con problemas")),
            ("beneficios", self.tr("Beneficios nuevos")),
            ("nuevos", self.tr("Expedientes nuevos")),
            ("vinculadas", self.tr("De ciudadanos registrados")),
            ("revision", self.tr("A revisión de duplicados")), ("monto", self.tr("Monto")),
        ]  # fmt: skip
        for i, (clave, texto) in enumerate(nombres):
            valor = QLabel("—")
            valor.setObjectName(f"cifra_{clave}")
            valor.setStyleSheet("font-size: 15pt; font-weight: bold;")
            rejilla.addWidget(valor, (i // 4) * 2, i % 4)
            rejilla.addWidget(QLabel(texto), (i // 4) * 2 + 1, i % 4)
            self.cifras[clave] = valor
        self.aviso_repetido = etiqueta_error("avisoRepetido")
        self.modelo_errores = ModeloErrores(self)
        self.tabla_errores = QTableView()
        self.tabla_errores.setObjectName("tablaErrores")
        self.tabla_errores.setModel(self.modelo_errores)
        self.tabla_errores.verticalHeader().hide()
        self.tabla_errores.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        cab = self.tabla_errores.horizontalHeader()
        cab.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        cab.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        cab.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        cab.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        cab.resizeSection(2, 180)
        self.boton_observaciones = QPushButton(self.tr("Guardar las filas con problemas (Excel)…"))
        self.boton_observaciones.setObjectName("botonObservaciones")
        self.boton_observaciones.setAutoDefault(False)
        self.boton_observaciones.setToolTip(
            self.tr(
                "Las filas originales con una columna «Observaciones», para devolverlas a la "
                "dependencia"
            )
        )
        self.boton_observaciones.clicked.connect(self._observaciones)
        self.titulo_errores = QLabel()
        arriba = QHBoxLayout()
        arriba.addWidget(self.titulo_errores, 1)
        arriba.addWidget(self.boton_observaciones)
        capa = QVBoxLayout(w)
        capa.addWidget(cifras)
        capa.addWidget(self.aviso_repetido)
        capa.addLayout(arriba)
        capa.addWidget(self.tabla_errores, 1)
        return w

    def _pagina_resultado(self) -> QWidget:
        w = QWidget()
        self.mensaje_final = QLabel()
        self.mensaje_final.setObjectName("mensajeFinal")
        self.mensaje_final.setWordWrap(True)
        self.mensaje_final.setStyleSheet("font-size: 13pt;")
        capa = QVBoxLayout(w)
        capa.addWidget(self.mensaje_final)
        capa.addStretch(1)
        return w

    # ------------------------------------------------------------------ navigation
    def _mostrar(self, n: int) -> None:
        self.paginas.setCurrentIndex(n)
        self.errores.clear()
        titulos = {
            PAG_ARCHIVO: self.tr("Paso 1 de 3 — Programa y archivo"),
            PAG_COLUMNAS: self.tr("Paso 2 de 3 — ¿Qué columna es cada dato?"),
            PAG_VISTA: self.tr("Paso 3 de 3 — Vista previa: revise antes de aplicar"),
            PAG_RESULTADO: self.tr("Carga terminada"),
        }
        self.paso.setText(titulos[n])
        self.paso.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.boton_atras.setVisible(n in (PAG_COLUMNAS, PAG_VISTA))
        self.boton_siguiente.setText({
            PAG_ARCHIVO: self.tr("Leer el archivo >"), PAG_COLUMNAS: self.tr("Validar >"),
            PAG_VISTA: self.tr("Aplicar la carga"), PAG_RESULTADO: self.tr("Cerrar"),
        }[n])  # fmt: skip
        self.boton_cancelar.setVisible(n != PAG_RESULTADO)
        if n == PAG_VISTA and self.resultado is not None:
            self.boton_siguiente.setEnabled(self.resultado.validas > 0)
        else:
            self.boton_siguiente.setEnabled(True)
        self._enfocar()

    def _enfocar(self) -> None:
        """The focus on the page's work (never on «Cancelar»)."""
        destino = {PAG_ARCHIVO: self.archivo, PAG_COLUMNAS: self.tabla_columnas,
                   PAG_VISTA: self.tabla_errores}.get(self.paginas.currentIndex())  # fmt: skip
        (destino if destino is not None else self.boton_siguiente).setFocus()

    def atras(self) -> None:
        self._mostrar(max(PAG_ARCHIVO, self.paginas.currentIndex() - 1))

    def siguiente(self) -> None:
        n = self.paginas.currentIndex()
        if n == PAG_ARCHIVO:
            self.leer()
        elif n == PAG_COLUMNAS:
            self.validar()
        elif n == PAG_VISTA:
            self.aplicar()
        else:
            self.accept()

    def _trabajando(self) -> bool:
        return self._operacion is not None and not self._operacion.terminada

    def cancelar(self) -> None:
        if self._trabajando():
            assert self._operacion is not None
            self._operacion.cancelar()  # the transaction rolls back: nothing written
            self._ocupado(False)
            self.etapa.setText(self.tr("Cancelado: no se guardó nada."))
            return
        self.reject()

    def reject(self) -> None:
        """Cancelar, Esc or closing the window: while something runs, stop it; once a file was
        read, ask before throwing away the file and the columns chosen."""
        if self._trabajando():
            self.cancelar()
            return
        if (
            self.lectura is not None
            and self.paginas.currentIndex() != PAG_RESULTADO
            and not dialogos.confirmar(
                self,
                self.tr(
                    "¿Cerrar sin cargar «%s»? Se pierden la lectura del archivo y las columnas "
                    "elegidas; no se guardó nada en el Padrón."
                )
                % self.lectura.nombre,
                no_por_omision=True,
            )
        ):
            return
        super().reject()

    def _ocupado(self, si: bool, etapa: str = "") -> None:
        self.progreso.setVisible(si)
        self.progreso.setRange(0, 0)
        self.etapa.setText(etapa)
        self.boton_siguiente.setEnabled(not si)
        self.boton_atras.setEnabled(not si)
        self.paginas.setEnabled(not si)
        self.boton_cancelar.setText(self.tr("Detener") if si else self.tr("Cancelar"))
        if not si:
            self._enfocar()

    def _progresar(self, etapa: str, hecho: int, total: int) -> None:
        if total > 0:
            self.progreso.setRange(0, total)
            self.progreso.setValue(hecho)
        self.etapa.setText(etapa)

    def _fallo(self, e: ErrorSipros) -> None:
        self._ocupado(False)
        self.errores.setText(e.mensaje)

    # ------------------------------------------------------------------ step 1
    def _elegir_archivo(self) -> None:
        ruta = dialogos.abrir_archivo(self, self.tr("Padrón a cargar"), cargas.FILTRO_ARCHIVOS)
        if ruta:
            self.archivo.setText(ruta)

    def _plantilla(self) -> None:
        clave = self.programa.currentData()
        if not clave:
            self.errores.setText(self.tr("No hay programas de su alcance para cargar."))
            return
        ruta = dialogos.guardar_archivo(self, self.tr("Guardar la plantilla"),
                                        f"plantilla_{clave}.xlsx", "Excel (*.xlsx)")  # fmt: skip
        if not ruta:
            return
        ejecutar(lambda: cargas.plantilla(clave, ruta),
                 al_terminar=lambda r: self.etapa.setText(self.tr("Plantilla guardada en %s") % r),
                 al_fallar=self._fallo, padre=self)  # fmt: skip

    def leer(self) -> None:
        clave = self.programa.currentData()
        ruta = self.archivo.text().strip()
        if not clave:
            self.errores.setText(self.tr("No hay programas de su alcance para cargar."))
            return
        if not ruta:
            self.errores.setText(self.tr("Elija el archivo del padrón."))
            return
        self._ocupado(True, self.tr("Leyendo el archivo…"))

        def leer_archivo():
            return cargas.leer(ruta, cargas.mapeo_guardado(clave))

        self._operacion = ejecutar(leer_archivo, al_terminar=self._leido, al_fallar=self._fallo,
                                   padre=self)  # fmt: skip

    def _leido(self, lectura: cargas.Lectura) -> None:
        self._ocupado(False)
        self.lectura = lectura
        hoja = self.tr(" de la hoja «%s»") % lectura.hoja if lectura.hoja else ""
        self.info_lectura.setText(
            self.tr("«%s»: encabezados en la fila %d%s; %s filas de datos.")
            % (lectura.nombre, lectura.fila_encabezado, hoja, f"{len(lectura.filas):,}")
        )
        opciones = [NINGUNA] + [h or self.tr("(columna %d sin nombre)") % (i + 1)
                                for i, h in enumerate(lectura.encabezados)]  # fmt: skip
        for c in cargas.CAMPOS:
            combo = self.combos[c.clave]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(opciones[0], None)
            for i, texto in enumerate(opciones[1:]):
                combo.addItem(texto, i)
            i = lectura.columnas.get(c.clave)
            combo.setCurrentIndex(0 if i is None else i + 1)
            combo.blockSignals(False)
        self._ignoradas()
        faltan = lectura.faltantes()
        self._mostrar(PAG_COLUMNAS)
        if faltan:
            self.errores.setText(
                self.tr("No se reconocieron: %s. Elija su columna.")
                % ", ".join(cargas.POR_CLAVE[c].titulo for c in faltan)
            )

    # ------------------------------------------------------------------ step 2
    def _ignoradas(self) -> None:
        if self.lectura is None:
            return
        self.errores.clear()  # (what was missing may be chosen now)
        usadas = set(self.columnas_elegidas().values())
        ignoradas = [
            h for i, h in enumerate(self.lectura.encabezados) if h.strip() and i not in usadas
        ]
        self.ignoradas.setText(
            self.tr("Columnas que no se cargan: %s.") % ", ".join(f"«{h}»" for h in ignoradas)
            if ignoradas else ""
        )  # fmt: skip

    def columnas_elegidas(self) -> dict[str, int]:
        return {c: combo.currentData() for c, combo in self.combos.items()
                if combo.currentData() is not None}  # fmt: skip

    def validar(self) -> None:
        assert self.lectura is not None
        columnas = self.columnas_elegidas()
        faltan = [c.titulo for c in cargas.CAMPOS if c.obligatorio and c.clave not in columnas]
        if faltan:
            self.errores.setText(self.tr("Elija la columna de: %s.") % ", ".join(faltan))
            return
        try:
            cargas.fijar_columnas(self.lectura, columnas)
        except ErrorSipros as e:
            self.errores.setText(e.mensaje)
            return
        lectura, clave, recordar = (
            self.lectura,
            self.programa.currentData(),
            self.recordar.isChecked(),
        )
        self._ocupado(True, self.tr("Validando…"))

        def trabajo(avisar):
            if recordar:
                cargas.guardar_mapeo(clave, lectura, lectura.columnas)
            return cargas.validar(lectura, clave, progreso=avisar)

        self._operacion = ejecutar(trabajo, al_terminar=self._validado, al_fallar=self._fallo,
                                   al_progresar=self._progresar, padre=self)  # fmt: skip

    def _validado(self, r: cargas.Resultado) -> None:
        self._ocupado(False)
        self.resultado = r
        valores = {
            "filas": f"{r.filas:,}", "validas": f"{r.validas:,}",
            "con_error": f"{r.filas_con_error:,}", "beneficios": f"{r.beneficios:,}",
            "nuevos": f"{r.ciudadanos_nuevos:,}", "vinculadas": f"{r.vinculadas:,}",
            "revision": f"{r.a_revision:,}", "monto": pesos(r.monto),
        }  # fmt: skip
        for clave, texto in valores.items():
            self.cifras[clave].setText(texto)
        self.cifras["con_error"].setStyleSheet(
            "font-size: 15pt; font-weight: bold;" + (" color: #b00020;" if r.errores else "")
        )
        self.aviso_repetido.setText(r.ya_cargada or "")
        self.modelo_errores.poner(r.errores)
        self.titulo_errores.setText(
            self.tr("Problemas encontrados (%s), cada uno con su fila como la muestra la hoja:")
            % f"{len(r.errores):,}"
            if r.errores else self.tr("Ninguna fila tiene problemas.")
        )  # fmt: skip
        self.boton_observaciones.setEnabled(bool(r.errores))
        self._mostrar(PAG_VISTA)
        if r.validas == 0:
            self.errores.setText(self.tr("No hay filas válidas que aplicar."))
        else:
            self.boton_siguiente.setText(self.tr("Aplicar %s filas válidas") % f"{r.validas:,}")

    def _observaciones(self) -> None:
        if self.lectura is None or self.resultado is None:
            return
        sugerido = self.lectura.ruta.stem + "_observaciones.xlsx"
        ruta = dialogos.guardar_archivo(self, self.tr("Guardar las filas con problemas"),
                                        sugerido, "Excel (*.xlsx)")  # fmt: skip
        if not ruta:
            return
        lectura, resultado = self.lectura, self.resultado
        ejecutar(lambda: cargas.escribir_errores(lectura, resultado, ruta),
                 al_terminar=lambda r: self.etapa.setText(self.tr("Observaciones en %s") % r),
                 al_fallar=self._fallo, padre=self)  # fmt: skip

    # ------------------------------------------------------------------ step 3
    def aplicar(self) -> None:
        assert self.lectura is not None and self.resultado is not None
        r = self.resultado
        if r.errores and not dialogos.confirmar(
            self,
            self.tr("%s filas tienen problemas y no se cargarán. ¿Aplicar las %s filas válidas?")
            % (f"{r.filas_con_error:,}", f"{r.validas:,}"),
        ):
            return
        lectura, clave = self.lectura, self.programa.currentData()
        self._ocupado(True, self.tr("Aplicando…"))
        self._operacion = ejecutar(
            lambda avisar: cargas.aplicar(lectura, clave, progreso=avisar),
            al_terminar=self._aplicado, al_fallar=self._fallo, al_progresar=self._progresar,
            padre=self,
        )  # fmt: skip

    def _aplicado(self, r: cargas.Resultado) -> None:
        self._ocupado(False)
        self.resultado = r
        if not r.aplicada:
            self.errores.setText(
                self.tr(
                    "No se aplicó nada: ya no hay filas válidas (¿otra persona cargó estos "
                    "apoyos mientras tanto?)."
                )
            )
            return
        partes = [
            self.tr("Carga %d aplicada.") % r.carga_id,
            self.tr("%s beneficios nuevos en el Padrón (%s).")
            % (f"{r.beneficios:,}", pesos(r.monto)),
            self.tr("%s expedientes nuevos.") % f"{r.ciudadanos_nuevos:,}",
        ]
        if r.a_revision:
            partes.append(
                self.tr(
                    "%s filas esperan en Duplicados: su persona ya está registrada con otra CURP."
                )
                % f"{r.a_revision:,}"
            )
        if r.filas_con_error:
            partes.append(
                self.tr("%s filas con problemas no se cargaron.") % f"{r.filas_con_error:,}"
            )
        self.mensaje_final.setText("\n".join(partes))
        self._mostrar(PAG_RESULTADO)
        self.aplicada.emit(r)
