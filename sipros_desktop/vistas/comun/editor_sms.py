"""A text box for an SMS with its live count of parts: GSM-7 160 characters (153 a part when
split), or UCS-2 70 (67) as soon as one character GSM-7 lacks appears — which the counter names
— and a button that replaces those characters by plain ones."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from sipros_desktop.servicios import sms
from sipros_desktop.vistas.comun.mensajes import COLOR_ERROR


class EditorSms(QWidget):
    cambiado = Signal()

    def __init__(self, nombre: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texto = QPlainTextEdit()
        self.texto.setObjectName(nombre)
        self.texto.setTabChangesFocus(True)
        self.texto.setMinimumHeight(90)
        self.contador = QLabel()
        self.contador.setObjectName(f"{nombre}Contador")
        self.contador.setWordWrap(True)
        self.boton_acentos = QPushButton(self.tr("Quitar acentos"))
        self.boton_acentos.setObjectName(f"{nombre}QuitarAcentos")
        self.boton_acentos.setToolTip(
            self.tr("Cambia á, í, ó, ú, comillas « » y guiones largos por caracteres GSM-7")
        )
        self.boton_acentos.clicked.connect(self.quitar_acentos)
        fila = QHBoxLayout()
        fila.setContentsMargins(0, 0, 0, 0)
        fila.addWidget(self.contador, 1)
        fila.addWidget(self.boton_acentos)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(self.texto, 1)
        capa.addLayout(fila)
        self.texto.textChanged.connect(self._contar)
        self._contar()

    def valor(self) -> str:
        return self.texto.toPlainText()

    def poner(self, texto: str) -> None:
        self.texto.setPlainText(texto)

    def segmentos(self) -> sms.Segmentos:
        return sms.contar(self.valor().strip())

    def quitar_acentos(self) -> None:
        cursor = self.texto.textCursor()
        posicion = cursor.position()
        self.texto.setPlainText(sms.quitar_acentos(self.valor()))
        cursor = self.texto.textCursor()
        cursor.setPosition(min(posicion, len(self.valor())))
        self.texto.setTextCursor(cursor)

    def _contar(self) -> None:
        s = self.segmentos()
        largo = len(self.valor().strip()) > sms.MAX_CARACTERES
        texto = s.descripcion
        if largo:
            texto += self.tr(". Demasiado largo: el máximo es %d caracteres") % sms.MAX_CARACTERES
        self.contador.setText(texto)
        self.contador.setStyleSheet(f"color: {COLOR_ERROR};" if s.fuera_de_gsm or largo else "")
        self.boton_acentos.setEnabled(bool(s.fuera_de_gsm))
        self.cambiado.emit()
