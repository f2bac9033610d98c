"""The CURP box of the front desk and the citizen-service desk: typed, or read by a scanner
(the CURP itself, or the QR of the CURP certificate, which brings the whole record)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from sipros_desktop.servicios import curp as scurp
from sipros_desktop.vistas.comun.mensajes import decir

LARGO_LECTURA = 300  # a scanned certificate brings more than the 18 characters


def fila_curp(
    nombre: str, buscar: Callable[[], None]
) -> tuple[QLineEdit, QPushButton, QHBoxLayout]:
    """«CURP: [ … ] [Buscar]»: Enter or the button look it up."""
    tr = QCoreApplication.translate
    campo = QLineEdit()
    campo.setObjectName(nombre)
    campo.setPlaceholderText(tr("CampoCurp", "Escriba o escanee la CURP y pulse Enter"))
    campo.setMaxLength(LARGO_LECTURA)
    campo.setClearButtonEnabled(True)
    campo.returnPressed.connect(buscar)
    boton = QPushButton(tr("CampoCurp", "Buscar"))
    boton.clicked.connect(buscar)
    fila = QHBoxLayout()
    fila.addWidget(QLabel(tr("CampoCurp", "CURP:")))
    fila.addWidget(campo, 1)
    fila.addWidget(boton)
    return campo, boton, fila


def leer_curp(campo: QLineEdit, aviso: QLabel, texto: str | None = None) -> str | None:
    """The valid CURP in ``campo`` (or ``texto``), written back clean, with «Buscando…» in
    ``aviso``; None when empty, or after saying in ``aviso`` why it is not valid."""
    tr = QCoreApplication.translate
    crudo = campo.text() if texto is None else texto
    if not crudo.strip():
        return None
    info = scurp.analizar(scurp.de_lectura(crudo))
    if not info.valida:
        motivo = tr("CampoCurp", "La CURP %s no es válida:\n") % info.curp
        decir(aviso, motivo + "\n".join(info.errores), error=True)
        campo.selectAll()
        return None
    campo.setText(info.curp)
    decir(aviso, tr("CampoCurp", "Buscando %s…") % info.curp)
    return info.curp
