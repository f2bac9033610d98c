"""The SMS dispatcher: takes due messages from the outbox and hands them to a provider.

Never twice: each message is marked «Enviando» (and committed) before the provider is called,
its answer is recorded after; a dispatcher that dies in between leaves the mark, and the next
one reconciles it after a lease — sent again under the same key when the provider drops
repeated keys (the generic HTTP provider), or left «Incierto» for a person when it cannot
(Twilio's Messages API has no idempotency key). Several dispatchers may run: each takes its
messages with FOR UPDATE SKIP LOCKED.

Transient failures (timeouts, dropped connections, HTTP 408/425/429/5xx) are retried with
exponential backoff and jitter (the first retry is due within 5 s) up to a limit; a permanent
refusal (any other 4xx) is never retried. A rate limit spaces the calls.

Configuration comes from the dispatcher's own machine: the environment (``SIPROS_SMS_*``,
``SIPROS_TWILIO_*``) and, below it, a file (``SIPROS_SMS_CONFIG`` or ``sms.conf`` in the data
folder) that must be readable only by its user when it holds a credential. Nothing secret is
kept in the database.
"""

from __future__ import annotations

import base64
import configparser
import http.client
import json
import logging
import os
import random
import socket
import ssl
import stat
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from sipros_desktop import bd, config
from sipros_desktop.errores import ErrorConexion, ErrorDatos

log = logging.getLogger("sipros.sms")

PROVEEDORES = ("http", "twilio")
_CLAVES = {
    # file key → environment variable
    "proveedor": "SIPROS_SMS_PROVEEDOR",
    "url": "SIPROS_SMS_URL",
    "token": "SIPROS_SMS_TOKEN",
    "por_segundo": "SIPROS_SMS_POR_SEGUNDO",
    "intentos": "SIPROS_SMS_INTENTOS",
    "tiempo": "SIPROS_SMS_TIEMPO",
    "plazo": "SIPROS_SMS_PLAZO",
    "twilio_sid": "SIPROS_TWILIO_SID",
    "twilio_token": "SIPROS_TWILIO_TOKEN",
    "twilio_de": "SIPROS_TWILIO_DE",
    "twilio_servicio": "SIPROS_TWILIO_SERVICIO",
    "twilio_url": "SIPROS_TWILIO_URL",
}
_SECRETAS = ("token", "twilio_token")


@dataclass(frozen=True)
class Configuracion:
    proveedor: str = "http"
    url: str = ""
    token: str = ""
    por_segundo: float = 10.0  # 0 = no limit
    intentos: int = 6  # attempts before «Fallido»
    tiempo: float = 10.0  # seconds to wait for the provider
    plazo: float = 300.0  # seconds after which an unanswered mark is reconciled
    twilio_sid: str = ""
    twilio_token: str = ""
    twilio_de: str = ""
    twilio_servicio: str = ""
    twilio_url: str = "https://api.twilio.com"
    espera: float = 1.0  # seconds between looks at an empty outbox
    base: float = 5.0  # first retry due within this many seconds
    tope: float = 900.0  # longest wait between retries
    origen: str = field(default="", compare=False)  # where it was read from, for messages


def archivo_configuracion(entorno: Mapping[str, str] = os.environ) -> Path:
    elegido = entorno.get("SIPROS_SMS_CONFIG")
    return Path(elegido) if elegido else config.carpeta_datos() / "sms.conf"


