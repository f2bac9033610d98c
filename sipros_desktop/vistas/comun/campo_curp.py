"""The CURP box of the front desk and the citizen-service desk: typed, or read by a scanner
(the CURP itself, or the QR of the CURP certificate, which brings the whole record)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from sipros_desktop.servicios import curp as scurp
from sipros_desktop.vistas.comun.mensajes import decir

LARGO_LECTURA = 300  # a scanned certificate brings more than the 18 characters


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
