"""PDF pages through PDFium (pypdfium2), which is not thread-safe: every use holds one lock
and closes what it opened before letting go, so no PDFium object is left for the garbage
collector to free later on another thread."""

from __future__ import annotations

import threading

from sipros_desktop.errores import ErrorDatos

_PDFIUM = threading.Lock()

# What a document a user attaches may be (checked before anything renders it)
MAX_PAGINAS = 50
MAX_LADO_PT = 1700.0  # 60 cm: larger than A2 (42 × 59.4 cm); a 14,400 pt page is refused
# What one rendered page may weigh, whatever scale is asked for (≈ 12 MB in RGB)
MAX_PIXELES_PAGINA = 4_000_000


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


def _cm(puntos: float) -> str:
    return f"{puntos / 72 * 2.54:,.0f}"


def revisar(contenido: bytes, nombre: str = "El PDF") -> int:
    """The page count of a PDF a user attaches, refused (ErrorDatos, in Spanish) over
    ``MAX_PAGINAS`` pages or with a page larger than ``MAX_LADO_PT`` on a side."""
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            n = len(doc)
            if n > MAX_PAGINAS:
                raise ErrorDatos(
                    f"{nombre} tiene {n:,} páginas; se aceptan hasta {MAX_PAGINAS}. "
                    "Adjunte solo las páginas del documento pedido."
                )
            for i in range(n):
                ancho, alto = doc.get_page_size(i)
                if max(ancho, alto) > MAX_LADO_PT:
                    raise ErrorDatos(
                        f"{nombre}: la página {i + 1} mide {_cm(ancho)} × {_cm(alto)} cm; se "
                        f"aceptan páginas de hasta {_cm(MAX_LADO_PT)} cm por lado. Escanee "
                        "el documento en tamaño carta u oficio."
                    )
            return n
        finally:
            doc.close()


def escala_acotada(ancho_pt: float, alto_pt: float, escala: float) -> float:
    """``escala``, reduced if needed so the rendered page stays under MAX_PIXELES_PAGINA."""
    pixeles = ancho_pt * alto_pt * escala * escala
    if pixeles <= MAX_PIXELES_PAGINA:
        return escala
    return escala * (MAX_PIXELES_PAGINA / pixeles) ** 0.5


def tamanos(contenido: bytes) -> list[tuple[float, float]]:
    """(width, height) of each page, in points."""
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            return [doc.get_page_size(i) for i in range(len(doc))]
        finally:
            doc.close()


def renderizar(contenido: bytes, escala: float = 1.5, cuales: range | list[int] | None = None):
    """The pages (all, or ``cuales``) as PIL RGB images, each bounded in pixels."""
    imagenes = []
    with _PDFIUM:
        doc = _abrir(contenido)
        try:
            for i in range(len(doc)) if cuales is None else cuales:
                pagina = doc[i]
                ancho, alto = pagina.get_size()
                mapa = pagina.render(scale=escala_acotada(ancho, alto, escala))
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