def cargar_configuracion(entorno: Mapping[str, str] = os.environ) -> Configuracion:
    """Environment over file over defaults; ErrorDatos says what to fix."""
    valores: dict[str, str] = {}
    ruta = archivo_configuracion(entorno)
    origen = "el entorno"
    if ruta.is_file():
        lector = configparser.ConfigParser(interpolation=None)
        try:
            lector.read(ruta, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError, OSError) as e:
            raise ErrorDatos(f"No se pudo leer «{ruta}»: {e}") from e
        if lector.has_section("sms"):
            desconocidas = set(lector["sms"]) - set(_CLAVES)
            if desconocidas:
                raras = ", ".join(sorted(desconocidas))
                raise ErrorDatos(
                    f"«{ruta}» tiene claves desconocidas en [sms]: {raras}. "
                    f"Se aceptan: {', '.join(_CLAVES)}."
                )
            valores.update(lector["sms"])
            if os.name == "posix" and any(valores.get(k) for k in _SECRETAS):
                modo = ruta.stat().st_mode
                if modo & (stat.S_IRWXG | stat.S_IRWXO):
                    raise ErrorDatos(
                        f"«{ruta}» guarda una credencial y otros usuarios pueden leerlo: "
                        f"ejecute «chmod 600 {ruta}»."
                    )
            origen = f"«{ruta}» y el entorno"
    for clave, variable in _CLAVES.items():
        if entorno.get(variable):
            valores[clave] = entorno[variable]
    c = Configuracion(origen=origen)
    try:
        c = Configuracion(
            proveedor=valores.get("proveedor", c.proveedor).strip().lower(),
            url=valores.get("url", "").strip(),
            token=valores.get("token", "").strip(),
            por_segundo=float(valores.get("por_segundo", c.por_segundo)),
            intentos=int(valores.get("intentos", c.intentos)),
            tiempo=float(valores.get("tiempo", c.tiempo)),
            plazo=float(valores.get("plazo", c.plazo)),
            twilio_sid=valores.get("twilio_sid", "").strip(),
            twilio_token=valores.get("twilio_token", "").strip(),
            twilio_de=valores.get("twilio_de", "").strip(),
            twilio_servicio=valores.get("twilio_servicio", "").strip(),
            twilio_url=valores.get("twilio_url", c.twilio_url).strip().rstrip("/"),
            origen=origen,
        )
    except ValueError as e:
        raise ErrorDatos(
            f"Un número de la configuración del despachador no se entiende ({e}): revise "
            "por_segundo, intentos, tiempo y plazo."
        ) from e
    validar(c)
    return c


def validar(c: Configuracion) -> None:
    if c.proveedor not in PROVEEDORES:
        raise ErrorDatos(
            f"Proveedor de SMS desconocido «{c.proveedor}»: SIPROS_SMS_PROVEEDOR debe ser "
            "«http» o «twilio»."
        )
    if c.proveedor == "http" and not c.url:
        raise ErrorDatos(
            "Falta la dirección del proveedor: defina SIPROS_SMS_URL (p. ej. "
            "https://sms.ejemplo.mx/enviar) o «url» en el archivo de configuración."
        )
    if c.proveedor == "twilio":
        faltan = [v for v, x in (("SIPROS_TWILIO_SID", c.twilio_sid),
                                 ("SIPROS_TWILIO_TOKEN", c.twilio_token)) if not x]  # fmt: skip
        if not (c.twilio_de or c.twilio_servicio):
            faltan.append("SIPROS_TWILIO_DE o SIPROS_TWILIO_SERVICIO")
        if faltan:
            raise ErrorDatos(f"Para enviar por Twilio falta: {', '.join(faltan)}.")
    for url in [c.url] if c.proveedor == "http" else [c.twilio_url]:
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("http", "https") or not u.hostname:
            raise ErrorDatos(f"«{url}» no es una dirección http:// o https://.")
    if not 1 <= c.intentos <= 50:
        raise ErrorDatos("«intentos» debe estar entre 1 y 50.")
    if not 0.5 <= c.tiempo <= 120:
        raise ErrorDatos("«tiempo» (segundos de espera al proveedor) debe estar entre 0.5 y 120.")
    if c.por_segundo < 0:
        raise ErrorDatos("«por_segundo» no puede ser negativo (0 = sin límite).")
    if c.plazo < 0:
        raise ErrorDatos("«plazo» no puede ser negativo.")


# ---------------------------------------------------------------------------
# Providers
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Respuesta:
    resultado: str  # enviado | reintentar | fallido | incierto | devuelto
    detalle: str
    id_proveedor: str | None = None
    espera: float | None = None  # the provider's Retry-After, in seconds
    sin_conexion: bool = False  # the request never left this machine (no connection)


class _NoSalio(Exception):
    """The request never left this machine (no connection): safe to retry anywhere."""


class _SinRespuesta(Exception):
    """The request may have reached the provider, but no answer came back."""


