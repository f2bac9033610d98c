"""Comprobantes: the QR vouchers of a delivery event — issue, print, reprint, cancel.

A voucher's code is 26 characters of Crockford base 32 (130 random bits from ``secrets``) made
here, printed on the paper and in its QR, and never stored: the database receives only its
SHA-256 (``sipros_emitir_comprobantes``). So the PDF is made before the vouchers are saved
and handed back only when the database accepted them; a reprint makes new codes (the earlier
paper stops working) and prints «REIMPRESIÓN». Whoever issues or reprints a voucher does not
deliver it: the database keeps who did (``emitido_por``, ``reimpreso_por``) and refuses.

The QR holds exactly the code: upper-case letters and digits, the QR alphanumeric mode, which a
USB scanner types the same through any keyboard layout.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass, replace
from datetime import date, time
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import qr

ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LARGO = 26  # 130 bits
_LECTURAS = str.maketrans("OIL", "011")


def nuevo_codigo() -> str:
    n = secrets.randbits(5 * LARGO)
    return "".join(ALFABETO[(n >> (5 * i)) & 31] for i in range(LARGO))


def normalizar(texto: str) -> str:
    """As scanners and people type a code: letters and digits only, upper case, O read as 0
    and I, L as 1 (the same rule as the database's sipros_codigo_normalizado)."""
    return "".join(c for c in (texto or "").upper() if c.isascii() and c.isalnum()).translate(
        _LECTURAS
    )


def bien_formado(texto: str) -> bool:
    c = normalizar(texto)
    return len(c) == LARGO and all(x in ALFABETO for x in c)


def hash_de(codigo: str) -> bytes:
    return hashlib.sha256(normalizar(codigo).encode("ascii")).digest()


def legible(codigo: str) -> str:
    """The code as printed under the QR, in groups a person can type: XXXXX-XXXXX-…-XXXXXX."""
    c = normalizar(codigo)
    return "-".join((c[0:5], c[5:10], c[10:15], c[15:20], c[20:]))


def curp_enmascarada(curp: str) -> str:
    return curp[:4] + "*" * 12 + curp[-2:]


@dataclass(frozen=True)
class DatosComprobante:
    solicitud_id: int
    folio: str
    nombre: str
    curp: str  # already masked
    programa: str
    tipo_apoyo: str
    monto: Decimal
    dependencia: str
    area: str
    logo: bytes | None
    evento: str
    lugar: str  # address, locality, municipality
    fecha: date
    hora_inicio: time
    hora_fin: time
    codigo: str = ""
    impresion: int = 1  # 1: original; more: REIMPRESIÓN
    comprobante_id: int | None = None
    evento_id: int | None = None


_SQL_DATOS = """
SELECT s.id AS solicitud_id, s.folio, c.curp,
       c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, '') AS nombre,
       p.nombre AS programa, t.nombre AS tipo_apoyo, t.monto, d.nombre AS dependencia,
       a.nombre AS area, d.id AS dependencia_id, e.nombre AS evento,
       concat_ws(', ', e.domicilio, l.nombre, m.nombre) AS lugar, e.fecha, e.hora_inicio,
       e.hora_fin, e.id AS evento_id {extra}
FROM solicitud s
JOIN ciudadano c ON c.id = s.ciudadano_id
JOIN convocatoria cv ON cv.id = s.convocatoria_id
JOIN programa p ON p.id = cv.programa_id
JOIN area a ON a.id = p.area_id
JOIN dependencia d ON d.id = a.dependencia_id
JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id
{union}
JOIN evento_entrega e ON e.id = {evento}
JOIN municipio m ON m.id = e.municipio_id
LEFT JOIN localidad l ON l.id = e.localidad_id
WHERE {donde}
ORDER BY c.apellido_paterno, c.apellido_materno, c.nombre, s.id
"""


def _datos(s, filas) -> list[DatosComprobante]:
    logos: dict[int, bytes | None] = {}
    for r in filas:
        if r.dependencia_id not in logos:
            logo = s.scalar(
                text("SELECT logo FROM dependencia WHERE id = :i"), {"i": r.dependencia_id}
            )
            logos[r.dependencia_id] = bytes(logo) if logo else None
    return [
        DatosComprobante(
            solicitud_id=r.solicitud_id,
            folio=r.folio,
            nombre=r.nombre,
            curp=curp_enmascarada(r.curp),
            programa=r.programa,
            tipo_apoyo=r.tipo_apoyo,
            monto=r.monto,
            dependencia=r.dependencia,
            area=r.area,
            logo=logos[r.dependencia_id],
            evento=r.evento,
            lugar=r.lugar,
            fecha=r.fecha,
            hora_inicio=r.hora_inicio,
            hora_fin=r.hora_fin,
            impresion=getattr(r, "impresiones", 0) + 1,
            comprobante_id=getattr(r, "comprobante_id", None),
            evento_id=r.evento_id,
        )
        for r in filas
    ]


_POR_EMITIR = (
    "s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 FROM comprobante k "
    "WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado')"
)


def por_emitir(evento_id: int) -> list[DatosComprobante]:
    """Applications assigned to the event, still «Aprobada», without a live voucher."""
    sql = _SQL_DATOS.format(
        extra="",
        union="JOIN evento_solicitud es ON es.solicitud_id = s.id",
        evento="es.evento_id",
        donde=f"es.evento_id = :e AND {_POR_EMITIR}",
    )
    with bd.sesion() as s:
        return _datos(s, s.execute(text(sql), {"e": evento_id}).all())


@dataclass(frozen=True)
class Emision:
    pdf: bytes
    cantidad: int
    comprobantes: tuple[int, ...]
    eventos: tuple[int, ...] = ()  # the events the vouchers belong to (their ids)
    evento_nuevo: int | None = None  # the event created for the applications without one


def emitir(evento_id: int, solicitudes: list[int] | None = None) -> Emision:
    """Issue the vouchers of the event's assigned applications (all, or those given) in one
    transaction, and their PDF. Nothing is saved if the PDF cannot be made."""
    datos = por_emitir(evento_id)
    if solicitudes is not None:
        quiero = set(solicitudes)
        datos = [d for d in datos if d.solicitud_id in quiero]
    if not datos:
        raise ErrorDatos(
            "No hay solicitudes por emitir en este evento: asigne solicitudes aprobadas o revise "
            "que no tengan ya comprobante."
        )
    with bd.sesion() as s:
        bd.cambio(s, "comprobantes", "eventos")
        return _emitir_en(s, datos)


def _emitir_en(s, datos: list[DatosComprobante]) -> Emision:
    """New codes, the PDF (before saving: a voucher never exists without its paper), then each
    event's vouchers in the session's transaction."""
    datos = [replace(d, codigo=nuevo_codigo()) for d in datos]
    pdf = generar_pdf(datos)
    ids: list[int] = []
    for evento_id in dict.fromkeys(d.evento_id for d in datos):
        del_evento = [d for d in datos if d.evento_id == evento_id]
        ids += s.scalars(
            text(
                "SELECT comprobante_id FROM sipros_emitir_comprobantes(:e, "
                "CAST(:sol AS bigint[]), CAST(:h AS bytea[]))"
            ),
            {
                "e": evento_id,
                "sol": [d.solicitud_id for d in del_evento],
                "h": [hash_de(d.codigo) for d in del_evento],
            },
        ).all()
    eventos = tuple(e for e in dict.fromkeys(d.evento_id for d in datos) if e is not None)
    return Emision(pdf, len(ids), tuple(ids), eventos)


def emitir_convocatoria(clave: str, evento_id: int | None = None) -> Emision:
    """The command line's «comprobantes imprimir»: vouchers for every approved application of
    the call without a live voucher. Applications already assigned keep their event; the others
    go to ``evento_id``, or to a new event of the call (in the municipality where most of them
    live, next week, place to be confirmed), all in one transaction."""
    with bd.sesion() as s:
        bd.cambio(s, "comprobantes", "eventos")
        conv = s.execute(
            text("SELECT id, nombre FROM convocatoria WHERE clave = :c"),
            {"c": (clave or "").strip().upper()},
        ).first()
        if conv is None:
            raise ErrorDatos(f"No existe la convocatoria «{clave}» (o no está en su alcance).")
        sueltas = list(
            s.scalars(
                text(
                    f"SELECT s.id FROM solicitud s WHERE s.convocatoria_id = :c AND {_POR_EMITIR} "
                    "AND NOT EXISTS (SELECT 1 FROM evento_solicitud a WHERE a.solicitud_id = s.id) "
                    "ORDER BY s.id"
                ),
                {"c": conv.id},
            )
        )
        nuevo = None
        if sueltas:
            if evento_id is None:
                evento_id = nuevo = s.scalar(
                    text(
                        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, "
                        "domicilio, fecha, hora_inicio, hora_fin, responsable) "
                        "SELECT :c, 'Entrega ' || :clave, s.municipio_id, 'Lugar por confirmar', "
                        "sipros_hoy() + 7, '09:00', '15:00', coalesce((SELECT p.nombre FROM "
                        "sipros_mi_perfil() p), session_user) "
                        "FROM solicitud s WHERE s.id = ANY(:ids) GROUP BY s.municipio_id "
                        "ORDER BY count(*) DESC LIMIT 1 RETURNING id"
                    ),
                    {"c": conv.id, "clave": clave.strip().upper(), "ids": sueltas},
                )
            s.execute(
                text("SELECT sipros_asignar_evento(:e, CAST(:ids AS bigint[]))"),
                {"e": evento_id, "ids": sueltas},
            )
        sql = _SQL_DATOS.format(
            extra="",
            union="JOIN evento_solicitud es ON es.solicitud_id = s.id",
            evento="es.evento_id",
            donde=f"s.convocatoria_id = :c AND {_POR_EMITIR}",
        )
        datos = _datos(s, s.execute(text(sql), {"c": conv.id}).all())
        if not datos:
            raise ErrorDatos(
                f"La convocatoria «{clave}» no tiene solicitudes aprobadas sin comprobante."
            )
        return replace(_emitir_en(s, datos), evento_nuevo=nuevo)


def reimprimir(comprobantes: list[int]) -> bytes:
    """New codes for these vouchers (still to be delivered) and their PDF marked REIMPRESIÓN;
    the earlier papers stop working."""
    if not comprobantes:
        raise ErrorDatos("Elija los comprobantes que quiere reimprimir.")
    sql = _SQL_DATOS.format(
        extra=", k.id AS comprobante_id, k.impresiones",
        union="JOIN comprobante k ON k.solicitud_id = s.id",
        evento="k.evento_id",
        donde="k.id = ANY(:ids)",
    )
    with bd.sesion() as s:
        datos = _datos(s, s.execute(text(sql), {"ids": list(comprobantes)}).all())
        if len(datos) != len(set(comprobantes)):
            raise ErrorDatos("Alguno de los comprobantes ya no existe o no está en su alcance.")
        datos = [replace(d, codigo=nuevo_codigo()) for d in datos]
        pdf = generar_pdf(datos)
        s.execute(
            text(
                "SELECT sipros_reimprimir_comprobantes(CAST(:ids AS bigint[]), CAST(:h AS bytea[]))"
            ),
            {"ids": [d.comprobante_id for d in datos], "h": [hash_de(d.codigo) for d in datos]},
        )
    return pdf


def cancelar(comprobante_id: int, motivo: str) -> None:
    """Cancel a voucher (lost, wrong data): it becomes worthless; a new one can be issued."""
    if len((motivo or "").strip()) < 5:
        raise ErrorDatos("Escriba el motivo de la cancelación (extravío, datos erróneos…).")
    with bd.sesion() as s:
        bd.cambio(s, "comprobantes", "eventos")
        s.execute(
            text("SELECT sipros_cancelar_comprobante(:i, :m)"),
            {"i": comprobante_id, "m": motivo.strip()},
        )


# --------------------------------------------------------------------------- the PDF

POR_HOJA = (2, 4)  # columns, rows on a letter page
_MARGEN = 0.8 * cm


def _ajustar(texto: str, fuente: str, tam: float, ancho: float, minimo: float = 6.5):
    """The largest font size (down to ``minimo``) at which ``texto`` fits, eliding if not."""
    while tam > minimo and stringWidth(texto, fuente, tam) > ancho:
        tam -= 0.5
    while stringWidth(texto, fuente, tam) > ancho and len(texto) > 4:
        texto = texto[:-2] + "…"
    return texto, tam


def _logo(lienzo: Canvas, contenido: bytes, x: float, y: float, alto: float) -> float:
    from reportlab.lib.utils import ImageReader

    imagen = ImageReader(io.BytesIO(contenido))
    ancho_px, alto_px = imagen.getSize()
    ancho = alto * ancho_px / alto_px
    lienzo.drawImage(imagen, x, y, ancho, alto, mask="auto")
    return ancho


def _comprobante(lienzo: Canvas, d: DatosComprobante, x: float, y: float, w: float, h: float):
    pad = 0.35 * cm
    izq, arriba = x + pad, y + h - pad
    ancho_texto = w - 2 * pad - 3.2 * cm
    # header: the agency that gives the support
    cursor = izq
    if d.logo:
        cursor += _logo(lienzo, d.logo, izq, arriba - 0.9 * cm, 0.9 * cm) + 0.2 * cm
    t, tam = _ajustar(d.dependencia, "Helvetica-Bold", 8, x + w - pad - cursor)
    lienzo.setFont("Helvetica-Bold", tam)
    lienzo.drawString(cursor, arriba - 0.3 * cm, t)
    t, tam = _ajustar(d.area, "Helvetica", 7, x + w - pad - cursor)
    lienzo.setFont("Helvetica", tam)
    lienzo.drawString(cursor, arriba - 0.62 * cm, t)
    lienzo.setFont("Helvetica-Bold", 7)
    lienzo.drawString(cursor, arriba - 0.92 * cm, "COMPROBANTE DE ENTREGA DE APOYO — SIPROS")
    if d.impresion > 1:
        lienzo.setFillColor(colors.HexColor("#b00020"))
        lienzo.setFont("Helvetica-Bold", 9)
        lienzo.drawRightString(x + w - pad, arriba - 0.92 * cm, f"REIMPRESIÓN {d.impresion - 1}")
        lienzo.setFillColor(colors.black)
    # body: who, what, where
    renglon = arriba - 1.45 * cm
    t, tam = _ajustar(d.nombre, "Helvetica-Bold", 10, ancho_texto, 7)
    lienzo.setFont("Helvetica-Bold", tam)
    lienzo.drawString(izq, renglon, t)
    filas = [
        ("CURP", d.curp),
        ("Folio", d.folio),
        ("Programa", d.programa),
        ("Apoyo", d.tipo_apoyo),
        ("Monto", f"${d.monto:,.2f}"),
        ("Evento", d.evento),
        ("Lugar", d.lugar),
        (
            "Fecha",
            f"{d.fecha:%d/%m/%Y}, de {d.hora_inicio:%H:%M} a {d.hora_fin:%H:%M} h",
        ),
    ]
    for etiqueta, valor in filas:
        renglon -= 0.42 * cm
        lienzo.setFont("Helvetica-Bold", 7)
        lienzo.drawString(izq, renglon, etiqueta)
        disponible = ancho_texto - 1.5 * cm
        if etiqueta == "Lugar" and stringWidth(valor, "Helvetica", 7.5) > disponible:
            # an address takes two lines rather than a tiny font
            primera, *resto = simpleSplit(valor, "Helvetica", 7, disponible) or [""]
            lienzo.setFont("Helvetica", 7)
            lienzo.drawString(izq + 1.5 * cm, renglon, primera)
            renglon -= 0.32 * cm
            valor = " ".join(resto)
        t, tam = _ajustar(valor, "Helvetica", 7.5, disponible, 6)
        lienzo.setFont("Helvetica", tam)
        lienzo.drawString(izq + 1.5 * cm, renglon, t)
    # the QR and the code a person can type
    lado = 3.0 * cm
    qx = x + w - pad - lado
    qy = y + pad + 0.55 * cm
    qr.dibujar(lienzo, d.codigo, qx, qy, lado)
    lienzo.setFont("Courier-Bold", 6.6)
    partes = legible(d.codigo).split("-")
    lienzo.drawCentredString(qx + lado / 2, y + pad + 0.3 * cm, "-".join(partes[:3]))
    lienzo.drawCentredString(qx + lado / 2, y + pad + 0.02 * cm, "-".join(partes[3:]))
    lienzo.setFont("Helvetica", 5.5)
    lienzo.drawString(izq, y + pad, "Presente este comprobante y su identificación oficial (INE).")


def _marcas_de_corte(lienzo: Canvas, x0: float, y0: float, w: float, h: float) -> None:
    """Dashed lines between vouchers and short ticks at the page edge, to cut them apart."""
    columnas, filas = POR_HOJA
    lienzo.saveState()
    lienzo.setStrokeColor(colors.grey)
    lienzo.setLineWidth(0.4)
    lienzo.setDash(3, 3)
    for i in range(columnas + 1):
        lienzo.line(x0 + i * w, y0, x0 + i * w, y0 + filas * h)
    for j in range(filas + 1):
        lienzo.line(x0, y0 + j * h, x0 + columnas * w, y0 + j * h)
    lienzo.restoreState()


def generar_pdf(datos: list[DatosComprobante]) -> bytes:
    """The vouchers as one PDF, eight to a letter page, with cut marks."""
    salida = io.BytesIO()
    lienzo = Canvas(salida, pagesize=LETTER, pageCompression=1)
    lienzo.setTitle("Comprobantes de entrega — SIPROS")
    lienzo.setAuthor("SIPROS Escritorio")
    ancho_hoja, alto_hoja = LETTER
    columnas, filas = POR_HOJA
    w = (ancho_hoja - 2 * _MARGEN) / columnas
    h = (alto_hoja - 2 * _MARGEN) / filas
    por_hoja = columnas * filas
    for i, d in enumerate(datos):
        lugar = i % por_hoja
        if lugar == 0:
            if i:
                lienzo.showPage()
            _marcas_de_corte(lienzo, _MARGEN, _MARGEN, w, h)
        col, fila = lugar % columnas, lugar // columnas
        _comprobante(lienzo, d, _MARGEN + col * w, alto_hoja - _MARGEN - (fila + 1) * h, w, h)
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()
