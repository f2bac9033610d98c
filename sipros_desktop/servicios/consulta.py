"""Consulta ciudadana: the citizen-service desk by exact CURP or by an application's folio.

The desk sees what the citizen would see on «Mis solicitudes» — each application with its
history (what to correct when it is in Corrección), the voucher and delivery event pending,
benefits received from applications and from other agencies' rolls, the text messages sent —
through database functions by exact CURP; the consulta role has no table grant. A look-up is
written to the bitácora and committed (``sipros_consulta_anotar``) before its answer is read
(``sipros_consulta``): the database counts it against the staff member's limit (60 in 10 minutes
by default) and refuses the excess. It changes phone, e-mail and SMS consent (with the
identification the clerk checked; a new phone warns the previous one by SMS, and the notices
still waiting follow it), resends the message the look-up showed (``Expediente.reenvio``, to the
phone shown) and prints a constancia — only for a citizen looked up in the last 30 minutes.
Times are on the offices' clock (``horario``).

A folio (the one on the acuse) finds its citizen in one look-up, logged and counted like a CURP
look-up (``sipros_consulta_anotar_folio``); an unknown folio is a look-up too. The answer says
what each application carries (support type, amount, documents by name) and the calls open
today, each with whether the citizen may apply and why not — decided by the front desk's own
rules (``ventanilla.elegibilidad``) over the data the database function hands over.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import curp as scurp
from sipros_desktop.servicios import horario, pobreza, sms, telefonos, ventanilla
from sipros_desktop.servicios.ventanilla import ConvocatoriaDisponible

_CORREO_MAX = 254
# the documents a clerk may check before changing a phone or the SMS consent (the database has
# the same list: sipros_identificaciones())
IDENTIFICACIONES = (
    "INE", "Pasaporte", "Cédula profesional", "Licencia de conducir", "Cartilla militar",
    "Credencial INAPAM", "Matrícula consular",
)  # fmt: skip


class LimiteDeConsultas(ErrorDatos):
    """The database refused a look-up: the staff member reached the limit of the window."""


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
    monto: Decimal | None = None  # of its support type
    documentos: tuple[str, ...] = ()  # the documents it carries, by name (never their contents)

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
class CambioContacto:
    """A change of contact data made at the desk, as the citizen's history shows it."""

    fecha: datetime
    usuario: str
    identificacion: str
    referencia: str
    telefono_antes: str
    telefono_despues: str
    acepta_sms_antes: bool
    acepta_sms_despues: bool
    correo: bool
    aviso_estado: str | None  # the SMS to the previous number
    aviso_telefono: str | None

    @property
    def descripcion(self) -> str:
        partes = []
        if self.telefono_antes != self.telefono_despues:
            antes = telefonos.legible(self.telefono_antes) or "sin teléfono"
            despues = telefonos.legible(self.telefono_despues) or "sin teléfono"
            partes.append(f"Teléfono: {antes} → {despues}")
        if self.acepta_sms_antes != self.acepta_sms_despues:
            partes.append("Ahora acepta SMS" if self.acepta_sms_despues else "Ya no acepta SMS")
        if self.correo:
            partes.append("Correo electrónico cambiado")
        return "; ".join(partes)

    @property
    def identificacion_texto(self) -> str:
        if not self.identificacion:
            return "—"
        return f"{self.identificacion} terminada en {self.referencia}"

    @property
    def aviso_texto(self) -> str:
        if self.aviso_estado is None:
            return ""
        return f"{self.aviso_estado} al {telefonos.legible(self.aviso_telefono or '')}"


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
    contactos: tuple[CambioContacto, ...] = ()
    # the message «Reenviar último SMS» repeats, as the database chooses it (its newest one not
    # cancelled; it may be older than the messages listed)
    reenvio: MensajeEnviado | None = None
    # what is left of the staff member's limit after this look-up: (look-ups, of, minutes)
    cuota: tuple[int, int, int] | None = None
    # the calls open today, eligible first, each with why not when the citizen may not apply
    convocatorias: tuple[ConvocatoriaDisponible, ...] = ()
    folio: str | None = None  # the folio typed, when the look-up was by folio

    @property
    def nombre_completo(self) -> str:
        return " ".join(x for x in (self.nombre, self.apellido_paterno, self.apellido_materno) if x)

    @property
    def fusionada(self) -> bool:
        """The CURP typed is an earlier CURP of this person (merged file)."""
        return self.buscada != self.curp


