"""Small real files for the document tests (made here; nothing personal)."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.pdfgen import canvas


def pdf(texto: str = "Documento de prueba") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, texto)
    c.showPage()
    c.save()
    return buf.getvalue()


def imagen(formato: str = "PNG", color: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buf, formato)
    return buf.getvalue()


def pdf_enorme(paginas: int = 3, lado_pt: float = 14_400) -> bytes:
    """A few hundred bytes whose pages measure 5 × 5 metres: rendering them at screen
    resolution would take gigabytes."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(lado_pt, lado_pt))
    for i in range(paginas):
        c.drawString(72, 72, f"Página {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def pdf_de_paginas(n: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(n):
        c.drawString(72, 720, f"Página {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def zip_con_cabecera_pdf() -> bytes:
    """A ZIP archive whose first bytes are a PDF's."""
    import zipfile

    buf = io.BytesIO()
    buf.write(pdf())
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("otro.exe", b"MZ" + b"\0" * 64)
    return buf.getvalue()


def imagen_gigante() -> bytes:
    """A PNG of 10,000 × 10,000 pixels (100 million), small on disk."""
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buf, "PNG")
    return buf.getvalue()


def _pdf_crudo(objetos: list[bytes]) -> bytes:
    """A PDF written by hand: ``objetos`` numbered from 1 (1 the catalog), with its xref."""
    salida = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    posiciones = []
    for i, cuerpo in enumerate(objetos, start=1):
        posiciones.append(len(salida))
        salida += f"{i} 0 obj\n".encode() + cuerpo + b"\nendobj\n"
    xref = len(salida)
    salida += f"xref\n0 {len(objetos) + 1}\n0000000000 65535 f \n".encode()
    for p in posiciones:
        salida += f"{p:010d} 00000 n \n".encode()
    salida += (f"trailer\n<< /Size {len(objetos) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
               "%%EOF\n").encode()  # fmt: skip
    return bytes(salida)


def _flujo(diccionario: str, datos: bytes) -> bytes:
    return f"<< {diccionario} /Length {len(datos)} >>\nstream\n".encode() + datos + (b"\nendstream")


def _desinflable(megabytes: int) -> bytes:
    """zlib of ``megabytes`` MB of spaces (an empty page content), made a block at a time."""
    import zlib

    z = zlib.compressobj(9)
    bloque = b" " * 1_048_576
    return b"".join(z.compress(bloque) for _ in range(megabytes)) + z.flush()


def _pagina_con(contenido: bytes, filtro: str, recursos: str = "") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        f"/Resources << {recursos} >> >>".encode(),
        _flujo(f"/Filter {filtro}", contenido),
    ]


def pdf_inflable(megabytes: int = 150) -> bytes:
    """One letter page whose content is ``megabytes`` MB of spaces compressed: 1 KB a MB."""
    return _pdf_crudo(_pagina_con(_desinflable(megabytes), "/FlateDecode"))


def pdf_doble() -> bytes:
    """The same inside two Flate filters: about 1 KB that inflate to 150 MB."""
    import zlib

    return _pdf_crudo(
        _pagina_con(zlib.compress(_desinflable(150), 9), "[/FlateDecode /FlateDecode]")
    )


def pdf_imagen_enorme() -> bytes:
    """A letter page drawing one image that declares 100,000 × 100,000 pixels (10 billion)
    in a few bytes."""
    import zlib

    objetos = _pagina_con(b"q 612 0 0 792 0 0 cm /Im1 Do Q", "/FlateDecode",
                          "/XObject << /Im1 5 0 R >>")  # fmt: skip
    objetos[3] = _flujo("", b"q 612 0 0 792 0 0 cm /Im1 Do Q")
    objetos.append(_flujo("/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                          "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                          zlib.compress(b"\0" * 1000)))  # fmt: skip
    return _pdf_crudo(objetos)


def png_declarado(ancho: int, alto: int) -> bytes:
    """A PNG header declaring ``ancho`` × ``alto`` pixels over a few bytes of data."""
    import struct
    import zlib

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return (struct.pack(">I", len(datos)) + tipo + datos
                + struct.pack(">I", zlib.crc32(tipo + datos)))  # fmt: skip

    return (b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0,
                                                               0, 0))
            + trozo(b"IDAT", zlib.compress(b"\0" * 64)) + trozo(b"IEND", b""))  # fmt: skip


def jpeg_de_barridos(n: int) -> bytes:
    """A real JPEG carrying ``n`` scan markers (in a comment segment: what counting them sees
    is the same as n scans of a progressive JPEG)."""
    base = imagen("JPEG")
    comentario = b"\xff\xda" * n
    return (
        base[:2] + b"\xff\xfe" + (len(comentario) + 2).to_bytes(2, "big") + comentario + (base[2:])
    )
