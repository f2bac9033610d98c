"""Text messages to citizens: templates per event, the outbox, manual and test messages.

The messages of events (application filed, correction requested, approved, voucher issued,
delivered) are written by the database in the event's own transaction (migration 0013); this
module reads and manages them. Sending is the dispatcher's job (``servicios/despachador``).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios import horario, telefonos

EVENTOS = {
    "solicitud_registrada": "Solicitud registrada",
    "correccion": "Corrección solicitada",
    "aprobada": "Solicitud aprobada",
    "comprobante": "Comprobante emitido",
    "entregada": "Apoyo entregado",
    "manual": "Mensaje manual",
    "reenvio": "Reenvío",
    "prueba": "Mensaje de prueba",
    "cambio_telefono": "Cambio de teléfono",
}
ESTADOS = ("Pendiente", "Enviando", "Enviado", "Fallido", "Incierto", "Cancelado")
MAX_CARACTERES = 918  # 6 GSM-7 parts; the database refuses more
TAM_PAGINA = 200

# GSM 03.38: the basic set (one septet each) and the extension table (escape + one: two each)
_GSM_BASICO = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = set("^{}\\[~]|€\f")
_EQUIVALENTES = {"«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-",
                 "—": "-", "…": "...", "\u00a0": " ", "•": "-", "°": "o"}  # fmt: skip

# sample values for the preview of each template
EJEMPLO = {
    "nombre": "María",
    "folio": "SEDESOQ-BIEN-000123",
    "programa": "Apoyo Alimentario",
    "tipo_apoyo": "Despensa",
    "comentario": "Falta la copia de la identificación oficial",
    "lugar": "Auditorio Municipal, Av. Juárez 10, Querétaro",
    "fecha": "15/12/2026",
    "hora": "09:00 a 14:00",
    "cuando": "15/12/2026 10:42",
    "oficina": "SEDESOQ",
    "nuevo": "termina en 34",
}


@dataclass(frozen=True)
class Segmentos:
    codificacion: str  # "GSM-7" or "UCS-2"
    unidades: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    partes: int
    por_parte: int  # how many units fit in each part of this message
    fuera_de_gsm: tuple[str, ...]  # the characters that force UCS-2

    @property
    def descripcion(self) -> str:
        if self.unidades == 0:
            return "Mensaje vacío"
        partes = "1 mensaje" if self.partes == 1 else f"{self.partes} mensajes"
        texto = f"{self.unidades} caracteres {self.codificacion} → {partes} SMS"
        if self.fuera_de_gsm:
            letras = " ".join(self.fuera_de_gsm)
            texto += (
                f". Por {letras} todo el mensaje va en UCS-2 (70 caracteres por SMS en vez de 160)"
            )
        return texto


def contar(texto: str) -> Segmentos:
    """How many SMS parts a text takes: GSM-7 160 (153 per part when split), or UCS-2 70 (67)
    as soon as one character is outside GSM-7."""
    fuera = tuple(dict.fromkeys(c for c in texto if c not in _GSM_BASICO | _GSM_EXTENSION))
    if fuera:
        unidades = len(texto.encode("utf-16-le")) // 2
        uno, varios, cod = 70, 67, "UCS-2"
    else:
        unidades = sum(2 if c in _GSM_EXTENSION else 1 for c in texto)
        uno, varios, cod = 160, 153, "GSM-7"
    partes = 0 if unidades == 0 else 1 if unidades <= uno else math.ceil(unidades / varios)
    return Segmentos(cod, unidades, partes, uno if partes <= 1 else varios, fuera)


def quitar_acentos(texto: str) -> str:
    """The text with every character GSM-7 lacks replaced by its plain form (á → a, « → ");
    what GSM-7 has (ñ, é, ü, ¿, ¡) stays."""
    salida = []
    for c in texto:
        if c in _GSM_BASICO or c in _GSM_EXTENSION:
            salida.append(c)
        elif c in _EQUIVALENTES:
            salida.append(_EQUIVALENTES[c])
        else:
            base = "".join(
                x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)
            )
            salida.append(base if base and all(x in _GSM_BASICO for x in base) else c)
    return "".join(salida)


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Plantilla:
    evento: str
    nombre: str
    variables: tuple[str, ...]
    texto: str
    activa: bool
    sin_acentos: bool
    actualizado: datetime
    actualizado_por: str


def plantillas() -> list[Plantilla]:
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT evento, nombre, variables, texto, activa, sin_acentos, actualizado, "
                "actualizado_por FROM plantilla_mensaje ORDER BY orden"
            )
        ).all()
    return [Plantilla(f[0], f[1], tuple(f[2]), *f[3:]) for f in filas]


def vista_previa(texto_plantilla: str, sin_acentos: bool = False) -> str:
    """The template with sample values, as the database will write it."""
    with bd.sesion() as s:
        return s.scalar(
            text("SELECT sipros_plantilla_aplicar(:t, CAST(:d AS jsonb), :a)"),
            {"t": texto_plantilla, "d": _json(EJEMPLO), "a": sin_acentos},
        )


def guardar_plantilla(evento: str, texto_plantilla: str, activa: bool, sin_acentos: bool) -> None:
    texto_plantilla = texto_plantilla.strip()
    if not texto_plantilla:
        raise ErrorDatos("Escriba el texto del mensaje.")
    with bd.sesion() as s:
        n = s.execute(
            text(
                "UPDATE plantilla_mensaje SET texto = :t, activa = :a, sin_acentos = :s "
                "WHERE evento = :e"
            ),
            {"t": texto_plantilla, "a": activa, "s": sin_acentos, "e": evento},
        ).rowcount
    if n != 1:
        raise ErrorDatos(
            "Las plantillas valen para todo el estado: solo un administrador estatal las cambia."
        )


def _json(d: dict[str, Any]) -> str:
    import json

    return json.dumps(d, ensure_ascii=False)


# ---------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FiltroMensajes:
    estado: str | None = None
    evento: str | None = None
    desde: date | None = None
    hasta: date | None = None
    telefono: str = ""

    def condiciones(self) -> tuple[str, dict[str, Any]]:
        partes, p = ["true"], {}
        if self.estado is not None:
            if self.estado not in ESTADOS:
                raise ErrorDatos(f"Estado desconocido: {self.estado}.")
            partes.append("m.estado = :estado")
            p["estado"] = self.estado
        if self.evento is not None:
            if self.evento not in EVENTOS:
                raise ErrorDatos(f"Evento desconocido: {self.evento}.")
            partes.append("m.evento = :evento")
            p["evento"] = self.evento
        if self.desde and self.hasta and self.desde > self.hasta:
            raise ErrorDatos("La fecha «desde» es posterior a la fecha «hasta».")
        if self.desde:
            partes.append("m.creado >= :desde")
            p["desde"] = horario.inicio_del_dia(self.desde)
        if self.hasta:
            partes.append("m.creado < :hasta")
            p["hasta"] = horario.fin_del_dia(self.hasta)
        if self.telefono.strip():
            partes.append("m.telefono = :telefono")
            p["telefono"] = telefonos.e164(self.telefono)
        return " AND ".join(partes), p


@dataclass(frozen=True)
class Mensaje:
    id: int
    evento: str
    estado: str
    telefono: str
    texto: str
    curp: str | None
    folio: str | None
    intentos: int
    creado: datetime
    creado_por: str
    proximo_intento: datetime
    enviado: datetime | None
    respuesta: str | None
    proveedor: str | None

    @property
    def evento_texto(self) -> str:
        return EVENTOS.get(self.evento, self.evento)

    @property
    def partes(self) -> int:
        return contar(self.texto).partes

    @property
    def clave_orden(self) -> tuple[int]:
        return (self.id,)


@dataclass(frozen=True)
class PaginaMensajes:
    filas: list[Mensaje]
    hay_mas: bool


_COLUMNAS = (
    "m.id, m.evento, m.estado, m.telefono, m.texto, c.curp, s.folio, m.intentos, m.creado, "
    "m.creado_por, m.proximo_intento, m.enviado, m.respuesta, m.proveedor"
)


def mensajes(
    filtro: FiltroMensajes, despues: int | None = None, limite: int = TAM_PAGINA
) -> list[Mensaje]:
    """The outbox newest first (keyset pages by id)."""
    donde, p = filtro.condiciones()
    if despues is not None:
        donde += " AND m.id < :despues"
        p["despues"] = despues
    p["limite"] = limite
    with bd.sesion() as s:
        filas = s.execute(
            text(
                f"SELECT {_COLUMNAS} FROM mensaje m "
                "LEFT JOIN ciudadano c ON c.id = m.ciudadano_id "
                "LEFT JOIN solicitud s ON s.id = m.solicitud_id "
                f"WHERE {donde} ORDER BY m.id DESC LIMIT :limite"
            ),
            p,
        ).all()
    return [Mensaje(*f) for f in filas]


def pagina_mensajes(
    filtro: FiltroMensajes, despues: tuple[int] | None, limite: int = TAM_PAGINA
) -> PaginaMensajes:
    filas = mensajes(filtro, despues[0] if despues else None, limite + 1)
    return PaginaMensajes(filas[:limite], len(filas) > limite)


def contar_mensajes(filtro: FiltroMensajes) -> dict[str, int]:
    """Messages per state under the filter (state filter aside: the counts are the tabs)."""
    donde, p = FiltroMensajes(None, filtro.evento, filtro.desde, filtro.hasta,
                              filtro.telefono).condiciones()  # fmt: skip
    with bd.sesion() as s:
        filas = s.execute(
            text(f"SELECT m.estado, count(*) FROM mensaje m WHERE {donde} GROUP BY m.estado"), p
        ).all()
    return {e: n for e, n in filas}


def reintentar(ids: list[int]) -> int:
    if not ids:
        raise ErrorDatos("Elija los mensajes que quiere reintentar.")
    with bd.sesion() as s:
        n = s.scalar(text("SELECT sipros_sms_reintentar(:ids)"), {"ids": list(ids)})
    if not n:
        raise ErrorDatos("Solo se reintentan mensajes fallidos, inciertos o cancelados.")
    return n


def cancelar(ids: list[int]) -> int:
    if not ids:
        raise ErrorDatos("Elija los mensajes que quiere cancelar.")
    with bd.sesion() as s:
        n = s.scalar(text("SELECT sipros_sms_cancelar(:ids)"), {"ids": list(ids)})
    if not n:
        raise ErrorDatos(
            "Solo se cancelan mensajes pendientes, fallidos o inciertos (uno que se está "
            "enviando ya salió hacia el proveedor)."
        )
    return n


@dataclass(frozen=True)
class Resumen:
    por_estado: dict[str, int]
    mas_antiguo: dict[str, datetime]


def resumen() -> Resumen:
    with bd.sesion() as s:
        filas = s.execute(text("SELECT estado, mensajes, mas_antiguo FROM sipros_sms_resumen()"))
        filas = filas.all()
    return Resumen({e: n for e, n, _ in filas}, {e: t for e, _, t in filas})


# ---------------------------------------------------------------------------
# Messages a person writes
# ---------------------------------------------------------------------------
def revisar_texto(t: str) -> str:
    """A message a person wrote, trimmed; refused when empty or longer than 6 parts."""
    t = t.strip()
    if not t:
        raise ErrorDatos("Escriba el texto del mensaje.")
    if len(t) > MAX_CARACTERES:
        raise ErrorDatos(
            f"El mensaje tiene {len(t):,} caracteres; el máximo es {MAX_CARACTERES} (6 SMS)."
        )
    return t


def enviar_a_telefono(telefono: str, texto_mensaje: str, prueba: bool = False) -> int:
    """Queue a message to a number (administrators); returns its id."""
    diez = telefonos.normalizar(telefono)
    if not diez:
        raise ErrorDatos("Escriba el teléfono al que va el mensaje.")
    with bd.sesion() as s:
        return s.scalar(
            text("SELECT sipros_sms_a_telefono(:t, :x, :p)"),
            {"t": diez, "x": revisar_texto(texto_mensaje), "p": prueba},
        )