def _fecha_hora(v: str | None) -> datetime | None:
    """An instant of the database on the offices' clock (whatever the PC's zone)."""
    return horario.local(datetime.fromisoformat(v)) if v else None


def _mensaje(m: dict[str, Any]) -> MensajeEnviado:
    return MensajeEnviado(
        m["id"], m["evento"], m["texto"], m["estado"], _fecha_hora(m["creado"]),
        _fecha_hora(m.get("enviado")), m["telefono"],
    )  # fmt: skip


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
                monto=None if s.get("monto") is None else Decimal(str(s["monto"])),
                documentos=tuple(x["tipo"] for x in s.get("documentos") or []),
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
    mensajes = tuple(_mensaje(m) for m in d["mensajes"])
    contactos = tuple(
        CambioContacto(
            _fecha_hora(k["fecha"]), k["usuario"], k.get("identificacion") or "",
            k.get("referencia") or "", k.get("telefono_antes") or "",
            k.get("telefono_despues") or "", bool(k["acepta_sms_antes"]),
            bool(k["acepta_sms_despues"]), bool(k["correo"]), k.get("aviso_estado"),
            (k.get("aviso_telefono") or "").removeprefix("+52") or None,
        )
        for k in d.get("contactos") or []
    )  # fmt: skip
    return Expediente(
        curp=d["curp"], buscada=d["buscada"], nombre=d["nombre"],
        apellido_paterno=d["apellido_paterno"], apellido_materno=d.get("apellido_materno") or "",
        telefono=d.get("telefono") or "", correo=d.get("correo") or "",
        acepta_sms=bool(d.get("acepta_sms")), municipio=d.get("municipio") or "",
        solicitudes=tuple(solicitudes), beneficios=beneficios, mensajes=mensajes,
        consultado=horario.ahora(), contactos=contactos,
        reenvio=_mensaje(d["reenvio"]) if d.get("reenvio") else None,
        convocatorias=_convocatorias(d),
    )  # fmt: skip


def _convocatorias(d: dict[str, Any]) -> tuple[ConvocatoriaDisponible, ...]:
    """The calls open today with the front desk's eligibility, from the look-up's answer."""
    if not d.get("fecha_nacimiento") or "convocatorias" not in d:
        return ()
    abiertas = [
        ventanilla.ConvocatoriaAbierta(
            id=c["id"], clave=c["clave"], nombre=c["nombre"], programa=c["programa"],
            programa_clave=c["programa_clave"], proceso=c["proceso"],
            fecha_cierre=date.fromisoformat(c["fecha_cierre"]), reglas=c.get("reglas") or {},
            cupo=c.get("cupo"), otorgadas=c.get("otorgadas") or 0,
            tipos=tuple(
                ventanilla.OpcionApoyo(t["id"], t["nombre"], Decimal(str(t["monto"])),
                                       t["modalidad"])
                for t in c.get("tipos") or []
            ),
            documentos_requeridos=tuple(c.get("documentos_requeridos") or ()),
            formulario_id=c.get("formulario_id"),
        )
        for c in d["convocatorias"]
    ]  # fmt: skip
    vivas = {
        s["convocatoria_id"]: s["folio"]
        for s in d["solicitudes"]
        if s["estado"] not in ("Rechazada", "Baja") and s.get("convocatoria_id") is not None
    }
    return tuple(
        ventanilla.elegibilidad(
            abiertas, date.fromisoformat(d["fecha_nacimiento"]), d["sexo"],
            d.get("municipio_clave"), vivas, date.fromisoformat(d["hoy"]),
            _medicion(d.get("pobreza")),
        )
    )  # fmt: skip


