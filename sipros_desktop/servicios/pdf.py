"""PDF pages through PDFium (pypdfium2), which is not thread-safe: every use holds one lock
and closes what it opened before letting go, so no PDFium object is left for the garbage
collector to free later on another thread."""

from __future__ import annotations

import threading

from sipros_desktop.errores import ErrorDatos

_PDFIUM = threading.Lock()


def _abrir(contenido: bytes):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(contenido)
    except pypdfium2.PdfiumError as e:
        raise ErrorDatos("El PDF está dañado o protegido y no se puede abrir.") from e


def paginas(contenido: bytes) -> int:
    """How many pages the PDF has (ErrorDatos if PDFium cannot open it)."""
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            return len(doc)
        finally:
            doc.close()


def renderizar(contenido: bytes, escala: float = 1.5):
    """Each page as a PIL RGB image."""
    imagenes = []
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            for i in range(len(doc)):
                pagina = doc[i]
                mapa = pagina.render(scale=escala)
                imagenes.append(mapa.to_pil().convert("RGB"))  # a copy: owns its pixels
                mapa.close()
                pagina.close()
        finally:
            doc.close()
    return imagenes


def texto(contenido: bytes) -> str:
    """All the text of the PDF (to check what a generated document says)."""
    partes = []
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            for i in range(len(doc)):
                pagina = doc[i]
                tp = pagina.get_textpage()
                partes.append(tp.get_text_range())
                tp.close()
                pagina.close()
        finally:
            doc.close()
    return "\n".join(partes)
