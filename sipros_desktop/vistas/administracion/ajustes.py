"""Administración → Ventanilla: document size limit and the privacy notice shown at capture."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import ajustes
from sipros_desktop.vistas.comun.mensajes import etiqueta_error, etiqueta_estado
from sipros_desktop.vistas.comun.operacion import ejecutar


class VistaAjustes(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vistaAjustes")
        self.tamano = QSpinBox()
        self.tamano.setObjectName("documentoMaxMb")
        self.tamano.setRange(*ajustes.MAXIMO_DOCUMENTO)
        self.tamano.setSuffix(" MB")
        self.tamano.setMaximumWidth(140)
        self.aviso = QPlainTextEdit()
        self.aviso.setObjectName("textoAvisoPrivacidad")
        self.guardar_boton = QPushButton(self.tr("Guardar"))
        self.errores = etiqueta_error("erroresAjustes")
        self.estado = etiqueta_estado("estadoAjustes")
        forma = QFormLayout()
        forma.addRow(self.tr("Tamaño máximo de cada documento:"), self.tamano)
        forma.addRow(
            QLabel(self.tr("Aviso de privacidad (se lee al ciudadano y se imprime en el acuse):"))
        )
        forma.addRow(self.aviso)
        fila = QHBoxLayout()
        fila.addWidget(self.estado, 1)
        fila.addWidget(self.guardar_boton)
        capa = QVBoxLayout(self)
        capa.addLayout(forma, 1)
        capa.addWidget(self.errores)
        capa.addLayout(fila)
        self.guardar_boton.clicked.connect(self.guardar)
        self._cargado = False

    def activar_vista(self) -> None:
        if not self._cargado:
            self._cargado = True
            ejecutar(ajustes.leer, al_terminar=self._mostrar, padre=self)

    def _mostrar(self, a: ajustes.AjustesVentanilla) -> None:
        self.tamano.setValue(a.documento_max_mb)
        self.aviso.setPlainText(a.aviso_privacidad)
        for w in (self.tamano, self.guardar_boton):
            w.setEnabled(a.puede_cambiar)
        self.aviso.setReadOnly(not a.puede_cambiar)
        if not a.puede_cambiar:
            self.estado.setText(self.tr(ajustes.SOLO_ESTATAL))

    def guardar(self) -> None:
        a = ajustes.AjustesVentanilla(self.tamano.value(), self.aviso.toPlainText())
        self.errores.clear()
        self.estado.setText(self.tr("Guardando…"))

        def fallo(e) -> None:
            self.estado.clear()
            self.errores.setText(e.mensaje)

        ejecutar(
            lambda: ajustes.guardar(a),
            al_terminar=lambda _r: self.estado.setText(
                self.tr("Guardado: rige para todos los equipos desde la siguiente captura.")
            ),
            al_fallar=fallo,
            padre=self,
        )