def _medicion(p: dict | None):
    """The household's poverty as the look-up hands it over: the classification and whether
    it has each deprivation (no reasons: the desk needs only what eligibility decides on)."""
    if not p:
        return None
    return pobreza.Medicion(
        0, p["clasificacion"],
        tuple(pobreza.Carencia(c, n, (p.get("carencias") or {}).get(c), "")
              for c, n in pobreza.CARENCIAS),
        (), None, None, None, None, None, None, None, 0, None, None,
    )  # fmt: skip


# a folio as the acuse prints it: date, programme key, consecutive (18/11/2022-APTEC-43669)
# — or a field brigade's provisional folio (BR-3FA9C2-0007), or the QR of its acuse
_FOLIO = re.compile(
    r"^([0-9]{2}/[0-9]{2}/[0-9]{4}-[A-Z0-9]+-[0-9]+|BR-[0-9A-F]{6}-[0-9]{4,}"
    r"|SIPROS-BRIGADA:[0-9A-F-]{36})$"
)


def es_folio(texto: str) -> bool:
    """Whether ``texto`` (as typed: spaces, lower case) is written like a folio."""
    return bool(_FOLIO.match(_limpiar_folio(texto)))


def _limpiar_folio(texto: str) -> str:
    return "".join((texto or "").split()).upper()


def revisar_curp(texto_curp: str) -> str:
    c = scurp.limpiar(texto_curp)
    if not c:
        raise ErrorDatos("Escriba o escanee la CURP del ciudadano, o el folio de su solicitud.")
    info = scurp.analizar(c)
    if not info.valida:
        raise ErrorDatos("La CURP no es válida: " + " ".join(info.errores))
    return c


def buscar(texto: str) -> Expediente | None:
    """The citizen's file by exact CURP (a merged CURP finds the surviving file) or by the folio
    of one of their applications; None when nobody is registered with that CURP, ErrorDatos
    for a folio that does not exist. Each call is one look-up in the bitácora, committed before
    the answer is read; past the limit, LimiteDeConsultas with the database's message."""
    folio = None
    if es_folio(texto):
        folio = _limpiar_folio(texto)
        with bd.sesion() as s:
            anotada = s.scalar(text("SELECT sipros_consulta_anotar_folio(:f)"), {"f": folio})
        if anotada.get("rechazo"):
            raise LimiteDeConsultas(anotada["rechazo"])
        c = anotada.get("curp")
        if c is None and folio.startswith(("BR-", "SIPROS-BRIGADA:")):
            raise ErrorDatos(
                f"La solicitud de brigada {folio} todavía no llega al sistema: la brigada no ha "
                "sincronizado sus capturas. Busque con la CURP del ciudadano o pregunte más tarde."
            )
        if c is None:
            raise ErrorDatos(
                f"No existe ninguna solicitud con el folio {folio}. Revíselo contra el acuse "
                "(fecha, clave del programa y número, p. ej. 18/11/2022-APTEC-43669) o busque "
                "con la CURP del ciudadano."
            )
        folio = anotada.get("folio") or folio  # a provisional folio: the application's own
    else:
        c = revisar_curp(texto)
        with bd.sesion() as s:
            anotada = s.scalar(text("SELECT sipros_consulta_anotar(:c)"), {"c": c})
        if anotada.get("rechazo"):  # (the refusal is in the bitácora too)
            raise LimiteDeConsultas(anotada["rechazo"])
    with bd.sesion() as s:
        r = s.scalar(text("SELECT sipros_consulta(:c)"), {"c": c})
    if r is None:
        return None
    cuota = (anotada["restantes"], anotada["limite"], anotada["minutos"])
    return replace(_expediente(r), cuota=cuota, folio=folio)


