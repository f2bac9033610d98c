"""Administración → Mensajes: the SMS outbox (filters by state, event and date; failed messages
with the provider's reason; retry and cancel), the template of each event with a preview and
its count of SMS parts, and a test message for the provider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import seguridad, sms
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.editor_sms import EditorSms
from sipros_desktop.vistas.comun.filtros import combo_filtro, periodo
from sipros_desktop.vistas.comun.formato import fecha_hora
from sipros_desktop.vistas.comun.mensajes import (
    COLOR_ERROR,
    decir,
    etiqueta_error,
    etiqueta_estado,
)
from sipros_desktop.vistas.comun.operacion import ejecutar
from sipros_desktop.vistas.comun.paginado import ModeloPaginado

_COLORES = {"Fallido": COLOR_ERROR, "Incierto": "#9a6700", "Cancelado": "#666666"}


class ModeloMensajes(ModeloPaginado):
    encabezados = ("Creado", "Aviso", "Teléfono", "Folio", "Estado", "Intentos", "Texto")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, tam_pagina=sms.TAM_PAGINA)
        self.filtro = sms.FiltroMensajes()

    def lector(self) -> Callable[[tuple | None, int], Any]:
        f = self.filtro
        return lambda despues, tam: sms.pagina_mensajes(f, despues, tam)

    def contador(self) -> Callable[[], Any] | None:
        f = self.filtro
        return lambda: sms.contar_mensajes(f)

    def texto(self, m: sms.Mensaje, columna: int) -> str:
        return (
            fecha_hora(m.creado), m.evento_texto, m.telefono, m.folio or "", m.estado,
            str(m.intentos), m.texto,
        )[columna]  # fmt: skip

    def dato(self, m: sms.Mensaje, columna: int, rol: int) -> Any:
        if rol == Qt.ItemDataRole.ForegroundRole and columna == 4 and m.estado in _COLORES:
            from PySide6.QtGui import QColor

            return QColor(_COLORES[m.estado])
        return None


class Bandeja(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estado = combo_filtro("estadoMensajes", self.tr("Todos los estados"),
                                   [(e, e) for e in sms.ESTADOS], 12)  # fmt: skip
        self.evento = combo_filtro("eventoMensajes", self.tr("Todos los avisos"),
                                   list(sms.EVENTOS.items()), 18)  # fmt: skip
        self.con_periodo, self.desde, self.hasta = periodo(self.tr("Creados entre"))
        self.boton_actualizar = QPushButton(self.tr("&Actualizar"))
        self.boton_actualizar.clicked.connect(self.recargar)
        for w in (self.estado, self.evento):
            w.currentIndexChanged.connect(self.recargar)
        self.con_periodo.toggled.connect(self.recargar)
        self.desde.dateChanged.connect(self.recargar)
        self.hasta.dateChanged.connect(self.recargar)
        filtros = QHBoxLayout()
        for w in (self.estado, self.evento, self.con_periodo, self.desde, QLabel("—"), self.hasta):
            filtros.addWidget(w)
        filtros.addStretch(1)
        filtros.addWidget(self.boton_actualizar)

        self.cuenta = QLabel()
        self.cuenta.setObjectName("cuentaMensajes")
        self.cuenta.setWordWrap(True)
        self.modelo = ModeloMensajes(self)
        self.tabla = QTableView()
        self.tabla.setObjectName("tablaMensajes")
        self.tabla.setModel(self.modelo)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tabla.verticalHeader().setVisible(False)
        self.tabla.setWordWrap(False)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setStretchLastSection(True)
        medida = self.tabla.fontMetrics().horizontalAdvance
        muestras = ("29/11/2026 22:22", "Comprobante emitido", "+524421234567",
                    "29/11/2026-TARUN-00037", "Cancelado", "Intentos")  # fmt: skip
        for col, muestra in enumerate(muestras):
            self.tabla.setColumnWidth(col, medida(muestra) + 24)
        self.tabla.selectionModel().selectionChanged.connect(self._detalle)
        self.detalle = QPlainTextEdit()
        self.detalle.setObjectName("detalleMensaje")
        self.detalle.setReadOnly(True)
        self.detalle.setMaximumHeight(96)
        self.detalle.setPlaceholderText(self.tr("Elija un mensaje para ver su texto completo y la "
                                                "respuesta del proveedor."))  # fmt: skip
        self.modelo.total_cambio.connect(self._contado)
        self.modelo.fallo.connect(lambda m: self.errores.setText(m))
        self.boton_reintentar = QPushButton(self.tr("&Reintentar"))
        self.boton_reintentar.setObjectName("reintentarMensajes")
        self.boton_reintentar.setToolTip(
            self.tr("Vuelve a la bandeja los mensajes fallidos, inciertos o cancelados elegidos")
        )
        self.boton_cancelar = QPushButton(self.tr("&Cancelar envío"))
        self.boton_cancelar.setObjectName("cancelarMensajes")
        self.boton_reintentar.clicked.connect(lambda: self._accion(sms.reintentar, "reintentar"))
        self.boton_cancelar.clicked.connect(lambda: self._accion(sms.cancelar, "cancelar"))
        self.errores = etiqueta_error("erroresMensajes")
        self.ayuda = QLabel(
            self.tr(
                "«Incierto»: el proveedor pudo haberlo recibido pero no respondió; revise con el "
                "proveedor antes de reintentarlo. Los mensajes los envía el despachador "
                "(sipros-desktop sms despachar)."
            )
        )
        self.ayuda.setWordWrap(True)
        botones = QHBoxLayout()
        botones.addWidget(self.errores, 1)
        botones.addWidget(self.boton_reintentar)
        botones.addWidget(self.boton_cancelar)
        capa = QVBoxLayout(self)
        capa.addLayout(filtros)
        capa.addWidget(self.cuenta)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.detalle)
        capa.addWidget(self.ayuda)
        capa.addLayout(botones)

    def filtro(self) -> sms.FiltroMensajes:
        periodo_ = self.con_periodo.isChecked()
        return sms.FiltroMensajes(
            estado=self.estado.currentData(),
            evento=self.evento.currentData(),
            desde=self.desde.date().toPython() if periodo_ else None,
            hasta=self.hasta.date().toPython() if periodo_ else None,
        )

    def recargar(self) -> None:
        self.errores.clear()
        try:
            f = self.filtro()
            f.condiciones()
        except ErrorSipros as e:
            self.errores.setText(e.mensaje)
            return
        self.modelo.filtro = f
        self.modelo.recargar()

    def _contado(self, cuentas: dict[str, int] | None) -> None:
        if cuentas is None:
            self.cuenta.setText(self.tr("Contando…"))
            return
        partes = [f"{e}: {cuentas[e]:,}" for e in sms.ESTADOS if cuentas.get(e)]
        self.cuenta.setText(" · ".join(partes) if partes else self.tr("No hay mensajes."))

    def _detalle(self) -> None:
        filas = sorted({i.row() for i in self.tabla.selectionModel().selectedRows()})
        if not filas:
            self.detalle.clear()
            return
        m = self.modelo.fila(filas[0])
        quien = " · ".join(x for x in (m.curp, m.folio) if x)
        lineas = [
            f"Mensaje {m.id} · {m.evento_texto} · {m.telefono}" + (f" · {quien}" if quien else ""),
            f"{m.estado} · {m.intentos} intentos · creado {fecha_hora(m.creado)} por "
            f"{m.creado_por}" + (f" · enviado {fecha_hora(m.enviado)}" if m.enviado else ""),
            m.texto,
        ]
        if m.respuesta:
            lineas.append(f"Respuesta del proveedor: {m.respuesta}")
        self.detalle.setPlainText("\n".join(lineas))

    def elegidos(self) -> list[int]:
        filas = {i.row() for i in self.tabla.selectionModel().selectedRows()}
        return [self.modelo.fila(r).id for r in sorted(filas)]

    def _accion(self, funcion: Callable[[list[int]], int], verbo: str) -> None:
        ids = self.elegidos()
        if not ids:
            self.errores.setText(self.tr("Elija los mensajes que quiere %s.") % verbo)
            return
        if verbo == "cancelar" and not dialogos.confirmar(
            self, self.tr("¿Cancelar el envío de %d mensajes? No saldrán.") % len(ids)
        ):
            return
        ejecutar(
            lambda: funcion(ids),
            al_terminar=lambda n: self._hecho(n, verbo),
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _hecho(self, n: int, verbo: str) -> None:
        hecho = {"reintentar": self.tr("reintentados"), "cancelar": self.tr("cancelados")}[verbo]
        self.errores.clear()
        self.recargar()
        self.cuenta.setText(self.tr("%d mensajes %s.") % (n, hecho))


class Plantillas(QWidget):
    """One template per event: text with placeholders, on/off, accents stripped from the data,
    a preview with sample values and the count of SMS parts of that preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plantillas: list[sms.Plantilla] = []
        self.lista = QListWidget()
        self.lista.setObjectName("listaPlantillas")
        self.lista.currentRowChanged.connect(self._elegir)
        self.titulo = QLabel()
        self.titulo.setObjectName("tituloPlantilla")
        self.variables = QLabel()
        self.variables.setObjectName("variablesPlantilla")
        self.variables.setWordWrap(True)
        self.editor = EditorSms("textoPlantilla")
        self.editor.cambiado.connect(self._programar_previa)
        self.activa = QCheckBox(self.tr("Enviar este aviso"))
        self.activa.setObjectName("plantillaActiva")
        self.sin_acentos = QCheckBox(
            self.tr("Quitar también los acentos de los datos (nombre, programa, lugar…)")
        )
        self.sin_acentos.setObjectName("plantillaSinAcentos")
        self.sin_acentos.toggled.connect(self._programar_previa)
        self.previa = QLabel()
        self.previa.setObjectName("previaPlantilla")
        self.previa.setWordWrap(True)
        self.previa.setTextFormat(Qt.TextFormat.PlainText)
        self.previa.setFrameShape(QLabel.Shape.StyledPanel)
        self.previa.setMargin(6)
        self.partes_previa = QLabel()
        self.partes_previa.setObjectName("partesPrevia")
        self.partes_previa.setWordWrap(True)
        self.actualizada = etiqueta_estado("plantillaActualizada")
        self.errores = etiqueta_error("erroresPlantilla")
        self.boton_guardar = QPushButton(self.tr("&Guardar plantilla"))
        self.boton_guardar.setObjectName("guardarPlantilla")
        self.boton_guardar.clicked.connect(self.guardar)
        derecha = QWidget()
        cd = QVBoxLayout(derecha)
        cd.addWidget(self.titulo)
        cd.addWidget(self.variables)
        cd.addWidget(self.editor, 1)
        cd.addWidget(self.activa)
        cd.addWidget(self.sin_acentos)
        cd.addWidget(QLabel(self.tr("Vista previa con datos de ejemplo:")))
        cd.addWidget(self.previa)
        cd.addWidget(self.partes_previa)
        cd.addWidget(self.errores)
        fila = QHBoxLayout()
        fila.addWidget(self.actualizada, 1)
        fila.addWidget(self.boton_guardar)
        cd.addLayout(fila)
        div = QSplitter(Qt.Orientation.Horizontal)
        div.addWidget(self.lista)
        div.addWidget(derecha)
        div.setStretchFactor(1, 1)
        div.setSizes([230, 850])
        div.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(div)
        self.reloj = QTimer(self)
        self.reloj.setSingleShot(True)
        self.reloj.setInterval(250)
        self.reloj.timeout.connect(self._previa)
        self.cargadas = False

    def cargar(self) -> None:
        ejecutar(sms.plantillas, al_terminar=self._cargadas, padre=self)

    def _cargadas(self, plantillas: list[sms.Plantilla]) -> None:
        actual = max(0, self.lista.currentRow())
        self.plantillas = plantillas
        self.lista.blockSignals(True)
        self.lista.clear()
        for p in plantillas:
            item = QListWidgetItem(p.nombre + ("" if p.activa else self.tr(" (apagado)")))
            self.lista.addItem(item)
        self.lista.blockSignals(False)
        self.cargadas = True
        if plantillas:
            self.lista.setCurrentRow(min(actual, len(plantillas) - 1))
            self._elegir(self.lista.currentRow())

    def _elegir(self, fila: int) -> None:
        if not 0 <= fila < len(self.plantillas):
            return
        p = self.plantillas[fila]
        self.titulo.setText(p.nombre)
        self.variables.setText(
            self.tr("Puede usar: %s") % ", ".join("{" + v + "}" for v in p.variables)
        )
        self.editor.poner(p.texto)
        self.activa.setChecked(p.activa)
        self.sin_acentos.setChecked(p.sin_acentos)
        self.actualizada.setText(
            self.tr("Último cambio: %s por %s") % (fecha_hora(p.actualizado), p.actualizado_por)
        )
        self.errores.clear()
        self._previa()

    def _programar_previa(self) -> None:
        self.reloj.start()

    def _previa(self) -> None:
        texto, sin = self.editor.valor(), self.sin_acentos.isChecked()
        if not texto.strip():
            self.previa.clear()
            self.partes_previa.clear()
            return
        ejecutar(
            lambda: sms.vista_previa(texto, sin),
            al_terminar=self._mostrar_previa,
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )

    def _mostrar_previa(self, texto: str) -> None:
        self.previa.setText(texto)
        s = sms.contar(texto)
        self.partes_previa.setText(self.tr("Con los datos de ejemplo: %s.") % s.descripcion)
        self.partes_previa.setStyleSheet(f"color: {COLOR_ERROR};" if s.fuera_de_gsm else "")

    def guardar(self) -> None:
        fila = self.lista.currentRow()
        if not 0 <= fila < len(self.plantillas):
            return
        evento = self.plantillas[fila].evento
        texto, activa, sin = (self.editor.valor(), self.activa.isChecked(),
                              self.sin_acentos.isChecked())  # fmt: skip
        self.errores.clear()
        ejecutar(
            lambda: sms.guardar_plantilla(evento, texto, activa, sin),
            al_terminar=lambda _r: self.cargar(),
            al_fallar=lambda e: self.errores.setText(e.mensaje),
            padre=self,
        )


