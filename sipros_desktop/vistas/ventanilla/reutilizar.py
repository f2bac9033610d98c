"""Usar del expediente: a document already on the citizen's file (INE, comprobante de
domicilio, acta…) covers a required document of a new application without scanning it again.
Each one shows the date it was scanned; one older than the call accepts is refused, saying the
date and the limit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipros_desktop.servicios import documentos
from sipros_desktop.servicios.documentos import DocumentoExpediente, Expediente
from sipros_desktop.vistas.comun.mensajes import etiqueta_error
from sipros_desktop.vistas.comun.tamano import tamano_comodo


def descripcion(d: DocumentoExpediente) -> str:
    return f"{documentos.TIPOS[d.mime][0]}, {d.tamano / 1024:,.0f} KB"


class DialogoDocumentosExpediente(QDialog):
    """Choose the document of the file that covers ``tipo``; ``elegido`` after accept()."""

    def __init__(
        self, tipo: str, expediente: Expediente, meses: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialogoDocumentosExpediente")
        self.setWindowTitle(self.tr("Documentos del expediente — %s") % tipo)
        tamano_comodo(self, 760, 420)
        self.tipo = tipo
        self.meses = meses
        self.hoy = expediente.hoy
        self.elegido: DocumentoExpediente | None = None
        # the documents of the same type first, each type the newest first
        self.docs = sorted(
            expediente.documentos, key=lambda d: (d.tipo != tipo, d.tipo, -d.fecha.toordinal())
        )
        texto = self.tr("Elija el documento del expediente que cubre «%s».") % tipo
        if meses:
            limite = documentos.restar_meses(self.hoy, meses)
            texto += " " + self.tr(
                "Esta convocatoria lo acepta con antigüedad máxima de %s (escaneado del %s en "
                "adelante)."
            ) % (f"{meses} {'mes' if meses == 1 else 'meses'}", f"{limite:%d/%m/%Y}")
        if not self.docs:
            texto = self.tr("El expediente del ciudadano no tiene documentos escaneados todavía.")
        indicacion = QLabel(texto)
        indicacion.setTextFormat(Qt.TextFormat.PlainText)  # types come from the database
        indicacion.setWordWrap(True)
        self.tabla = QTableWidget(len(self.docs), 4)
        self.tabla.setObjectName("tablaExpediente")
        self.tabla.setHorizontalHeaderLabels(
            [self.tr("Documento"), self.tr("Archivo"), self.tr("Escaneado el"), self.tr("Tipo")]
        )
        self.tabla.verticalHeader().hide()
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabla.horizontalHeader().setStretchLastSection(True)
        for fila, d in enumerate(self.docs):
            vencido = bool(documentos.motivo_vencido(tipo, d.fecha, meses, self.hoy))
            # (QTableWidgetItem text is plain text)
            for col, v in enumerate((d.tipo, d.nombre_archivo, f"{d.fecha:%d/%m/%Y}",
                                     descripcion(d))):  # fmt: skip
                item = QTableWidgetItem(v)
                if vencido and col == 2:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(self.tr("Más antiguo de lo que acepta esta convocatoria"))
                self.tabla.setItem(fila, col, item)
        self.tabla.doubleClicked.connect(lambda _i: self.usar())
        self.errores = etiqueta_error("erroresExpediente")
        self.errores.setTextFormat(Qt.TextFormat.PlainText)
        self.boton_usar = QPushButton(self.tr("&Usar este documento"))
        self.boton_usar.setObjectName("usarDocumento")
        self.boton_usar.setDefault(True)
        self.boton_usar.setEnabled(bool(self.docs))
        self.boton_usar.clicked.connect(self.usar)
        cancelar = QPushButton(self.tr("Cancelar"))
        cancelar.clicked.connect(self.reject)
        self.tabla.itemSelectionChanged.connect(self.errores.clear)
        botones = QHBoxLayout()
        botones.addStretch(1)
        botones.addWidget(cancelar)
        botones.addWidget(self.boton_usar)
        capa = QVBoxLayout(self)
        capa.addWidget(indicacion)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.errores)
        capa.addLayout(botones)
        if self.docs:
            self.tabla.selectRow(0)
        self.tabla.setFocus()

    def seleccionado(self) -> DocumentoExpediente | None:
        filas = self.tabla.selectionModel().selectedRows()
        return self.docs[filas[0].row()] if filas else None

    def usar(self) -> None:
        d = self.seleccionado()
        if d is None:
            return
        motivo = documentos.motivo_vencido(self.tipo, d.fecha, self.meses, self.hoy)
        if motivo:  # refused here; the database refuses it too when the link is made
            self.errores.setText(motivo)
            return
        self.elegido = d
        self.accept()
