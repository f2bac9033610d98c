"""The demo's documents and form answers, so that an official can open and judge a demo
application as a real one: small files made here (a one-page PDF written by hand, a PNG and a
JPEG drawn with Pillow) that say they are samples and carry no one's data, and answers of the
call's form generated from its definition (types, choices, ranges, conditions, groups).

The files are content-addressed like the ones the front desk attaches (``archivo`` by
SHA-256): a few samples of each required document, each stored once and shared by every
application, so a demo of a million citizens stores a few dozen kilobytes of files."""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sipros_desktop.servicios import formularios

MUESTRAS = 4  # samples of each document type (a citizen always gets the same one)
LEYENDA = "Documento de demostración: no contiene datos de ninguna persona ni tiene validez."


@dataclass(frozen=True)
class Muestra:
    tipo: str  # the required document it satisfies, e.g. "Identificación oficial"
    variante: int
    nombre_archivo: str
    mime: str
    contenido: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.contenido).hexdigest()


def muestras(tipos: list[str]) -> list[Muestra]:
    """``MUESTRAS`` files for each document type, made the same way every time."""
    salida = []
    for tipo in dict.fromkeys(tipos):
        base = _nombre_base(tipo)
        for v in range(MUESTRAS):
            t = tipo.lower()
            if "identificaci" in t:
                salida.append(Muestra(tipo, v, f"{base}.png", "image/png", _tarjeta(tipo, v)))
            elif "domicilio" in t and v % 2:  # a photo of the receipt, as many bring it
                salida.append(Muestra(tipo, v, f"{base}.jpg", "image/jpeg", _recibo(tipo, v)))
            else:
                salida.append(Muestra(tipo, v, f"{base}.pdf", "application/pdf", _pdf(tipo, v)))
    return salida


def _nombre_base(tipo: str) -> str:
    sin_acentos = tipo.lower().translate(str.maketrans("áéíóúüñ", "aeiouun"))
    palabras = "".join(c if c.isalnum() else " " for c in sin_acentos).split()
    return "_".join(palabras[:3]) or "documento"


# --------------------------------------------------------------------------- PDF by hand


def _texto_pdf(t: str) -> str:
    """A PDF string literal in WinAnsi (the standard fonts' encoding), escaped."""
    b = t.encode("cp1252", "replace")
    b = b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return "(" + b.decode("latin-1") + ")"


def _pdf(tipo: str, variante: int) -> bytes:
    """A letter page: a coloured band, the document type, grey bars where the text would be,
    and the legend that it is a sample."""
    r, g, b = ((0.55, 0.14, 0.30), (0.16, 0.33, 0.55), (0.20, 0.45, 0.30), (0.45, 0.35, 0.15))[
        variante % 4
    ]
    ops = [
        f"{r} {g} {b} rg 54 690 504 60 re f",
        "BT /F2 20 Tf 1 1 1 rg 72 712 Td " + _texto_pdf(tipo.upper()) + " Tj ET",
        "BT /F2 11 Tf 0.2 0.2 0.2 rg 72 660 Td "
        + _texto_pdf("SIPROS — DOCUMENTO DE DEMOSTRACIÓN")
        + " Tj ET",
        "BT /F1 9 Tf 0.3 0.3 0.3 rg 72 644 Td " + _texto_pdf(LEYENDA) + " Tj ET",
        "BT /F1 9 Tf 0.3 0.3 0.3 rg 72 630 Td "
        + _texto_pdf(f"Muestra {variante + 1} de {MUESTRAS}")
        + " Tj ET",
    ]
    rng = random.Random(f"{tipo}-{variante}")
    y = 596
    for _ in range(14 + variante * 2):  # bars of "text", a different page for each sample
        ancho = rng.randint(180, 468)
        ops.append(f"0.82 0.82 0.82 rg 72 {y} {ancho} 7 re f")
        y -= 18 if rng.random() < 0.8 else 30
    ops.append("0.6 0.6 0.6 RG 1 w 54 60 504 620 re S")
    flujo = "\n".join(ops).encode("latin-1")
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(flujo) + flujo + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    salida = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posiciones = []
    for i, cuerpo in enumerate(objetos, start=1):
        posiciones.append(len(salida))
        salida += b"%d 0 obj\n" % i + cuerpo + b"\nendobj\n"
    xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    for p in posiciones:
        salida += b"%010d 00000 n \n" % p
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objetos) + 1,
        xref,
    )
    return bytes(salida)


# --------------------------------------------------------------------------- images


def _fuente(tamano: int, negrita: bool = False):
    """Bitstream Vera, which reportlab ships (it has the accents); else Pillow's own font."""
    from pathlib import Path

    import reportlab
    from PIL import ImageFont

    archivo = Path(reportlab.__file__).parent / "fonts" / ("VeraBd.ttf" if negrita else "Vera.ttf")
    try:
        return ImageFont.truetype(str(archivo), tamano)
    except OSError:
        return ImageFont.load_default()


