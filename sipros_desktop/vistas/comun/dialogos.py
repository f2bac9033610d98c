"""Every message box and file dialog of the application goes through here (tests patch here)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QIdentityProxyModel, Qt
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QTreeView, QWidget

TITULO = "SIPROS Escritorio"


def _caja(padre, icono, mensaje: str, botones) -> QMessageBox:
    """A message box whose text is shown as text (messages may quote database values)."""
    caja = QMessageBox(icono, TITULO, mensaje, botones, padre)
    caja.setTextFormat(Qt.TextFormat.PlainText)
    return caja


def error(padre: QWidget | None, mensaje: str, *, detalle: str | None = None) -> None:
    caja = _caja(padre, QMessageBox.Icon.Warning, mensaje, QMessageBox.StandardButton.Ok)
    if detalle:
        caja.setDetailedText(detalle)
    caja.exec()


def informacion(padre: QWidget | None, mensaje: str) -> None:
    _caja(padre, QMessageBox.Icon.Information, mensaje, QMessageBox.StandardButton.Ok).exec()


def confirmar(
    padre: QWidget | None,
    pregunta: str,
    *,
    si: str | None = None,
    no: str | None = None,
    no_por_omision: bool = False,
) -> bool:
    """Yes / No, or the words ``si`` and ``no`` on the buttons; with ``no_por_omision`` Enter
    answers No (where Yes loses the user's work)."""
    botones = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    caja = _caja(padre, QMessageBox.Icon.Question, pregunta, botones)
    if no_por_omision:
        caja.setDefaultButton(QMessageBox.StandardButton.No)
    if si:
        caja.button(QMessageBox.StandardButton.Yes).setText(si)
    if no:
        caja.button(QMessageBox.StandardButton.No).setText(no)
    return caja.exec() == QMessageBox.StandardButton.Yes


# Qt's own file dialog (where the system has none of its own) in the offices' Spanish: its
# Spanish catalogue leaves some labels in English and says «fichero».
_ETIQUETAS = {
    QFileDialog.DialogLabel.LookIn: "Buscar en:",
    QFileDialog.DialogLabel.FileName: "Nombre del archivo:",
    QFileDialog.DialogLabel.FileType: "Tipo de archivo:",
    QFileDialog.DialogLabel.Reject: "Cancelar",
}


class _FechasLegibles(QIdentityProxyModel):
    """The file list with its «modified» column as dd/mm/aaaa hh:mm (Qt's short Spanish format
    reads «5 12 2…» in a narrow column)."""

    def data(self, indice, rol=Qt.ItemDataRole.DisplayRole):
        if indice.column() == 3 and rol == Qt.ItemDataRole.DisplayRole:
            fuente = self.sourceModel()
            origen = self.mapToSource(indice)
            if hasattr(fuente, "lastModified"):
                return fuente.lastModified(origen).toString("dd/MM/yyyy HH:mm")
        return super().data(indice, rol)


def _columnas_legibles(d: QFileDialog) -> None:
    lista = d.findChild(QTreeView, "treeView")
    if lista is None:
        return
    encabezado = lista.header()
    encabezado.setStretchLastSection(False)
    encabezado.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for i in (1, 2, 3):
        encabezado.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)


def dialogo_archivo(
    padre: QWidget | None, titulo: str, filtro: str, modo: str, sugerido: str = ""
) -> QFileDialog:
    """The file dialog, opening where the user last took or left a file of this kind (the
    scanner's folder, not the program's), large enough to read the dates. ``modo``: abrir,
    guardar or carpeta."""
    from sipros_desktop.servicios import preferencias
    from sipros_desktop.vistas.comun.tamano import tamano_comodo

    carpeta = preferencias.carpeta(filtro or modo) or ""
    inicio = (
        str(Path(carpeta) / Path(sugerido).name) if carpeta and sugerido else (sugerido or carpeta)
    )
    d = QFileDialog(padre, titulo, inicio, filtro)
    for etiqueta, texto in _ETIQUETAS.items():
        d.setLabelText(etiqueta, texto)
    if modo == "guardar":
        d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        d.setLabelText(QFileDialog.DialogLabel.Accept, "Guardar")
    elif modo == "carpeta":
        d.setFileMode(QFileDialog.FileMode.Directory)
        d.setOption(QFileDialog.Option.ShowDirsOnly, True)
        d.setLabelText(QFileDialog.DialogLabel.Accept, "Elegir")
    else:
        d.setFileMode(QFileDialog.FileMode.ExistingFile)
        d.setLabelText(QFileDialog.DialogLabel.Accept, "Abrir")
    d.setViewMode(QFileDialog.ViewMode.Detail)
    if d.testOption(QFileDialog.Option.DontUseNativeDialog) or not _hay_nativo():
        d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        d.setProxyModel(_FechasLegibles(d))
        _columnas_legibles(d)
    tamano_comodo(d, 960, 600)
    return d


def _hay_nativo() -> bool:
    """Windows and macOS have the system's own dialog (in the system's language); elsewhere
    Qt's is the one shown."""
    import sys

    return sys.platform in ("win32", "darwin")


def _elegido(d: QFileDialog, filtro: str, modo: str) -> str | None:
    from sipros_desktop.servicios import preferencias

    if d.exec() != QFileDialog.DialogCode.Accepted or not d.selectedFiles():
        return None
    ruta = d.selectedFiles()[0]
    preferencias.guardar_carpeta(
        filtro or modo, ruta if modo == "carpeta" else str(Path(ruta).parent)
    )
    return ruta


def elegir_carpeta(padre: QWidget | None, titulo: str) -> str | None:
    return _elegido(dialogo_archivo(padre, titulo, "", "carpeta"), "", "carpeta")


def guardar_archivo(padre: QWidget | None, titulo: str, sugerido: str, filtro: str) -> str | None:
    return _elegido(dialogo_archivo(padre, titulo, filtro, "guardar", sugerido), filtro, "guardar")


def abrir_archivo(padre: QWidget | None, titulo: str, filtro: str) -> str | None:
    return _elegido(dialogo_archivo(padre, titulo, filtro, "abrir"), filtro, "abrir")


def imprimir_pdf(padre: QWidget | None, contenido: bytes, titulo: str) -> bool:
    """Qt's print dialog for a PDF, on the PDF's own paper (size and orientation of its pages;
    Letter landscape for the lists and reports) and, to a file, into the user's Documents
    folder; False if the user cancelled."""
    from sipros_desktop.vistas.comun.visor import imprimir_pdf as imprimir

    return imprimir(padre, contenido, titulo)
