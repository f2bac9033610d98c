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
