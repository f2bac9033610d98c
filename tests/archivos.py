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