def _tarjeta(tipo: str, variante: int) -> bytes:
    """An identification card, 540 × 340 pixels: band, a silhouette where the photo goes, bars
    where the data goes, and «MUESTRA»."""
    from PIL import Image, ImageDraw

    colores = ("#8c2350", "#2a5490", "#33734d", "#735924")
    img = Image.new("RGB", (540, 340), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((4, 4, 535, 335), 18, fill="#f3efe9", outline="#999999", width=2)
    d.rectangle((4, 30, 535, 78), fill=colores[variante % 4])
    d.text((22, 40), tipo.upper(), fill="white", font=_fuente(22, True))
    d.rectangle((24, 100, 164, 280), fill="#d9d4cc")
    d.ellipse((64, 120, 124, 180), fill="#a9a39a")
    d.pieslice((44, 184, 144, 304), 180, 360, fill="#a9a39a")
    rng = random.Random(f"{tipo}-{variante}")
    for i in range(6):
        d.rectangle((186, 104 + i * 28, 186 + rng.randint(120, 320), 116 + i * 28),
                    fill="#c9c4bb")  # fmt: skip
    d.text((186, 276), f"MUESTRA {variante + 1} · DEMOSTRACIÓN", fill="#8c2350", font=_fuente(18))
    d.text((186, 302), "Sin datos de ninguna persona", fill="#555555", font=_fuente(13))
    salida = io.BytesIO()
    img.quantize(32).save(salida, "PNG", optimize=True)
    return salida.getvalue()


def _recibo(tipo: str, variante: int) -> bytes:
    """A photographed receipt (JPEG, 420 × 560): a slightly tilted page on a dark table."""
    from PIL import Image, ImageDraw

    hoja = Image.new("RGB", (360, 500), "#fbfaf6")
    d = ImageDraw.Draw(hoja)
    d.rectangle((0, 0, 359, 56), fill=("#2a5490", "#735924", "#8c2350", "#33734d")[variante % 4])
    d.text((16, 16), tipo.upper(), fill="white", font=_fuente(16, True))
    d.text((16, 70), "MUESTRA · DEMOSTRACIÓN", fill="#8c2350", font=_fuente(16))
    rng = random.Random(f"{tipo}-{variante}")
    for i in range(14):
        d.rectangle((16, 104 + i * 26, 16 + rng.randint(90, 320), 114 + i * 26), fill="#d0ccc4")
    d.rectangle((220, 440, 340, 480), outline="#555555", width=2)
    foto = Image.new("RGB", (420, 560), "#3b3530")
    foto.paste(hoja.rotate(2 + variante, expand=True, fillcolor="#3b3530"), (18, 16))
    salida = io.BytesIO()
    foto.save(salida, "JPEG", quality=70)
    return salida.getvalue()


# --------------------------------------------------------------------------- form answers

_TEXTOS = {
    "escuela": [
        "Escuela Secundaria Técnica 12", "Colegio de Bachilleres Plantel 3",
        "CECyTEQ Plantel Colón", "Universidad Tecnológica de Querétaro",
        "Telebachillerato Comunitario La Esperanza", "Escuela Secundaria General 5",
    ],
    "ocupacion": ["Comerciante", "Empleada doméstica", "Jornalero", "Estudiante", "Hogar"],
}  # fmt: skip


def respuestas(definicion: formularios.DefinicionFormulario, rng: random.Random,
               fecha: date) -> dict[str, Any]:  # fmt: skip
    """Answers to ``definicion`` that its own validation accepts: every required question and
    most optional ones, each of its type and within its limits, conditions followed in order;
    dates before ``fecha`` (the filing)."""
    dadas: dict[str, Any] = {}
    for p in definicion.preguntas():
        if not p.aplica(dadas) or (not p.requerida and rng.random() < 0.25):
            continue
        valor = _valor(p, rng, fecha)
        if valor is not None:
            dadas[p.clave] = valor
    return definicion.limpiar(dadas)


def _valor(p: formularios.Pregunta, rng: random.Random, fecha: date) -> Any:
    if p.tipo == "grupo":
        minimo = int(p.minimo) if p.minimo is not None else 1
        maximo = int(p.maximo) if p.maximo is not None else max(minimo, 4)
        filas = []
        for _ in range(rng.randint(minimo, max(minimo, min(maximo, minimo + 3)))):
            fila = {}
            for s in p.preguntas:
                if s.requerida or rng.random() < 0.75:
                    v = _valor(s, rng, fecha)
                    if v is not None:
                        fila[s.clave] = v
            filas.append(fila)
        return filas
    if p.tipo == "texto":
        opciones = next((v for k, v in _TEXTOS.items() if k in p.clave), None)
        if opciones:
            t = rng.choice(opciones)
        elif "matricula" in p.clave or "folio" in p.clave:
            t = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(10_000_000, 99_999_999)}"
        else:
            t = f"Respuesta de demostración {rng.randint(1, 99)}"
        return t[: int(p.maximo)] if p.maximo is not None else t
    if p.tipo == "numero":
        bajo = p.minimo if p.minimo is not None else 0
        alto = p.maximo if p.maximo is not None else bajo + 100
        if p.decimales:
            return round(rng.uniform(max(bajo, (bajo + alto) / 2), alto), p.decimales)
        return rng.randint(int(-(-bajo // 1)), int(alto // 1)) if alto >= bajo else None
    if p.tipo == "fecha":
        return (fecha - timedelta(days=rng.randint(7, 300))).isoformat()
    if p.tipo == "opcion":
        return rng.choice(p.opciones) if p.opciones else None
    if p.tipo == "multiple":
        if not p.opciones:
            return None
        return rng.sample(list(p.opciones), rng.randint(1, min(3, len(p.opciones))))
    if p.tipo == "si_no":
        return rng.random() < 0.5
    return None
