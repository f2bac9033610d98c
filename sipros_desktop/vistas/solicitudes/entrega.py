"""Registrar entrega…: an approved application of a programme paid by transfer, card or cheque
is marked delivered by delivery staff — the day, how, and the reference — once."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import entrega_directa
from sipros_desktop.servicios.solicitudes import DetalleSolicitud
from sipros_desktop.vistas.comun import dialogos
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.operacion import ejecutar

AYUDA_REFERENCIA = {
    "Transferencia": "Número de rastreo o de la transferencia (SPEI)",
    "Tarjeta": "Número de la tarjeta (los últimos dígitos) o del depósito",
    "Cheque": "Número del cheque",
    "Orden de pago": "Número de la orden de pago",
}


class DialogoRegistrarEntrega(QDialog):
    registrada = Signal(object)  # entrega_directa.Resultado

    def __init__(self, detalle: DetalleSolicitud, hoy: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dialogoRegistrarEntrega")
        self.detalle = detalle
        self.setWindowTitle(self.tr("Registrar entrega — %s") % detalle.folio)
        cabecera = QLabel(
            self.tr("Solicitud %s de %s\n%s · %s")
            % (detalle.folio, detalle.nombre_completo, detalle.programa, detalle.tipo_apoyo)
        )
        cabecera.setTextFormat(Qt.TextFormat.PlainText)  # database text: never rich text
        cabecera.setWordWrap(True)
        explicacion = QLabel(
            self.tr(
                "Para los apoyos que no se entregan en un evento: el pago por transferencia, "
                "tarjeta o cheque. La entrega se registra una sola vez y queda en el Padrón."
            )
        )
        explicacion.setWordWrap(True)
        self.fecha = QDateEdit(QDate(hoy.year, hoy.month, hoy.day))
        self.fecha.setObjectName("fechaEntrega")
        self.fecha.setCalendarPopup(True)
        self.fecha.setDisplayFormat("dd/MM/yyyy")
        self.fecha.setMaximumDate(QDate(hoy.year, hoy.month, hoy.day))
        self.metodo = QComboBox()
        self.metodo.setObjectName("metodoEntrega")
        for m in entrega_directa.METODOS:
            self.metodo.addItem(m, m)
        self.referencia = QLineEdit()
        self.referencia.setObjectName("referenciaEntrega")
        self.referencia.setMaxLength(entrega_directa.MAX_REFERENCIA)
        self.metodo.currentIndexChanged.connect(self._ayuda)
        self.referencia.textEdited.connect(lambda _t: self.errores.clear())
        self._ayuda()
        forma = QFormLayout()
        forma.addRow(self.tr("Fecha de la entrega:"), self.fecha)
        forma.addRow(self.tr("Forma de entrega:"), self.metodo)
        forma.addRow(self.tr("Referencia:"), self.referencia)
        self.errores = etiqueta_error("erroresEntrega")
        self.errores.setTextFormat(Qt.TextFormat.PlainText)  # messages name database text
        self.boton_registrar = QPushButton(self.tr("&Registrar entrega"))
        self.boton_registrar.setObjectName("registrarEntrega")
        self.boton_registrar.setDefault(True)
        self.boton_registrar.clicked.connect(self.registrar)
        cancelar = QPushButton(self.tr("Cancelar"))
        cancelar.clicked.connect(self.reject)
        botones = QHBoxLayout()
        botones.addStretch(1)
        botones.addWidget(cancelar)
        botones.addWidget(self.boton_registrar)
        capa = QVBoxLayout(self)
        capa.addWidget(cabecera)
        capa.addWidget(explicacion)
        capa.addLayout(forma)
        capa.addWidget(self.errores)
        capa.addStretch(1)
        capa.addLayout(botones)
        self.resize(560, 340)
        self.referencia.setFocus()

    def _ayuda(self) -> None:
        self.referencia.setPlaceholderText(self.tr(AYUDA_REFERENCIA[self.metodo.currentData()]))

    def registrar(self) -> None:
        d = self.detalle
        metodo = self.metodo.currentData()
        referencia = self.referencia.text().strip()
        fecha = self.fecha.date().toPython()
        if not referencia:
            self.errores.setText(
                self.tr("Escriba la referencia: %s.") % AYUDA_REFERENCIA[metodo].lower()
            )
            self.referencia.setFocus()
            return
        pregunta = self.tr(
            "¿Registrar la entrega de la solicitud %s de %s?\n\n%s, referencia %s, el %s.\n\n"
            "La entrega se registra una sola vez: no se puede deshacer."
        ) % (d.folio, d.nombre_completo, metodo, referencia, f"{fecha:%d/%m/%Y}")
        if not dialogos.confirmar(self, pregunta, no_por_omision=True):
            return
        self.boton_registrar.setEnabled(False)
        self.errores.clear()

        def hecho(r) -> None:
            self.registrada.emit(r)
            self.accept()

        def fallo(e: ErrorSipros) -> None:
            self.boton_registrar.setEnabled(True)
            self.errores.setText(e.mensaje)

        ejecutar(
            lambda: entrega_directa.registrar(d.id, metodo, referencia, fecha),
            al_terminar=hecho,
            al_fallar=fallo,
            padre=self,
        )