def revisar_identificacion(identificacion: str, referencia: str) -> tuple[str, str]:
    """(type, last 4 characters) as the database keeps them; ("", "") when not given."""
    identificacion = identificacion.strip()
    referencia = "".join(referencia.split()).upper()
    if not identificacion and not referencia:
        return "", ""
    if identificacion not in IDENTIFICACIONES:
        raise ErrorDatos("Elija la identificación que revisó: " + ", ".join(IDENTIFICACIONES) + ".")
    if len(referencia) != 4 or not referencia.isascii() or not referencia.isalnum():
        raise ErrorDatos(
            "De la identificación anote los últimos 4 caracteres de su número (letras o "
            "dígitos), no el número completo."
        )
    return identificacion, referencia


def cambiar_contacto(
    texto_curp: str,
    telefono: str,
    correo: str,
    acepta_sms: bool,
    identificacion: str = "",
    referencia: str = "",
) -> int | None:
    """Phone (any Mexican notation), e-mail and SMS consent, in one transaction; the bitácora
    keeps the old and new values. A change of phone or consent needs the identification the
    clerk checked (the database refuses it without one). Returns the id of the SMS that warns
    the previous number, when the phone changed and there was one."""
    c = revisar_curp(texto_curp)
    diez = telefonos.normalizar(telefono)
    correo = correo.strip()
    if correo and ("@" not in correo or len(correo) > _CORREO_MAX):
        raise ErrorDatos(f"El correo electrónico «{correo}» no es válido.")
    if acepta_sms and not diez:
        raise ErrorDatos("Para recibir mensajes SMS, escriba el teléfono celular del ciudadano.")
    identificacion, referencia = revisar_identificacion(identificacion, referencia)
    with bd.sesion() as s:
        r = s.scalar(
            text("SELECT sipros_consulta_contacto(:c, :t, :e, :a, :i, :r)"),
            {"c": c, "t": diez or None, "e": correo or None, "a": acepta_sms,
             "i": identificacion or None, "r": referencia or None},
        )  # fmt: skip
    return r.get("aviso")


def reenviar(texto_curp: str, mensaje: int, telefono: str) -> int:
    """Queues again message ``mensaje`` (the ``reenvio`` of the look-up) to ``telefono`` (the
    10 digits the look-up showed); the database refuses, changing nothing, when since the
    look-up another message became the last one or the phone changed. The new message's id."""
    c = revisar_curp(texto_curp)
    with bd.sesion() as s:
        return s.scalar(
            text("SELECT sipros_consulta_reenviar(:c, :m, :t)"),
            {"c": c, "m": mensaje, "t": telefono},
        )


def enviar(texto_curp: str, texto_mensaje: str) -> int:
    c, x = revisar_curp(texto_curp), sms.revisar_texto(texto_mensaje)
    with bd.sesion() as s:
        return s.scalar(text("SELECT sipros_consulta_sms(:c, :x)"), {"c": c, "x": x})


# ---------------------------------------------------------------------------
# The constancia (PDF for the citizen)
# ---------------------------------------------------------------------------
def _el_a_las(instante: datetime) -> str:
    return f"{horario.local(instante):%d/%m/%Y a las %H:%M}"


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
        p(f"Emitida el {_el_a_las(e.consultado)} · Atendió: {atendio}", normal),
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
    if e.contactos:  # so the citizen sees any change of the phone their notices go to
        historia += [Spacer(1, 0.4 * cm), Paragraph("Cambios de datos de contacto",
                                                   estilos["Heading3"])]  # fmt: skip
        filas = [
            [p(horario.fecha_hora(k.fecha)), p(k.descripcion), p(k.identificacion_texto),
             p(k.usuario)]
            for k in e.contactos
        ]  # fmt: skip
        historia.append(tabla(["Fecha", "Cambio", "Identificación revisada", "Atendió"], filas,
                              [2.9 * cm, 7.5 * cm, 4.2 * cm, 3.3 * cm]))  # fmt: skip
    historia += [
        Spacer(1, 0.6 * cm),
        p(
            "Esta constancia refleja la información registrada en el Sistema de Programas "
            f"Sociales (SIPROS) el {_el_a_las(e.consultado)}. No sustituye la "
            "resolución de cada programa conforme a sus reglas de operación."
        ),
    ]
    doc.build(historia)
    return salida.getvalue()