class Prueba(QWidget):
    """A test message to a phone, to check the provider and the dispatcher end to end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.telefono = QLineEdit()
        self.telefono.setObjectName("telefonoPrueba")
        self.telefono.setPlaceholderText(self.tr("10 dígitos, p. ej. 442 123 4567"))
        self.editor = EditorSms("textoPrueba")
        self.editor.poner("SIPROS: mensaje de prueba. Si lo recibe, los avisos por SMS funcionan.")
        self.boton = QPushButton(self.tr("&Enviar prueba"))
        self.boton.setObjectName("enviarPrueba")
        self.boton.clicked.connect(self.enviar)
        self.estado = etiqueta_estado("estadoPrueba")
        forma = QFormLayout()
        forma.addRow(self.tr("Teléfono:"), self.telefono)
        forma.addRow(self.tr("Texto:"), self.editor)
        fila = QHBoxLayout()
        fila.addWidget(self.estado, 1)
        fila.addWidget(self.boton)
        capa = QVBoxLayout(self)
        capa.addLayout(forma)
        capa.addLayout(fila)
        capa.addStretch(1)

    def enviar(self) -> None:
        tel, texto = self.telefono.text(), self.editor.valor()
        decir(self.estado, self.tr("Enviando a la bandeja…"))
        ejecutar(
            lambda: sms.enviar_a_telefono(tel, texto, prueba=True),
            al_terminar=lambda i: decir(
                self.estado, self.tr("Mensaje %d en la bandeja: el despachador lo enviará.") % i
            ),
            al_fallar=lambda e: decir(self.estado, e.mensaje, True),
            padre=self,
        )


class VistaMensajes(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaMensajes")
        self.bandeja = Bandeja()
        self.plantillas = Plantillas()
        self.prueba = Prueba()
        self.pestanas = QTabWidget()
        self.pestanas.addTab(self.bandeja, self.tr("Bandeja de salida"))
        self.pestanas.addTab(self.plantillas, self.tr("Plantillas"))
        self.pestanas.addTab(self.prueba, self.tr("Mensaje de prueba"))
        self.pestanas.currentChanged.connect(self._pestana)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(self.pestanas)
        self._activada = False

    def activar_vista(self) -> None:
        if not self._activada:
            self._activada = True
            self.bandeja.recargar()
            ejecutar(seguridad.admin_estatal, al_terminar=self._alcance, padre=self)
        self._pestana(self.pestanas.currentIndex())

    def _alcance(self, estatal: bool) -> None:
        """Templates and messages to a number are the whole state's: an área or dependencia
        administrator reads the templates and handles the messages of its scope only."""
        if estatal:
            return
        self.plantillas.boton_guardar.setEnabled(False)
        self.plantillas.boton_guardar.setToolTip(
            self.tr("Las plantillas valen para todo el estado: las cambia un administrador estatal")
        )
        i = self.pestanas.indexOf(self.prueba)
        self.pestanas.setTabEnabled(i, False)
        self.pestanas.setTabToolTip(i, self.tr("Solo un administrador estatal"))

    def _pestana(self, _i: int) -> None:
        if self.pestanas.currentWidget() is self.plantillas and not self.plantillas.cargadas:
            self.plantillas.cargar()
