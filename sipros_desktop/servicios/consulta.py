"""Consulta ciudadana: the citizen-service desk by exact CURP.

The desk sees what the citizen would see on «Mis solicitudes» — each application with its
history (what to correct when it is in Corrección), the voucher and delivery event pending,
benefits received from applications and from other agencies' rolls, the text messages sent —
through one database function (``sipros_consulta``, one bitácora row per look-up); the consulta
role has no table grant. It changes phone, e-mail and SMS consent, resends the last message and
prints a constancia.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import sms, telefonos

_CORREO_MAX = 254


@dataclass(frozen=True)
class Paso:
    estado: str
    fecha: datetime
    comentario: str


@dataclass(frozen=True)
class EventoEntrega:
    nombre: str
    domicilio: str
    municipio: str
    fecha: date
    hora_inicio: str
    hora_fin: str

    @property
    def texto(self) -> str:
        return (
            f"{self.fecha:%d/%m/%Y} de {self.hora_inicio} a {self.hora_fin} en {self.nombre}, "
            f"{self.domicilio}, {self.municipio}"
        )


@dataclass(frozen=True)
class SolicitudCiudadano:
    folio: str
    programa: str
    dependencia: str
    convocatoria: str
    tipo_apoyo: str
    estado: str
    fecha_solicitud: date
    historial: tuple[Paso, ...]
    correccion: str | None
    comprobante: str | None  # state of the live voucher
    evento: EventoEntrega | None

    @property
    def pendiente(self) -> str:
        """What the citizen has to do or wait for next, in one sentence."""
        if self.estado == "Corrección":
            return f"Debe corregir: {self.correccion or 'acuda a ventanilla'}"
        if self.estado == "Aprobada":
            if self.evento is not None and self.comprobante == "Vigente":
                return f"Recoger el apoyo con su comprobante QR: {self.evento.texto}"
            if self.evento is not None:
                return f"Entrega programada: {self.evento.texto} (comprobante por emitir)"
            return "Aprobada: falta que se programe la entrega"
        return ""


@dataclass(frozen=True)
class BeneficioRecibido:
    programa: str
    dependencia: str
    tipo_apoyo: str
    fecha_entrega: date
    monto: Decimal | None
    folio: str | None
    origen: str


@dataclass(frozen=True)
class MensajeEnviado:
    id: int
    evento: str
    texto: str
    estado: str
    creado: datetime
    enviado: datetime | None
    telefono: str

    @property
    def evento_texto(self) -> str:
        return sms.EVENTOS.get(self.evento, self.evento)


@dataclass(frozen=True)
class Expediente:
    curp: str
    buscada: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str
    telefono: str
    correo: str
    acepta_sms: bool
    municipio: str
    solicitudes: tuple[SolicitudCiudadano, ...]
    beneficios: tuple[BeneficioRecibido, ...]
    mensajes: tuple[MensajeEnviado, ...]
    consultado: datetime

    @property
    def nombre_completo(self) -> str:
        return " ".join(x for x in (self.nombre, self.apellido_paterno, self.apellido_materno) if x)

    @property
    def fusionada(self) -> bool:
        """The CURP typed is an earlier CURP of this person (merged file)."""
        return self.buscada != self.curp


def _fecha_hora(v: str | None) -> datetime | None:
    return datetime.fromisoformat(v).astimezone() if v else None


def _expediente(d: dict[str, Any]) -> Expediente:
    solicitudes = []
    for s in d["solicitudes"]:
        ev = s.get("evento")
        solicitudes.append(
            SolicitudCiudadano(
                folio=s["folio"], programa=s["programa"], dependencia=s["dependencia"],
                convocatoria=s["convocatoria"], tipo_apoyo=s.get("tipo_apoyo") or "",
                estado=s["estado"], fecha_solicitud=date.fromisoformat(s["fecha_solicitud"]),
                historial=tuple(
                    Paso(h["estado"], _fecha_hora(h["fecha"]), h.get("comentario") or "")
                    for h in s.get("historial") or []
                ),
                correccion=s.get("correccion"),
                comprobante=(s.get("comprobante") or {}).get("estado"),
                evento=None if not ev else EventoEntrega(
                    ev["nombre"], ev["domicilio"], ev["municipio"],
                    date.fromisoformat(ev["fecha"]), ev["hora_inicio"], ev["hora_fin"],
                ),
            )
        )  # fmt: skip
    beneficios = tuple(
        BeneficioRecibido(
            b["programa"], b["dependencia"], b.get("tipo_apoyo") or "",
            date.fromisoformat(b["fecha_entrega"]),
            None if b.get("monto") is None else Decimal(str(b["monto"])),
            b.get("folio"), b["origen"],
        )
        for b in d["beneficios"]
    )  # fmt: skip
    mensajes = tuple(
        MensajeEnviado(m["id"], m["evento"], m["texto"], m["estado"], _fecha_hora(m["creado"]),
                       _fecha_hora(m.get("enviado")), m["telefono"])
        for m in d["mensajes"]
    )  # fmt: skip
    return Expediente(
        curp=d["curp"], buscada=d["buscada"], nombre=d["nombre"],
        apellido_paterno=d["apellido_paterno"], apellido_materno=d.get("apellido_materno") or "",
        telefono=d.get("telefono") or "", correo=d.get("correo") or "",
        acepta_sms=bool(d.get("acepta_sms")), municipio=d.get("municipio") or "",
        solicitudes=tuple(solicitudes), beneficios=beneficios, mensajes=mensajes,
        consultado=datetime.now().astimezone(),
    )  # fmt: skip


def revisar_curp(texto_curp: str) -> str:
    c = scurp.limpiar(texto_curp)
    if not c:
        raise ErrorDatos("Escriba o escanee la CURP del ciudadano.")
    info = scurp.analizar(c)
    if not info.valida:
        raise ErrorDatos("La CURP no es válida: " + " ".join(info.errores))
    return c


def buscar(texto_curp: str) -> Expediente | None:
    """The citizen's file by exact CURP (a merged CURP finds the surviving file); None when
    nobody is registered with it. Each call is one look-up in the bitácora."""
    c = revisar_curp(texto_curp)
    with bd.sesion() as s:
        r = s.scalar(text("SELECT sipros_consulta(:c)"), {"c": c})
    return None if r is None else _expediente(r)


def cambiar_contacto(texto_curp: str, telefono: str, correo: str, acepta_sms: bool) -> None:
    """Phone (any Mexican notation), e-mail and SMS consent, in one transaction; the bitácora
    keeps the old and new values."""
    c = revisar_curp(texto_curp)
    diez = telefonos.normalizar(telefono)
    correo = correo.strip()
    if correo and ("@" not in correo or len(correo) > _CORREO_MAX):
        raise ErrorDatos(f"El correo electrónico «{correo}» no es válido.")
    if acepta_sms and not diez:
        raise ErrorDatos("Para recibir mensajes SMS, escriba el teléfono celular del ciudadano.")
    with bd.sesion() as s:
        s.execute(
            text("SELECT sipros_consulta_contacto(:c, :t, :e, :a)"),
            {"c": c, "t": diez or None, "e": correo or None, "a": acepta_sms},
        )


def reenviar_ultimo(texto_curp: str) -> int:
    return sms.reenviar_ultimo(revisar_curp(texto_curp))


def enviar(texto_curp: str, texto_mensaje: str) -> int:
    return sms.enviar_a_ciudadano(revisar_curp(texto_curp), texto_mensaje)


# ---------------------------------------------------------------------------
# The constancia (PDF for the citizen)
# ---------------------------------------------------------------------------
def _dinero(m: Decimal | None) -> str:
    return "" if m is None else f"${m:,.2f}"


def constancia_pdf(e: Expediente, atendio: str) -> bytes:
    """What the citizen applied for, its state, and what they received, as the desk saw it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    salida = io.BytesIO()
    doc = SimpleDocTemplate(
        salida, pagesize=LETTER, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.6 * cm,
        bottomMargin=1.6 * cm, title=f"Constancia {e.curp}", author="SIPROS Escritorio",
    )  # fmt: skip
    estilos = getSampleStyleSheet()
    normal = estilos["BodyText"]
    chico = ParagraphStyle("chico", parent=normal, fontSize=8, leading=10)
    titulo = ParagraphStyle("titulo", parent=estilos["Title"], fontSize=15, spaceAfter=2)

    def p(t: str, estilo=chico) -> Paragraph:
        return Paragraph(escape(t).replace("\n", "<br/>"), estilo)

    def tabla(encabezado: list[str], filas: list[list[Any]], anchos: list[float]) -> Table:
        t = Table([[p(x) for x in encabezado], *filas], colWidths=anchos, repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1e9ee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        return t

    historia: list[Any] = [
        Paragraph("Gobierno del Estado de Querétaro — SIPROS", estilos["Heading4"]),
        Paragraph("CONSTANCIA DE SOLICITUDES Y APOYOS", titulo),
        p(f"Emitida el {e.consultado:%d/%m/%Y a las %H:%M} · Atendió: {atendio}", normal),
        Paragraph("Ciudadano", estilos["Heading3"]),
        tabla(
            ["CURP", "Nombre", "Municipio"],
            [[p(e.curp), p(e.nombre_completo), p(e.municipio or "—")]],
            [4.3 * cm, 8.6 * cm, 5 * cm],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("Solicitudes", estilos["Heading3"]),
    ]
    if e.solicitudes:
        filas = []
        for s in e.solicitudes:
            detalle = s.estado + (f"\n{s.pendiente}" if s.pendiente else "")
            filas.append([
                p(s.folio), p(f"{s.programa}\n{s.dependencia}"), p(s.tipo_apoyo or "—"),
                p(f"{s.fecha_solicitud:%d/%m/%Y}"), p(detalle),
            ])  # fmt: skip
        historia.append(tabla(["Folio", "Programa", "Tipo de apoyo", "Fecha", "Estado"], filas,
                              [4.3 * cm, 4.4 * cm, 2.6 * cm, 1.9 * cm, 4.7 * cm]))  # fmt: skip
    else:
        historia.append(p("No tiene solicitudes registradas.", normal))
    historia += [Spacer(1, 0.4 * cm), Paragraph("Apoyos recibidos", estilos["Heading3"])]
    if e.beneficios:
        filas = [
            [p(f"{b.fecha_entrega:%d/%m/%Y}"), p(f"{b.programa}\n{b.dependencia}"),
             p(b.tipo_apoyo or "—"), p(_dinero(b.monto)),
             p(b.folio or ("Padrón de la dependencia" if b.origen == "Carga masiva" else b.origen))]
            for b in e.beneficios
        ]  # fmt: skip
        total = sum((b.monto for b in e.beneficios if b.monto is not None), Decimal(0))
        historia.append(tabla(["Fecha", "Programa", "Tipo de apoyo", "Monto", "Folio / origen"],
                              filas, [2 * cm, 6 * cm, 3.2 * cm, 2.4 * cm, 4.3 * cm]))  # fmt: skip
        historia.append(p(f"{len(e.beneficios)} apoyos; monto total {_dinero(total)}.", normal))
    else:
        historia.append(p("No tiene apoyos registrados.", normal))
    historia += [
        Spacer(1, 0.6 * cm),
        p(
            "Esta constancia refleja la información registrada en el Sistema de Programas "
            f"Sociales (SIPROS) el {e.consultado:%d/%m/%Y a las %H:%M}. No sustituye la "
            "resolución de cada programa conforme a sus reglas de operación."
        ),
    ]
    doc.build(historia)
    return salida.getvalue()
