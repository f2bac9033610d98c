"""The duplicate review: the pending pairs (from loads, from captures saved anyway, from the
registry-wide search), both sides compared, and the decision — different people, or the same
person (a merge for two files; for a roll row, its benefit goes to the registered file)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import ciudadanos, duplicados
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.formato import fecha, fecha_hora, pesos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import Operacion, ejecutar
from sipros_desktop.vistas.comun.paginado import ajustar_columnas, celda
from sipros_desktop.vistas.comun.tamano import tamano_comodo

COLUMNAS = ("Origen", "Parecido", "Nombre", "CURP", "Nombre (otro)", "CURP (otra)", "Nacimiento",
            "Desde")  # fmt: skip


def _etiqueta(texto: str | None) -> QLabel:
    lbl = QLabel(texto or "—")
    lbl.setTextFormat(Qt.TextFormat.PlainText)
    lbl.setWordWrap(True)
    lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lbl


class Lado(QGroupBox):
    """One side of the comparison: a file (data, address, Registro Civil, applications,
    benefits) or the roll row a load held."""

    def __init__(self, nombre: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(nombre)
        self.forma = QFormLayout()
        self.solicitudes = QTableWidget(0, 3)
        self.solicitudes.setHorizontalHeaderLabels([self.tr("Folio"), self.tr("Programa"),
                                                    self.tr("Estado")])  # fmt: skip
        self.beneficios = QTableWidget(0, 4)
        self.beneficios.setHorizontalHeaderLabels(
            [self.tr("Entrega"), self.tr("Programa"), self.tr("Monto"), self.tr("Origen")]
        )
        for t in (self.solicitudes, self.beneficios):
            t.verticalHeader().hide()
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.setMaximumHeight(130)
        ajustar_columnas(self.solicitudes, {0, 2}, {1})
        ajustar_columnas(self.beneficios, {0, 2, 3}, {1})
        self.titulo_sol = QLabel(self.tr("Solicitudes"))
        self.titulo_ben = QLabel(self.tr("Beneficios"))
        capa = QVBoxLayout(self)
        capa.addLayout(self.forma)
        capa.addWidget(self.titulo_sol)
        capa.addWidget(self.solicitudes)
        capa.addWidget(self.titulo_ben)
        capa.addWidget(self.beneficios)

    def _limpiar(self) -> None:
        while self.forma.rowCount():
            self.forma.removeRow(0)
        self.solicitudes.setRowCount(0)
        self.beneficios.setRowCount(0)

    def mostrar_ficha(self, titulo: str, f: ciudadanos.FichaCiudadano | None) -> None:
        self._limpiar()
        self.setTitle(titulo)
        if f is None:
            # (only state-wide administrators review: a file they cannot read is gone)
            self.forma.addRow(
                _etiqueta(
                    self.tr(
                        "Este expediente ya no existe: se fusionó con otro (vea «Fusiones "
                        "hechas…») o lo quitó la reversión de la carga que lo abrió."
                    )
                )
            )
            self.titulo_sol.hide()
            self.solicitudes.hide()
            self.titulo_ben.hide()
            self.beneficios.hide()
            return
        self.titulo_ben.show()
        self.beneficios.show()
        dom = f.domicilio or {}
        domicilio = ", ".join(v for v in (dom.get("Calle"), dom.get("Número exterior"),
                                          dom.get("Colonia"), dom.get("Localidad"),
                                          dom.get("Municipio")) if v)  # fmt: skip
        rc = f.verificacion.texto if f.verificacion is not None else None
        for etiqueta, valor in (
            (self.tr("CURP:"), f.curp), (self.tr("Nombre:"), f.nombre_completo),
            (self.tr("Nacimiento:"), fecha(f.fecha_nacimiento)), (self.tr("Sexo:"), f.sexo_texto),
            (self.tr("Entidad:"), f.entidad_texto), (self.tr("Teléfono:"), f.telefono),
            (self.tr("Domicilio:"), domicilio), (self.tr("Registro Civil:"), rc),
            (self.tr("Registrado:"), fecha_hora(f.creado)),
        ):  # fmt: skip
            self.forma.addRow(etiqueta, _etiqueta(valor))
        self.titulo_sol.show()
        self.solicitudes.show()
        self.solicitudes.setRowCount(len(f.solicitudes))
        for i, s in enumerate(f.solicitudes):
            for j, v in enumerate((s.folio, s.programa, s.estado)):
                self.solicitudes.setItem(i, j, celda(v))
        self.beneficios.setRowCount(len(f.beneficios))
        for i, b in enumerate(f.beneficios):
            for j, v in enumerate((fecha(b.fecha_entrega), b.programa, pesos(b.monto), b.origen)):
                self.beneficios.setItem(i, j, celda(v))

    def mostrar_fila(self, fila: duplicados.FilaCarga) -> None:
        self._limpiar()
        self.setTitle(
            self.tr("Fila %d de la carga %d («%s»)") % (fila.fila, fila.carga_id, fila.archivo)
        )
        for etiqueta, valor in (
            (self.tr("CURP:"), fila.curp), (self.tr("Nombre:"), fila.nombre_completo),
            (self.tr("Nacimiento:"), fecha(fila.fecha_nacimiento)), (self.tr("Sexo:"), fila.sexo),
            (self.tr("Teléfono:"), fila.telefono), (self.tr("Municipio:"), fila.municipio),
            (self.tr("Programa:"), fila.programa), (self.tr("Apoyo:"), fila.tipo_apoyo),
            (self.tr("Monto:"), pesos(fila.monto)),
            (self.tr("Entrega:"), fecha(fila.fecha_entrega)),
        ):  # fmt: skip
            self.forma.addRow(etiqueta, _etiqueta(valor))
        self.titulo_sol.hide()
        self.solicitudes.hide()
        self.titulo_ben.setText(self.tr("Beneficios"))


class PanelDuplicados(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pares: list[duplicados.Par] = []
        self.comparacion: duplicados.Comparacion | None = None
        self.origen = QComboBox()
        self.origen.setObjectName("origenDuplicados")
        self.origen.addItem(self.tr("Todos los orígenes"), None)
        for o in duplicados.ORIGENES:
            self.origen.addItem(o, o)
        self.origen.currentIndexChanged.connect(lambda _i: self.recargar())
        self.boton_buscar = QPushButton(self.tr("Buscar duplicados en todo el registro"))
        self.boton_buscar.setObjectName("botonBuscarDuplicados")
        self.boton_buscar.clicked.connect(self.buscar)
        self.progreso = QProgressBar()
        self.progreso.setMaximumWidth(200)
        self.progreso.hide()
        self._busqueda: Operacion | None = None
        self.cuenta = etiqueta_estado("cuentaDuplicados")
        arriba = QHBoxLayout()
        arriba.addWidget(QLabel(self.tr("Pendientes:")))
        arriba.addWidget(self.origen)
        arriba.addWidget(self.cuenta, 1)
        arriba.addWidget(self.progreso)
        arriba.addWidget(self.boton_buscar)
        self.boton_fusiones = QPushButton(self.tr("Fusiones hechas…"))
        self.boton_fusiones.setObjectName("botonFusiones")
        self.boton_fusiones.clicked.connect(self.ver_fusiones)
        arriba.addWidget(self.boton_fusiones)

        self.tabla = QTableWidget(0, len(COLUMNAS))
        self.tabla.setObjectName("tablaDuplicados")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS])
        self.tabla.verticalHeader().hide()
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.itemSelectionChanged.connect(self._elegido)
        ajustar_columnas(self.tabla, {0, 1, 3, 5, 6, 7}, {2, 4})

        self.lado_a = Lado("ladoA")
        self.lado_b = Lado("ladoB")
        lados = QWidget()
        cl = QHBoxLayout(lados)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.lado_a, 1)
        cl.addWidget(self.lado_b, 1)
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(lados)
        # what is true when no pair is compared: none selected, none left, or just decided
        self.aviso = QLabel()
        self.aviso.setObjectName("avisoDuplicados")
        self.aviso.setTextFormat(Qt.TextFormat.PlainText)
        self.aviso.setWordWrap(True)
        self.aviso.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.aviso.setStyleSheet("font-size: 12pt; color: #555555;")
        self.comparador = QStackedWidget()
        self.comparador.addWidget(desplazable)
        self.comparador.addWidget(self.aviso)
        self.parecido = etiqueta_estado("parecidoDuplicado")
        self.comentario = QLineEdit()
        self.comentario.setObjectName("comentarioDuplicado")
        self.comentario.setMaxLength(500)
        self.comentario.setPlaceholderText(
            self.tr("Comentario (opcional): en qué se basa la decisión")
        )
        self.boton_distintas = QPushButton(self.tr("Son personas distintas"))
        self.boton_distintas.setObjectName("botonDistintas")
        self.boton_distintas.clicked.connect(lambda: self.decidir("Personas distintas"))
        self.boton_conservar_a = QPushButton(self.tr("Misma persona: conservar la izquierda"))
        self.boton_conservar_a.setObjectName("botonConservarA")
        self.boton_conservar_a.clicked.connect(lambda: self.decidir("Misma persona", "a"))
        self.boton_conservar_b = QPushButton(self.tr("Misma persona: conservar la derecha"))
        self.boton_conservar_b.setObjectName("botonConservarB")
        self.boton_conservar_b.clicked.connect(lambda: self.decidir("Misma persona", "b"))
        decision = QHBoxLayout()
        decision.addWidget(self.comentario, 1)
        decision.addWidget(self.boton_distintas)
        decision.addWidget(self.boton_conservar_a)
        decision.addWidget(self.boton_conservar_b)
        abajo = QWidget()
        ca = QVBoxLayout(abajo)
        ca.setContentsMargins(0, 0, 0, 0)
        ca.addWidget(self.parecido)
        ca.addWidget(self.comparador, 1)
        ca.addLayout(decision)
        divisor = QSplitter(Qt.Orientation.Vertical)
        divisor.addWidget(self.tabla)
        divisor.addWidget(abajo)
        divisor.setStretchFactor(0, 1)
        divisor.setStretchFactor(1, 3)
        self.estado = etiqueta_estado("estadoDuplicados")
        self.errores = etiqueta_error("erroresDuplicados")
        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(divisor, 1)
        capa.addWidget(self.errores)
        capa.addWidget(self.estado)
        self._decidido = ""  # what the last decision was, until another pair is picked
        self._avisar(self.tr("Elija un par de la lista para comparar sus dos lados."))
        self._iniciado = False

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        if not self._iniciado:
            self._iniciado = True
            self.recargar()

    # ------------------------------------------------------------------ data
    def recargar(self, *, elegir_primero: bool = True) -> None:
        """Read the pending pairs again. The selection is cleared (a row number may now be
        another pair); the first pair is compared unless ``elegir_primero`` is False (after a
        decision the panel says what was decided until the user picks the next one)."""
        origen = self.origen.currentData()

        def listo(pares: list[duplicados.Par]) -> None:
            self.tabla.blockSignals(True)
            self.tabla.clearSelection()
            self.pares = pares
            self.tabla.blockSignals(False)
            self.tabla.setRowCount(len(pares))
            for i, p in enumerate(pares):
                valores = (p.origen, f"{p.similitud:.0%}" if p.similitud is not None else "",
                           p.nombre_a, p.curp_a, p.nombre_b, p.curp_b, fecha(p.nacimiento),
                           fecha(p.creado))  # fmt: skip
                for j, v in enumerate(valores):
                    self.tabla.setItem(i, j, celda(v))
            n = len(pares)
            self.cuenta.setText(
                self.tr("No hay pares por revisar.") if n == 0
                else self.tr("1 par por revisar.") if n == 1
                else self.tr("%s pares por revisar.") % f"{n:,}"
            )  # fmt: skip
            if pares and elegir_primero:
                self.tabla.selectRow(0)
            else:
                self._elegido()

        ejecutar(lambda: duplicados.pares(origen=origen), al_terminar=listo, padre=self)

    def _par(self) -> duplicados.Par | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.pares[filas[0].row()] if filas and self.pares else None

    def _avisar(self, texto: str) -> None:
        """No pair compared: say why instead of the two sides."""
        self.comparacion = None
        self.parecido.clear()
        self.aviso.setText(texto)
        self.comparador.setCurrentWidget(self.aviso)
        self._habilitar()

    def _elegido(self) -> None:
        self.errores.clear()
        par = self._par()
        if par is None:
            if self._decidido:
                self._avisar(self._decidido)
            elif not self.pares:
                self._avisar(self.tr("No hay pares por revisar."))
            else:
                self._avisar(self.tr("Elija un par de la lista para comparar sus dos lados."))
            return
        self._decidido = ""
        self._avisar(self.tr("Leyendo los dos lados del par…"))

        def listo(c: duplicados.Comparacion) -> None:
            if self._par() is not par:
                return
            if c.par.estado != "Pendiente":  # decided meanwhile (by someone else)
                self._avisar(
                    self.tr("Este par ya se decidió: «%s», el %s por %s.")
                    % (c.par.estado, fecha_hora(c.par.decidido), c.par.decidido_por)
                )
                return
            self.comparacion = c
            self.comparador.setCurrentIndex(0)
            self.lado_a.mostrar_ficha(self.tr("Expediente registrado") if c.fila else
                                      self.tr("Expediente de la izquierda"), c.a)  # fmt: skip
            if c.fila is not None:
                self.lado_b.mostrar_fila(c.fila)
                self.boton_conservar_a.setText(self.tr("Misma persona: el apoyo va al expediente"))
            else:
                self.lado_b.mostrar_ficha(self.tr("Expediente de la derecha"), c.b)
                self.boton_conservar_a.setText(self.tr("Misma persona: conservar la izquierda"))
            self.parecido.setText(
                self.tr("Origen: %s. Parecido de los nombres: %s (mismo nacimiento y sexo).")
                % (par.origen, f"{c.similitud:.0%}")
            )
            self._habilitar()

        ejecutar(lambda: duplicados.comparar(par.id), al_terminar=listo,
                 al_fallar=lambda e: self.errores.setText(e.mensaje), padre=self)  # fmt: skip

    def _habilitar(self) -> None:
        c = self.comparacion
        listo = c is not None
        self.boton_distintas.setEnabled(listo)
        self.boton_conservar_a.setEnabled(listo and c.a is not None)
        self.boton_conservar_b.setVisible(not (listo and c.fila is not None))
        self.boton_conservar_b.setEnabled(listo and c.b is not None)

    # ------------------------------------------------------------------ actions
    def decidir(self, decision: str, conservar: str | None = None) -> None:
        c = self.comparacion
        if c is None:
            return
        conserva = None
        if decision == "Misma persona" and c.fila is None:
            quedan, se_van = (c.a, c.b) if conservar == "a" else (c.b, c.a)
            if quedan is None or se_van is None:
                return
            conserva = quedan.id
            pregunta = self.tr(
                "Se fusionará el expediente %s (%s) en el de %s (%s): sus solicitudes, beneficios, "
                "documentos y cuestionarios pasan al que se conserva, y la CURP %s queda como otro "
                "nombre de ese expediente. Se puede deshacer en «Fusiones hechas…». ¿Fusionar?"
            ) % (
                se_van.curp,
                se_van.nombre_completo,
                quedan.nombre_completo,
                quedan.curp,
                se_van.curp,
            )
            if not dialogos.confirmar(self, pregunta):
                return
        par_id, comentario = c.par.id, self.comentario.text()
        for b in (self.boton_distintas, self.boton_conservar_a, self.boton_conservar_b):
            b.setEnabled(False)

        def listo(d: duplicados.Decision) -> None:
            self.comentario.clear()
            if d.decision == "Personas distintas":
                texto = self.tr("Par decidido: son personas distintas; no volverá a la revisión.")
            elif d.detalle.get("curp_alias"):
                texto = self.tr(
                    "Par decidido: fusionados. %s solicitudes y %s beneficios pasaron a %s; %s "
                    "queda como su otra CURP. Se puede deshacer en «Fusiones hechas…»."
                ) % (
                    d.detalle.get("solicitudes", 0),
                    d.detalle.get("beneficios", 0),
                    d.detalle.get("conservado", ""),
                    d.detalle["curp_alias"],
                )
            else:
                texto = self.tr(
                    "Par decidido: misma persona; el apoyo quedó en el expediente registrado."
                )
            self.estado.setText(texto)
            self._decidido = texto + " " + self.tr("Elija el siguiente par de la lista.")
            self._avisar(self._decidido)
            self.recargar(elegir_primero=False)

        def fallo(e: ErrorSipros) -> None:
            self._habilitar()
            self.errores.setText(e.mensaje)

        ejecutar(lambda: duplicados.decidir(par_id, decision, conserva, comentario),
                 al_terminar=listo, al_fallar=fallo, padre=self)  # fmt: skip

    def ver_fusiones(self) -> None:
        dialogo = DialogoFusiones(self)
        dialogo.separada.connect(lambda _r: self.recargar())
        dialogo.open()

    def buscar(self) -> None:
        self.boton_buscar.setEnabled(False)
        self.progreso.show()
        self.progreso.setRange(0, 0)

        def progresar(etapa: str, hecho: int, total: int) -> None:
            self.estado.setText(etapa + "…")
            if total:
                self.progreso.setRange(0, total)
                self.progreso.setValue(hecho)

        def listo(r: duplicados.Busqueda) -> None:
            self.boton_buscar.setEnabled(True)
            self.progreso.hide()
            self.estado.setText(
                self.tr(
                    "%s expedientes comparados (%s pares con el mismo nacimiento y sexo): %s "
                    "pares parecidos, %s nuevos en la revisión."
                )
                % (f"{r.ciudadanos:,}", f"{r.comparados:,}", f"{r.pares:,}", f"{r.nuevos:,}")
            )
            self.recargar()

        def fallo(e: ErrorSipros) -> None:
            self.boton_buscar.setEnabled(True)
            self.progreso.hide()
            self.errores.setText(e.mensaje)

        self._busqueda = ejecutar(lambda avisar: duplicados.buscar(avisar), al_terminar=listo,
                                  al_fallar=fallo, al_progresar=progresar, padre=self)  # fmt: skip


COLUMNAS_FUSION = ("Par", "CURP fusionada", "Nombre", "Quedó en", "Fusionada", "Por", "Deshecha")


class DialogoFusiones(QDialog):
    """The merges made from the review, newest first; a merge still in force can be undone
    (both files as they were, the pair back to the review) with a reason."""

    separada = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoFusiones")
        self.setWindowTitle(self.tr("Fusiones hechas"))
        self.fusiones: list[duplicados.Fusion] = []
        self.tabla = QTableWidget(0, len(COLUMNAS_FUSION))
        self.tabla.setObjectName("tablaFusiones")
        self.tabla.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNAS_FUSION])
        self.tabla.verticalHeader().hide()
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.itemSelectionChanged.connect(self._habilitar)
        ajustar_columnas(self.tabla, {0, 1, 3, 4, 5}, {2, 6})
        self.estado = etiqueta_estado("estadoFusiones")
        self.errores = etiqueta_error("erroresFusiones")
        botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        botones.rejected.connect(self.reject)
        self.boton_separar = botones.addButton(
            self.tr("Deshacer fusión…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.boton_separar.setObjectName("botonSeparar")
        self.boton_separar.clicked.connect(self.separar)
        capa = QVBoxLayout(self)
        capa.addWidget(
            _etiqueta(
                self.tr(
                    "Deshacer una fusión devuelve el expediente fusionado con su CURP, sus "
                    "solicitudes, beneficios, documentos y cuestionarios; lo registrado después "
                    "de la fusión se queda en el expediente que se conservó, y el par vuelve a "
                    "la revisión."
                )
            )
        )
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.errores)
        capa.addWidget(self.estado)
        capa.addWidget(botones)
        tamano_comodo(self, 980, 460)
        self._habilitar()
        self.recargar()

    def recargar(self) -> None:
        def listo(lista: list[duplicados.Fusion]) -> None:
            self.fusiones = lista
            self.tabla.setRowCount(len(lista))
            for i, f in enumerate(lista):
                deshecha = (
                    f"{fecha_hora(f.separado)} — {f.separado_por}: {f.motivo or ''}"
                    if f.separado
                    else ""
                )
                valores = (str(f.revision_id), f.curp_absorbida, f.nombre_absorbido,
                           f.curp_conservada or "—", fecha_hora(f.fusionado), f.fusionado_por,
                           deshecha)  # fmt: skip
                for j, v in enumerate(valores):
                    self.tabla.setItem(i, j, celda(v))
            if not lista:
                self.estado.setText(self.tr("No hay fusiones."))
            self._habilitar()

        def fallo(e: ErrorSipros) -> None:
            self.errores.setText(e.mensaje)

        ejecutar(duplicados.fusiones, al_terminar=listo, al_fallar=fallo, padre=self)

    def _elegida(self) -> duplicados.Fusion | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.fusiones[filas[0].row()] if filas and self.fusiones else None

    def _habilitar(self) -> None:
        f = self._elegida()
        self.boton_separar.setEnabled(f is not None and f.separado is None)

    def separar(self) -> None:
        f = self._elegida()
        if f is None or f.separado is not None:
            return
        motivo, ok = QInputDialog.getText(
            self, self.tr("Deshacer la fusión"),
            self.tr("El expediente %s (%s) volverá a existir aparte de %s.\n"
                    "Motivo (queda registrado):") % (f.curp_absorbida, f.nombre_absorbido,
                                                     f.curp_conservada or "—"),
        )  # fmt: skip
        if not ok:
            return
        self.errores.clear()
        self.boton_separar.setEnabled(False)

        def listo(r: duplicados.Separacion) -> None:
            self.estado.setText(
                self.tr(
                    "Fusión deshecha: %s volvió con %s solicitudes, %s beneficios y %s "
                    "documentos; el par está otra vez en la revisión."
                )
                % (r.curp, r.solicitudes, r.beneficios, r.documentos)
            )
            self.separada.emit(r)
            self.recargar()

        def fallo(e: ErrorSipros) -> None:
            self._habilitar()
            self.errores.setText(e.mensaje)

        ejecutar(lambda: duplicados.separar(f.revision_id, motivo), al_terminar=listo,
                 al_fallar=fallo, padre=self)  # fmt: skip
