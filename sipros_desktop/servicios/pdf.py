"""PDF pages through PDFium (pypdfium2), which is not thread-safe: every use holds one lock
and closes what it opened before letting go, so no PDFium object is left for the garbage
collector to free later on another thread."""

from __future__ import annotations

import re
import threading
import zlib

from sipros_desktop.errores import ErrorDatos

_PDFIUM = threading.Lock()

# What a document a user attaches may be (checked before anything renders it)
MAX_PAGINAS = 50
MAX_LADO_PT = 1700.0  # 60 cm: larger than A2 (42 × 59.4 cm); a 14,400 pt page is refused
# What its compressed streams (page contents, fonts, images) inflate to, all together: a scan of
# 50 pages is a few dozen MB; a Flate bomb of 5 MB would be 5 GB
MAX_MB_INFLADO = 128
MAX_PIXELES_IMAGEN = 40_000_000  # one image inside it (a 300 ppp A2 scan is 35 million)
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


class _Excede(Exception):
    pass


def _parece_zlib(b: bytes) -> bool:
    return len(b) >= 2 and b[0] & 0x0F == 8 and (b[0] << 8 | b[1]) % 31 == 0


def _inflado(contenido: bytes, maximo: int) -> int:
    """How many bytes the PDF's Flate streams inflate to, all together, counted without
    keeping them and only up to ``maximo`` + 1 (a bomb costs what ``maximo`` costs). Each
    stream is found by its keyword and inflated from there (the zlib stream knows where it
    ends); one whose output is zlib again (two or three Flate filters in a row) is counted
    through each layer."""
    total = [0]

    def dar(capas: list, nivel: int, trozo: bytes) -> None:
        d = capas[nivel]
        while trozo and not d.eof:
            salida = d.decompress(trozo, 1_048_576)
            trozo = d.unconsumed_tail
            if not salida:
                continue
            total[0] += len(salida)
            if total[0] > maximo:
                raise _Excede
            if nivel < 2:
                if len(capas) == nivel + 1:  # this layer's first output: zlib again?
                    capas.append(zlib.decompressobj() if _parece_zlib(salida) else None)
                if capas[nivel + 1] is not None:
                    try:
                        dar(capas, nivel + 1, salida)
                    except zlib.error:
                        capas[nivel + 1] = None

    vista = memoryview(contenido)
    try:
        for m in re.finditer(rb"(?<!end)stream\r?\n", contenido):
            if not _parece_zlib(contenido[m.end() : m.end() + 2]):
                continue  # not Flate: an image in JPEG, a stream stored as it is
            capas: list = [zlib.decompressobj()]
            pos = m.end()
            try:
                while not capas[0].eof and pos < len(contenido):
                    dar(capas, 0, vista[pos : pos + 65_536])
                    pos += 65_536
            except zlib.error:
                continue
    except _Excede:
        return maximo + 1
    return total[0]


def revisar(contenido: bytes, nombre: str = "El PDF") -> int:
    """The page count of a PDF a user attaches, refused (ErrorDatos, in Spanish) over
    ``MAX_PAGINAS`` pages, with a page larger than ``MAX_LADO_PT`` on a side, with compressed
    streams that inflate past ``MAX_MB_INFLADO`` or an image of more than
    ``MAX_PIXELES_IMAGEN`` (measured from its header, never decoded)."""
    if _inflado(contenido, MAX_MB_INFLADO * 1_048_576) > MAX_MB_INFLADO * 1_048_576:
        raise ErrorDatos(
            f"{nombre} se expande a más de {MAX_MB_INFLADO} MB al abrirlo (lo que guarda "
            "comprimido dentro); un documento escaneado ocupa unos cuantos MB. Escanee o "
            "exporte el documento de nuevo."
        )
    from pypdfium2 import raw as pdfium_c

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
            for i in range(n):
                pagina = doc[i]
                try:
                    for imagen in pagina.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                        try:
                            w, h = imagen.get_px_size()
                        except Exception:  # an image PDFium cannot size: it will not draw it
                            continue
                        if w * h > MAX_PIXELES_IMAGEN:
                            raise ErrorDatos(
                                f"{nombre}: la página {i + 1} tiene una imagen de {w:,} × {h:,} "
                                f"pixeles; se aceptan hasta {MAX_PIXELES_IMAGEN // 1_000_000} "
                                "millones. Escanéelo a 300 ppp o menos."
                            )
                finally:
                    pagina.close()
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