class _ClienteHttp:
    def __init__(self, url: str, tiempo: float, reusar: bool) -> None:
        u = urllib.parse.urlsplit(url)
        self.https = u.scheme == "https"
        self.host = u.hostname or ""
        self.puerto = u.port or (443 if self.https else 80)
        self.ruta = (u.path or "/") + (f"?{u.query}" if u.query else "")
        self.tiempo = tiempo
        self.reusar = reusar
        self._c: http.client.HTTPConnection | None = None

    def cerrar(self) -> None:
        if self._c is not None:
            self._c.close()
            self._c = None

    def _conectar(self) -> http.client.HTTPConnection:
        if self._c is not None:
            return self._c
        if self.https:
            c: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.host, self.puerto, timeout=self.tiempo, context=ssl.create_default_context()
            )
        else:
            c = http.client.HTTPConnection(self.host, self.puerto, timeout=self.tiempo)
        try:
            c.connect()
            # small requests on a kept-alive connection: no Nagle delay waiting for an ACK
            c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as e:
            c.close()
            raise _NoSalio(f"sin conexión con {self.host}:{self.puerto} ({e})") from e
        self._c = c
        return c

    def post(
        self, cuerpo: bytes, cabeceras: dict[str, str], ruta: str | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        c = self._conectar()
        try:
            c.request("POST", ruta or self.ruta, body=cuerpo, headers=cabeceras)
            r = c.getresponse()
            datos = r.read(65536)
        except (OSError, http.client.HTTPException) as e:
            self.cerrar()
            raise _SinRespuesta(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) from e
        if not self.reusar or r.will_close:
            self.cerrar()
        return r.status, r, datos


def _retry_after(r: http.client.HTTPResponse) -> float | None:
    valor = r.getheader("Retry-After")
    try:
        return min(3600.0, max(0.0, float(valor))) if valor else None
    except ValueError:
        return None


def _clasificar(status: int, detalle: str, r: http.client.HTTPResponse) -> Respuesta:
    if 200 <= status < 300:
        return Respuesta("enviado", detalle)
    if status in (408, 425, 429) or status >= 500:
        return Respuesta("reintentar", detalle, espera=_retry_after(r))
    return Respuesta("fallido", detalle)


class Proveedor:
    nombre = ""
    idempotente = False

    def enviar(self, clave: str, telefono: str, texto_sms: str) -> Respuesta:
        raise NotImplementedError

    def cerrar(self) -> None:
        pass


class ProveedorHttp(Proveedor):
    """POST of JSON {"id", "telefono", "texto"} to a URL; 2xx = accepted. The id (also sent as
    the Idempotency-Key header) is the message's key, the same on every retry."""

    nombre = "http"
    idempotente = True

    def __init__(self, url: str, tiempo: float = 10.0, token: str = "") -> None:
        self.cliente = _ClienteHttp(url, tiempo, reusar=True)
        self.token = token

    def enviar(self, clave: str, telefono: str, texto_sms: str) -> Respuesta:
        cuerpo = json.dumps({"id": clave, "telefono": telefono, "texto": texto_sms},
                            ensure_ascii=False).encode()  # fmt: skip
        cabeceras = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": clave}
        if self.token:
            cabeceras["Authorization"] = f"Bearer {self.token}"
        try:
            status, r, datos = self.cliente.post(cuerpo, cabeceras)
        except _NoSalio as e:
            return Respuesta("reintentar", str(e), sin_conexion=True)
        except _SinRespuesta as e:
            # the same key again is harmless: the provider drops a repeated id
            return Respuesta("reintentar", f"sin respuesta del proveedor ({e})")
        detalle = f"HTTP {status} {datos[:300].decode('utf-8', 'replace')}".strip()
        res = _clasificar(status, detalle, r)
        if res.resultado == "enviado":
            try:
                respuesta = json.loads(datos or b"{}")
                ident = respuesta.get("id_proveedor") or respuesta.get("sid")
            except (ValueError, AttributeError):
                ident = None
            return Respuesta("enviado", detalle, str(ident) if ident else None)
        return res

    def cerrar(self) -> None:
        self.cliente.cerrar()


class ProveedorTwilio(Proveedor):
    """Twilio's Messages API (form POST, basic auth). It has no idempotency key, so an
    answer lost after the request left is «Incierto», never retried blindly; each message uses
    a fresh connection so that a stale keep-alive cannot make one uncertain."""

    nombre = "twilio"
    idempotente = False

    def __init__(self, c: Configuracion) -> None:
        ruta = f"/2010-04-01/Accounts/{urllib.parse.quote(c.twilio_sid)}/Messages.json"
        self.cliente = _ClienteHttp(c.twilio_url + ruta, c.tiempo, reusar=False)
        credencial = base64.b64encode(f"{c.twilio_sid}:{c.twilio_token}".encode()).decode()
        self.cabeceras = {
            "Authorization": f"Basic {credencial}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        self.de = c.twilio_de
        self.servicio = c.twilio_servicio

    def enviar(self, clave: str, telefono: str, texto_sms: str) -> Respuesta:
        campos = {"To": telefono, "Body": texto_sms}
        if self.servicio:
            campos["MessagingServiceSid"] = self.servicio
        else:
            campos["From"] = self.de
        try:
            status, r, datos = self.cliente.post(
                urllib.parse.urlencode(campos).encode(), self.cabeceras
            )
        except _NoSalio as e:
            return Respuesta("reintentar", str(e), sin_conexion=True)
        except _SinRespuesta as e:
            return Respuesta(
                "incierto", f"Twilio no respondió ({e}); pudo haberse enviado: revise en Twilio"
            )
        try:
            respuesta = json.loads(datos or b"{}")
        except ValueError:
            respuesta = {}
        if not isinstance(respuesta, dict):
            respuesta = {}
        if 200 <= status < 300:
            sid = respuesta.get("sid")
            return Respuesta("enviado", f"HTTP {status} {respuesta.get('status', '')}".strip(),
                             str(sid) if sid else None)  # fmt: skip
        codigo = respuesta.get("code")
        detalle = f"HTTP {status}" + (f" · código {codigo}" if codigo else "")
        detalle += f" · {respuesta.get('message') or datos[:200].decode('utf-8', 'replace')}"
        return _clasificar(status, detalle, r)


def crear_proveedor(c: Configuracion) -> Proveedor:
    if c.proveedor == "twilio":
        return ProveedorTwilio(c)
    return ProveedorHttp(c.url, c.tiempo, c.token)


# ---------------------------------------------------------------------------
# The worker
# ---------------------------------------------------------------------------
@dataclass
class Totales:
    enviados: int = 0
    reintentos: int = 0
    fallidos: int = 0
    inciertos: int = 0
    ignorados: int = 0  # answers that came after someone else reconciled the message
    reconciliados: int = 0
    devueltos: int = 0  # taken but not offered (stopped, or the provider unreachable)
    sin_proveedor: str = ""  # why the last round stopped: the provider did not answer
    segundos: float = 0.0

    @property
    def atendidos(self) -> int:
        return self.enviados + self.reintentos + self.fallidos + self.inciertos

    def texto(self) -> str:
        ritmo = self.enviados / self.segundos if self.segundos > 0 else 0.0
        return (
            f"Enviados: {self.enviados:,}. Reintentos programados: {self.reintentos:,}. "
            f"Fallidos: {self.fallidos:,}. Inciertos: {self.inciertos:,}. "
            f"Reconciliados: {self.reconciliados:,}. En {self.segundos:.1f} s "
            f"({ritmo:.0f} mensajes/s)."
        ) + (
            f" El proveedor no respondió ({self.sin_proveedor}): se detuvo la ronda y "
            f"{self.devueltos:,} mensajes volvieron a la bandeja sin contar un intento; se "
            "enviarán cuando responda."
            if self.sin_proveedor
            else ""
        )


class _Ritmo:
    """At most ``por_segundo`` calls per second (0 = no limit)."""

    def __init__(self, por_segundo: float) -> None:
        self.intervalo = 1.0 / por_segundo if por_segundo > 0 else 0.0
        self.siguiente = time.monotonic()

    def esperar(self, detener: threading.Event) -> None:
        if not self.intervalo:
            return
        ahora = time.monotonic()
        if self.siguiente > ahora:
            detener.wait(self.siguiente - ahora)
        self.siguiente = max(self.siguiente, ahora) + self.intervalo


@dataclass(frozen=True)
class Tomado:
    id: int
    clave: str
    telefono: str
    texto: str
    intentos: int


def espera_de_reintento(c: Configuracion, intentos: int, sugerida: float | None = None) -> float:
    """Exponential backoff with jitter: base·2^(n−1), between half and all of it, never more
    than the cap; the provider's Retry-After when it asks for longer."""
    calculada = min(c.tope, c.base * 2 ** max(0, intentos - 1)) * random.uniform(0.5, 1.0)
    return min(c.tope, max(calculada, sugerida or 0.0))


SIN_CONEXION_MAX = 3  # connection failures in a row that stop a round
PAUSA_SIN_PROVEEDOR = 30.0  # seconds before a running dispatcher tries an unreachable one again


class Despachador:
    def __init__(
        self,
        proveedor: Proveedor,
        c: Configuracion,
        quien: str | None = None,
        detener: threading.Event | None = None,
    ) -> None:
        self.proveedor = proveedor
        self.c = c
        self.quien = quien or f"{socket.gethostname()}:{os.getpid()}"
        self.detener = detener or threading.Event()
        self.ritmo = _Ritmo(c.por_segundo)
        self.lote = max(1, min(100, int(c.por_segundo * 5) if c.por_segundo else 100))
        self.totales = Totales()

    def reconciliar(self) -> int:
        with bd.sesion() as s:
            n = s.scalar(
                text("SELECT sipros_sms_reconciliar(make_interval(secs => :p), :i)"),
                {"p": self.c.plazo, "i": self.proveedor.idempotente},
            )
        if n:
            log.warning("%s mensajes sin respuesta de un despachador anterior: reconciliados", n)
        self.totales.reconciliados += n or 0
        return n or 0

    def tomar(self) -> list[Tomado]:
        """Mark a batch as «Enviando» and commit (before any call to the provider)."""
        with bd.sesion() as s:
            filas = s.execute(
                text("SELECT id, clave, telefono, texto, intentos FROM sipros_sms_tomar(:n, :q)"),
                {"n": self.lote, "q": self.quien},
            ).all()
        return [Tomado(f[0], str(f[1]), f[2], f[3], f[4]) for f in filas]

    def registrar(self, m: Tomado, r: Respuesta) -> str | None:
        espera = espera_de_reintento(self.c, m.intentos, r.espera)
        with bd.sesion() as s:
            estado = s.scalar(
                text(
                    "SELECT sipros_sms_resultado(:id, :q, :r, :e, :max, :prov, :idp, :resp)"
                ),
                {"id": m.id, "q": self.quien, "r": r.resultado, "e": espera,
                 "max": self.c.intentos, "prov": self.proveedor.nombre,
                 "idp": r.id_proveedor, "resp": r.detalle[:500]},
            )  # fmt: skip
        t = self.totales
        if estado is None:
            t.ignorados += 1
        elif r.resultado == "devuelto":
            t.devueltos += 1
        elif estado == "Enviado":
            t.enviados += 1
        elif estado == "Pendiente":
            t.reintentos += 1
            log.info("mensaje %s: %s; reintento en %.0f s", m.id, r.detalle, espera)
        elif estado == "Incierto":
            t.inciertos += 1
            log.warning("mensaje %s incierto: %s", m.id, r.detalle)
        else:
            t.fallidos += 1
            log.warning("mensaje %s fallido: %s", m.id, r.detalle)
        return estado

    def ciclo(self) -> int:
        """One batch: take, send one by one (at the rate limit), record each answer. After
        SIN_CONEXION_MAX connection failures in a row the provider is taken as unreachable:
        the rest of the batch goes back untouched and ``totales.sin_proveedor`` says why."""
        tomados = self.tomar()
        seguidos = 0
        for i, m in enumerate(tomados):
            if self.detener.is_set():
                # not sent: back to the queue now rather than after the lease
                self._devolver(tomados[i:])
                break
            self.ritmo.esperar(self.detener)
            try:
                r = self.proveedor.enviar(m.clave, m.telefono, m.texto)
            except Exception as e:  # a provider bug must not leave the message marked
                r = Respuesta("incierto", f"error del despachador al enviar: {e!r}")
            self.registrar(m, r)
            seguidos = seguidos + 1 if r.sin_conexion else 0
            if seguidos >= SIN_CONEXION_MAX:
                self.totales.sin_proveedor = r.detalle
                self._devolver(tomados[i + 1 :])
                break
        return len(tomados)

    def _devolver(self, tomados: list[Tomado]) -> None:
        for m in tomados:
            self.registrar(m, Respuesta("devuelto", "despachador detenido antes de enviarlo"))

    def ejecutar(self, una_vez: bool = False, avisar: Callable[[Totales], None] | None = None):
        """Run until stopped (``detener``), or with ``una_vez`` until nothing is due now."""
        inicio = time.monotonic()
        ultima_reconciliacion = -1e9
        try:
            while not self.detener.is_set():
                try:
                    if time.monotonic() - ultima_reconciliacion > 60:
                        self.reconciliar()
                        ultima_reconciliacion = time.monotonic()
                    n = self.ciclo()
                except ErrorConexion as e:
                    if una_vez:
                        raise
                    log.error("%s Se reintenta en 10 s.", e.mensaje)
                    self.detener.wait(10)
                    continue
                if avisar is not None and n:
                    self.totales.segundos = time.monotonic() - inicio
                    avisar(self.totales)
                if self.totales.sin_proveedor:
                    if una_vez:
                        break
                    log.error("El proveedor no responde (%s); se reintenta en %.0f s.",
                              self.totales.sin_proveedor, PAUSA_SIN_PROVEEDOR)  # fmt: skip
                    self.detener.wait(PAUSA_SIN_PROVEEDOR)
                    self.totales.sin_proveedor = ""
                    continue
                if n == 0:
                    if una_vez:
                        break
                    self.detener.wait(self.c.espera)
        finally:
            self.proveedor.cerrar()
            self.totales.segundos = time.monotonic() - inicio
        return self.totales
