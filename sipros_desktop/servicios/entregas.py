"""Entregas: delivery events, the scan at the desk, and delivery points without connection.

Online, a scan is read with ``sipros_comprobante_ver`` and delivered with ``sipros_entregar``
(the database delivers each voucher once). Offline, the clerk works from the event's kit (the
hashes of its vouchers and what the screen shows, downloaded before leaving) and every delivery
is appended to a local journal with fsync; back online, ``sincronizar`` replays the journal
through ``sipros_entregar`` with each entry's key, so a replay is harmless and a voucher
delivered elsewhere meanwhile comes back as a conflict to review, never dropped.

While this user's journal on this PC holds a delivery the server has not applied (pending, or
a conflict not yet reviewed), an online scan of that voucher says it was delivered here and
the desk does not deliver it again. Events are planned (created, changed, deleted, given
applications) by administrators only; delivery staff read them.

Whoever issued or reprinted a voucher does not deliver it (the database refuses, SE007). An
entry of the journal that is malformed, whose time falls outside its event's hours (with
``TOLERANCIA_EVENTO``) or goes back from the entry written before it, or that the database
refuses for its time, event or state, becomes a conflict to review; the sync goes on with the
others.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time as reloj
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from sipros_desktop import bd, config
from sipros_desktop.errores import ErrorDatos, ErrorSipros
from sipros_desktop.servicios import archivos, comprobantes, horario
from sipros_desktop.servicios.diario_local import DiarioLocal

IDENTIFICACIONES = ("INE", "Pasaporte", "Cédula profesional", "Licencia de conducir", "Otra")


# --------------------------------------------------------------------------- events


@dataclass
class DatosEvento:
    convocatoria_id: int | None
    nombre: str
    municipio_id: int | None
    domicilio: str
    fecha: date
    hora_inicio: time
    hora_fin: time
    responsable: str
    localidad_id: int | None = None
    id: int | None = None


def _texto(valor: str, que: str, maximo: int, errores: list[str]) -> str:
    v = " ".join((valor or "").split())
    if not v:
        errores.append(f"Escriba {que}.")
    elif len(v) > maximo:
        errores.append(f"{que[0].upper()}{que[1:]} tiene {len(v)} caracteres; hasta {maximo}.")
    elif any(ord(c) < 32 for c in v):
        errores.append(f"{que[0].upper()}{que[1:]} tiene caracteres de control.")
    return v


PLANEAR = (
    "Solo los administradores planean los eventos de entrega (crearlos, cambiarlos, borrarlos, "
    "asignarles o quitarles solicitudes); el personal de entregas los consulta y entrega en ellos."
)


@contextlib.contextmanager
def _planeando():
    """A refusal for want of the administrator profile, said in Spanish and for whom."""
    try:
        yield
    except ErrorSipros as e:
        orig = getattr(e.__cause__, "orig", e.__cause__)
        if getattr(orig, "sqlstate", None) == "42501":
            raise ErrorDatos(PLANEAR, detalle=e.detalle) from e
        raise


def guardar_evento(d: DatosEvento) -> int:
    """Create or change an event (one transaction); Spanish messages say what to fix."""
    e: list[str] = []
    valores = {
        "convocatoria_id": d.convocatoria_id,
        "nombre": _texto(d.nombre, "el nombre del evento", 200, e),
        "municipio_id": d.municipio_id,
        "localidad_id": d.localidad_id,
        "domicilio": _texto(d.domicilio, "el domicilio del evento", 300, e),
        "fecha": d.fecha,
        "hora_inicio": d.hora_inicio,
        "hora_fin": d.hora_fin,
        "responsable": _texto(d.responsable, "el nombre del responsable", 200, e),
    }
    if d.convocatoria_id is None:
        e.append("Elija la convocatoria cuyas solicitudes se entregan.")
    if d.municipio_id is None:
        e.append("Elija el municipio del evento.")
    if d.hora_fin <= d.hora_inicio:
        e.append("La hora de término debe ser posterior a la de inicio.")
    if e:
        raise ErrorDatos(" ".join(e))
    columnas = ", ".join(valores)
    with _planeando(), bd.sesion() as s:
        bd.cambio(s, "eventos")
        if d.id is None:
            return s.scalar(
                text(
                    f"INSERT INTO evento_entrega ({columnas}) VALUES "
                    f"({', '.join(':' + k for k in valores)}) RETURNING id"
                ),
                valores,
            )
        cambiado = s.execute(
            text(
                "UPDATE evento_entrega SET "
                + ", ".join(f"{k} = :{k}" for k in valores)
                + " WHERE id = :id RETURNING id"
            ),
            {**valores, "id": d.id},
        ).scalar()
        if cambiado is None:
            raise ErrorDatos("El evento ya no existe o no está en su alcance.")
        return cambiado


@dataclass(frozen=True)
class FilaEvento:
    id: int
    nombre: str
    convocatoria_id: int
    convocatoria: str
    programa: str
    municipio_id: int
    municipio: str
    localidad_id: int | None
    domicilio: str
    fecha: date
    hora_inicio: time
    hora_fin: time
    responsable: str
    asignadas: int
    por_emitir: int
    vigentes: int
    entregados: int

    @property
    def clave_convocatoria(self) -> str:
        """The call's key alone (``convocatoria`` is «CLAVE — nombre»)."""
        return self.convocatoria.split(" — ")[0]


_SQL_EVENTOS = """
SELECT e.id, e.nombre, e.convocatoria_id, cv.clave || ' — ' || cv.nombre AS convocatoria,
       p.nombre AS programa, e.municipio_id, m.nombre AS municipio, e.localidad_id, e.domicilio,
       e.fecha, e.hora_inicio, e.hora_fin, e.responsable,
       (SELECT count(*) FROM evento_solicitud a WHERE a.evento_id = e.id) AS asignadas,
       (SELECT count(*) FROM evento_solicitud a JOIN solicitud s ON s.id = a.solicitud_id
        WHERE a.evento_id = e.id AND s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 FROM
        comprobante k WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado')) AS por_emitir,
       (SELECT count(*) FROM comprobante k WHERE k.evento_id = e.id
        AND k.estado = 'Vigente') AS vigentes,
       (SELECT count(*) FROM comprobante k WHERE k.evento_id = e.id
        AND k.estado = 'Entregado') AS entregados
FROM evento_entrega e
JOIN convocatoria cv ON cv.id = e.convocatoria_id
JOIN programa p ON p.id = cv.programa_id
JOIN municipio m ON m.id = e.municipio_id
WHERE {donde}
ORDER BY e.fecha DESC, e.hora_inicio, e.id DESC
LIMIT 500
"""


def eventos(
    desde: date | None = None, evento_id: int | None = None, convocatoria: str | None = None
) -> list[FilaEvento]:
    """The events the user may see (their programmes), newest first; from ``desde`` on; of
    the call with the key ``convocatoria`` (any case) only, when given."""
    donde, params = ["true"], {}
    if desde is not None:
        donde.append("e.fecha >= :desde")
        params["desde"] = desde
    if evento_id is not None:
        donde.append("e.id = :id")
        params["id"] = evento_id
    if convocatoria is not None:
        donde.append("cv.clave = :cv")
        params["cv"] = convocatoria.strip().upper()
    with bd.sesion() as s:
        filas = s.execute(text(_SQL_EVENTOS.format(donde=" AND ".join(donde))), params).all()
    return [FilaEvento(*f) for f in filas]


def evento(evento_id: int) -> FilaEvento:
    filas = eventos(evento_id=evento_id)
    if not filas:
        raise ErrorDatos("El evento ya no existe o no está en su alcance.")
    return filas[0]


def convocatorias_con_aprobadas() -> list[tuple[int, str]]:
    """Calls of the user's programmes that have approved applications (to plan an event)."""
    with bd.sesion() as s:
        return [
            (r[0], r[1])
            for r in s.execute(
                text(
                    "SELECT cv.id, cv.clave || ' — ' || cv.nombre FROM convocatoria cv "
                    "WHERE EXISTS (SELECT 1 FROM solicitud s WHERE s.convocatoria_id = cv.id "
                    "AND s.estado = 'Aprobada') ORDER BY cv.fecha_apertura DESC, cv.clave"
                )
            )
        ]


def asignar(evento_id: int, solicitudes: list[int]) -> int:
    with _planeando(), bd.sesion() as s:
        bd.cambio(s, "eventos")
        return s.scalar(
            text("SELECT sipros_asignar_evento(:e, CAST(:s AS bigint[]))"),
            {"e": evento_id, "s": list(solicitudes)},
        )


@dataclass(frozen=True)
class PorAsignar:
    solicitud_id: int
    folio: str
    nombre: str
    municipio: str


def sin_evento(evento_id: int, solo_municipio: bool = True) -> list[PorAsignar]:
    """Approved applications of the event's call not assigned to any event (of its
    municipality, or all), by surname."""
    condicion = "AND s.municipio_id = e.municipio_id" if solo_municipio else ""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT s.id, s.folio, c.apellido_paterno || coalesce(' ' || c.apellido_materno, "
                "'') || ' ' || c.nombre, m.nombre FROM evento_entrega e JOIN solicitud s "
                "ON s.convocatoria_id = e.convocatoria_id JOIN ciudadano c "
                "ON c.id = s.ciudadano_id JOIN municipio m ON m.id = s.municipio_id "
                f"WHERE e.id = :e AND s.estado = 'Aprobada' {condicion} AND NOT EXISTS "
                "(SELECT 1 FROM evento_solicitud a WHERE a.solicitud_id = s.id) "
                "ORDER BY c.apellido_paterno, c.apellido_materno, c.nombre, s.id"
            ),
            {"e": evento_id},
        ).all()
    return [PorAsignar(*f) for f in filas]


def asignar_municipio(evento_id: int) -> int:
    """Assign every approved application of the call in the event's municipality that has no
    event yet."""
    ids = [f.solicitud_id for f in sin_evento(evento_id)]
    if not ids:
        raise ErrorDatos(
            "No hay solicitudes aprobadas de la convocatoria en el municipio del evento sin "
            "evento asignado."
        )
    return asignar(evento_id, ids)


def quitar(evento_id: int, solicitudes: list[int]) -> int:
    with _planeando(), bd.sesion() as s:
        bd.cambio(s, "eventos")
        return s.scalar(
            text("SELECT sipros_quitar_de_evento(:e, CAST(:s AS bigint[]))"),
            {"e": evento_id, "s": list(solicitudes)},
        )


def borrar_evento(evento_id: int) -> None:
    """Delete an event planned by mistake: only while it has no applications and no vouchers."""
    with _planeando(), bd.sesion() as s:
        bd.cambio(s, "eventos")
        if not s.scalar(text("SELECT has_table_privilege('evento_entrega', 'DELETE')")):
            raise ErrorDatos(PLANEAR)
        fila = s.execute(
            text(
                "SELECT e.nombre, (SELECT count(*) FROM evento_solicitud a "
                "WHERE a.evento_id = e.id) + (SELECT count(*) FROM comprobante k "
                "WHERE k.evento_id = e.id) "
                "FROM evento_entrega e WHERE e.id = :e"
            ),
            {"e": evento_id},
        ).first()
        if fila is None:
            raise ErrorDatos("El evento ya no existe o no está en su alcance.")
        if fila[1]:
            raise ErrorDatos(
                f"El evento «{fila[0]}» tiene solicitudes o comprobantes: quite las solicitudes "
                "sin comprobante (y cancele los comprobantes) antes de borrarlo."
            )
        s.execute(text("DELETE FROM evento_entrega WHERE id = :e"), {"e": evento_id})


@dataclass(frozen=True)
class FilaBeneficiario:
    solicitud_id: int
    comprobante_id: int | None
    folio: str
    nombre: str
    curp: str  # masked
    tipo_apoyo: str
    monto: Decimal
    estado: str  # of the voucher: Sin comprobante, Vigente, Entregado
    impresiones: int
    entregado: datetime | None
    entregado_por: str | None
    identificacion: str | None


def beneficiarios(evento_id: int) -> list[FilaBeneficiario]:
    """The applications of the event with their live (or delivered) voucher, by surname."""
    with bd.sesion() as s:
        filas = s.execute(
            text(
                "SELECT s.id, k.id, s.folio, c.apellido_paterno || coalesce(' ' || "
                "c.apellido_materno, '') || ' ' || c.nombre, c.curp, t.nombre, t.monto, "
                "coalesce(k.estado, 'Sin comprobante'), coalesce(k.impresiones, 0), "
                "k.entregado, k.entregado_por, k.identificacion "
                "FROM evento_solicitud a JOIN solicitud s ON s.id = a.solicitud_id "
                "JOIN ciudadano c ON c.id = s.ciudadano_id "
                "JOIN tipo_apoyo t ON t.id = s.tipo_apoyo_id "
                "LEFT JOIN comprobante k ON k.solicitud_id = s.id AND k.estado <> 'Cancelado' "
                "WHERE a.evento_id = :e "
                "ORDER BY c.apellido_paterno, c.apellido_materno, c.nombre, s.id"
            ),
            {"e": evento_id},
        ).all()
    return [
        FilaBeneficiario(
            f[0],
            f[1],
            f[2],
            f[3],
            comprobantes.curp_enmascarada(f[4]),
            f[5],
            f[6],
            f[7],
            f[8],
            f[9],
            f[10],
            f[11],
        )
        for f in filas
    ]


# --------------------------------------------------------------------------- the scan


@dataclass(frozen=True)
class Lectura:
    """What a scanned code is. estado: Por entregar, Entregado, Cancelado, Otro evento,
    Separación de funciones (the user issued or reprinted it: someone else delivers it),
    Desconocido (also a code that is not well formed)."""

    estado: str
    motivo: str | None = None
    comprobante_id: int | None = None
    folio: str | None = None
    nombre: str | None = None
    curp: str | None = None
    programa: str | None = None
    tipo_apoyo: str | None = None
    monto: Decimal | None = None
    evento: str | None = None
    evento_fecha: date | None = None
    entregado: datetime | None = None
    entregado_por: str | None = None

    @property
    def entregable(self) -> bool:
        return self.estado == "Por entregar"


MAL_ESCRITO = (
    "El código no está completo: tiene {n} de 26 letras y números. Escanee de nuevo o revise "
    "lo escrito."
)


def _el_dia(instante: datetime) -> str:
    """«el 04/12/2026 a las 18:37», on the offices' clock."""
    return f"el {horario.local(instante):%d/%m/%Y} a las {horario.hora(instante)}"


def _en_el_diario(codigo: str) -> tuple[dict[str, Any], str] | None:
    """This PC's offline delivery of ``codigo`` that the server has not applied, and what to
    say about it: the support was handed over here, it is not handed over again."""
    entrada = Diario().sin_aplicar(comprobantes.hash_de(codigo).hex())
    if entrada is None:
        return None
    cuando = hora_anotada(entrada)
    dicho = "Ya se entregó sin conexión en este equipo" + (f" {_el_dia(cuando)}" if cuando else "")
    if entrada.get("resultado") == "Conflicto":
        motivo = (
            f"{dicho}; al sincronizar quedó como conflicto por revisar ({entrada.get('motivo')}). "
            "No se entrega de nuevo."
        )
    else:
        motivo = f"{dicho} y falta sincronizarlo. No se entrega de nuevo."
    return entrada, motivo


def ver(codigo: str, evento_id: int | None = None) -> Lectura:
    """What the desk shows for a scan: the server's answer, unless this PC's journal holds a
    delivery of the voucher not applied yet (then «Entregado», said so)."""
    if not comprobantes.bien_formado(codigo):
        return Lectura("Desconocido", MAL_ESCRITO.format(n=len(comprobantes.normalizar(codigo))))
    with bd.sesion() as s:
        r = s.execute(
            text("SELECT * FROM sipros_comprobante_ver(:c, :e)"), {"c": codigo, "e": evento_id}
        ).one()
    lectura = Lectura(
        r.estado_lectura, r.motivo, r.comprobante_id, r.folio, r.nombre, r.curp, r.programa,
        r.tipo_apoyo, r.monto, r.evento, r.evento_fecha, r.entregado, r.entregado_por,
    )  # fmt: skip
    local = _en_el_diario(codigo)
    if local is not None:
        entrada, motivo = local
        return replace(
            lectura, estado="Entregado", motivo=motivo, folio=lectura.folio or entrada.get("folio")
        )
    return lectura


class ErrorEntrega(ErrorDatos):
    """The database refused a delivery; ``estado`` says why in one word (as Lectura)."""

    def __init__(self, mensaje: str, estado: str, *, detalle: str | None = None) -> None:
        super().__init__(mensaje, detalle=detalle)
        self.estado = estado


_MOTIVOS = {
    "SE001": "Desconocido",
    "SE002": "Entregado",
    "SE003": "Cancelado",
    "SE004": "Otro evento",
    "SE005": "No aprobada",
    "SE006": "Hora",
    "SE007": "Separación de funciones",
}

SEPARACION = (
    "Usted emitió o reimprimió este comprobante: lo entrega otra persona del personal de "
    "entregas (separación de funciones)."
)


def _estado_del_error(e: ErrorSipros) -> str | None:
    causa = e.__cause__
    orig = getattr(causa, "orig", causa)
    return _MOTIVOS.get(getattr(orig, "sqlstate", None) or "")


@dataclass(frozen=True)
class Resultado:
    resultado: str  # Entregado, Ya aplicada
    folio: str
    nombre: str
    programa: str
    tipo_apoyo: str
    monto: Decimal
    entregado: datetime


def entregar(
    codigo: str,
    identificacion: str | None = "INE",
    evento_id: int | None = None,
    *,
    cuando: datetime | None = None,
    clave: str | None = None,
) -> Resultado:
    """Deliver the voucher of ``codigo`` (one transaction). ErrorEntrega says why not — also
    when this PC delivered it offline and the server does not have it yet."""
    if not comprobantes.bien_formado(codigo):
        raise ErrorEntrega(
            MAL_ESCRITO.format(n=len(comprobantes.normalizar(codigo))), "Desconocido"
        )
    if clave is None:  # (a replay of the journal sends its own key: that is the journal)
        local = _en_el_diario(codigo)
        if local is not None:
            raise ErrorEntrega(local[1], "Entregado")
    try:
        with bd.sesion() as s:
            bd.cambio(s, "entregas", "solicitudes", "padron")
            r = s.execute(
                text(
                    "SELECT * FROM sipros_entregar(:c, :i, :e, :cuando, CAST(:clave AS uuid))"
                ),
                {"c": codigo, "i": identificacion, "e": evento_id, "cuando": cuando,
                 "clave": clave},
            ).one()  # fmt: skip
    except ErrorSipros as e:
        estado = _estado_del_error(e)
        if estado:
            raise ErrorEntrega(e.mensaje, estado, detalle=e.detalle) from e
        raise
    return Resultado(r.resultado, r.folio, r.nombre, r.programa, r.tipo_apoyo, r.monto, r.entregado)


# --------------------------------------------------------------------------- offline


def _carpeta(usuario: str | None = None) -> Path:
    """This user's folder for kits and the journal (the user of the session, if not given)."""
    if usuario is None:
        try:
            usuario = bd.contexto().usuario
        except RuntimeError as e:  # the session already ended (the window is closing)
            raise ErrorSipros("No hay una sesión abierta.") from e
    return config.carpeta_de_usuario("entregas", (usuario or "").lower())


@dataclass(frozen=True)
class Kit:
    """An event's vouchers for delivering without connection. What it holds, and nothing more:
    for each voucher of the event, the SHA-256 of its code and what the desk shows (state,
    folio, name, masked CURP, programme, support, amount; when and by whom, if delivered);
    for vouchers of other events a beneficiary may bring by mistake (same call, or the same
    day), only the hash and which event (name, date, municipality)."""

    evento_id: int
    evento: str
    lugar: str
    fecha: date
    descargado: datetime
    comprobantes: dict[str, dict[str, Any]]  # SHA-256 hex of the code -> what the screen shows
    otros: dict[str, str] = field(default_factory=dict)  # SHA-256 hex -> key in ``eventos``
    eventos: dict[str, dict[str, str]] = field(default_factory=dict)  # nombre, fecha, municipio

    @property
    def ruta(self) -> Path:
        return _carpeta() / f"kit_{self.evento_id}.json"


def descargar_kit(evento_id: int) -> Kit:
    """The event's vouchers for delivering without connection, saved on this PC (the user's
    folder, 0600). No code in clear: the database has none."""
    ev = evento(evento_id)
    with bd.sesion() as s:
        filas = s.execute(text("SELECT * FROM sipros_kit_evento(:e)"), {"e": evento_id}).all()
        otros = s.execute(
            text("SELECT * FROM sipros_kit_otros_eventos(:e)"), {"e": evento_id}
        ).all()
    kit = Kit(
        evento_id=ev.id,
        evento=ev.nombre,
        lugar=f"{ev.domicilio}, {ev.municipio}",
        fecha=ev.fecha,
        descargado=datetime.now().astimezone(),
        comprobantes={
            bytes(f.codigo_hash).hex(): {
                "estado": f.estado,
                "folio": f.folio,
                "nombre": f.nombre,
                "curp": f.curp,
                "programa": f.programa,
                "tipo_apoyo": f.tipo_apoyo,
                "monto": str(f.monto),
                **(
                    {"entregado": f.entregado.isoformat(), "entregado_por": f.entregado_por}
                    if f.entregado
                    else {}
                ),
            }
            for f in filas
        },
        otros={bytes(f.codigo_hash).hex(): str(f.evento_id) for f in otros},
        eventos={
            str(f.evento_id): {
                "nombre": f.evento,
                "fecha": f.fecha.isoformat(),
                "municipio": f.municipio,
            }
            for f in otros
        },
    )
    archivos.guardar_json_privado(kit.ruta, {**asdict(kit), "version": 2}, durable=True)
    return kit


DIAS_ARCHIVO = 30


def depurar(dias: int = DIAS_ARCHIVO) -> int:
    """Delete this user's archived journals and kits not changed for ``dias`` days: they hold
    beneficiaries' names, and the server already has the deliveries. The live journal (with
    entries pending or to review) is never deleted. Returns how many files went."""
    limite = reloj.time() - dias * 86400
    borrados = 0
    carpeta = _carpeta()
    viejos = ["diario_*.jsonl", "cuarentena_*.jsonl", "kit_*.json"]
    for p in [q for patron in viejos for q in carpeta.glob(patron)]:
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < limite:
                p.unlink()
                borrados += 1
    return borrados


@dataclass(frozen=True)
class KitIlegible:
    """A kit file on this PC that cannot be read: listed with its reason, never hidden."""

    archivo: str
    motivo: str


def _leer_kit(ruta: Path) -> Kit:
    d = json.loads(ruta.read_text(encoding="utf-8"))
    kit = Kit(
        int(d["evento_id"]),
        str(d["evento"]),
        str(d["lugar"]),
        date.fromisoformat(d["fecha"]),
        datetime.fromisoformat(d["descargado"]),
        dict(d["comprobantes"]),
        d.get("otros") or {},  # (a kit of version 1 has neither)
        d.get("eventos") or {},
    )
    if not all(isinstance(v, dict) for v in kit.comprobantes.values()):
        raise ValueError("los comprobantes del paquete no tienen la forma esperada")
    return kit


def paquetes() -> list[Kit | KitIlegible]:
    """Every kit file of the user logged in on this PC (old ones are deleted first): the
    readable ones as kits, the others as ``KitIlegible`` with the reason — a damaged kit is
    said, so the clerk downloads it again before leaving, instead of finding it missing."""
    depurar()
    resultado: list[Kit | KitIlegible] = []
    for ruta in sorted(_carpeta().glob("kit_*.json")):
        try:
            resultado.append(_leer_kit(ruta))
        except OSError as e:
            resultado.append(KitIlegible(ruta.name, f"no se pudo abrir ({e.strerror or e})."))
        except UnicodeDecodeError:
            resultado.append(KitIlegible(ruta.name, "no es texto (el archivo está dañado)."))
        except json.JSONDecodeError as e:
            resultado.append(
                KitIlegible(ruta.name, f"no es JSON válido (renglón {e.lineno}): está dañado.")
            )
        except KeyError as e:
            resultado.append(KitIlegible(ruta.name, f"le falta el dato «{e.args[0]}»."))
        except (ValueError, TypeError, AttributeError) as e:
            resultado.append(KitIlegible(ruta.name, f"un dato no es válido: {e}."))
    return resultado


def kits() -> list[Kit]:
    """The readable kits downloaded on this PC by the user logged in (see ``paquetes`` for the
    unreadable ones too)."""
    return [k for k in paquetes() if isinstance(k, Kit)]


def kits_ilegibles() -> list[KitIlegible]:
    return [k for k in paquetes() if isinstance(k, KitIlegible)]


def diarios_de_otros() -> dict[str, int]:
    """The other staff members of this PC whose offline deliveries wait to be synchronised
    (user → how many): a sync applies the journal of whoever runs it, so the others are said,
    never applied under someone else's name."""
    yo = bd.contexto().usuario
    base = config.carpeta_datos() / "entregas"
    otros: dict[str, int] = {}
    if not base.is_dir():
        return otros
    for carpeta in sorted(base.iterdir()):
        if not carpeta.is_dir() or carpeta.name == yo or not (carpeta / "diario.jsonl").exists():
            continue
        try:
            n = len(Diario(carpeta.name).pendientes())
        except (ValueError, OSError):
            continue
        if n:
            otros[carpeta.name] = n
    return otros


class Diario(DiarioLocal):
    """The local journal of offline deliveries: one JSON line per event, appended and fsync'ed
    before the screen says «Entregado». Lines: {"tipo": "entrega", …}; once the server has
    answered, {"tipo": "confirmada", "clave": …, "resultado": …}; once a conflict was
    reviewed, {"tipo": "revisado", "clave": …, "nota": …, "por": …, "cuando": …}. Unreadable
    lines: see ``diario_local``."""

    MOTIVO_ILEGIBLE = (
        "no es una anotación que se pueda leer — cortada por un apagón o editada a mano —, así "
        "que no se aplicó. Su texto se guardó en cuarentena.jsonl; revíselo con el responsable "
        "del evento."
    )

    def __init__(self, usuario: str | None = None) -> None:
        super().__init__(_carpeta(usuario) / "diario.jsonl")

    def _indice(self, r: dict[str, Any]) -> str | None:
        if r.get("tipo") == "entrega" and isinstance(r.get("hash"), str):
            return r["hash"]
        return None

    def _leer(self) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        leido = self._leido()
        return leido.registros, leido.indice

    def pendientes(self) -> list[dict[str, Any]]:
        """Deliveries the server has not confirmed yet, in order."""
        registros = self.registros()
        confirmadas = {r["clave"] for r in registros if r.get("tipo") == "confirmada"}
        return [
            r for r in registros if r.get("tipo") == "entrega" and r["clave"] not in confirmadas
        ]

    def conflictos(self) -> list[dict[str, Any]]:
        """Deliveries not applied, to review: refused by the server (delivered elsewhere
        meanwhile, a time outside the event…) or by the sync (an entry edited or malformed)."""
        registros = self.registros()
        entregas = {r["clave"]: r for r in registros if r.get("tipo") == "entrega"}
        revisados = {r["clave"] for r in registros if r.get("tipo") == "revisado"}
        return [
            {**entregas.get(r["clave"], {}), **r}
            for r in registros
            if r.get("tipo") == "confirmada" and r.get("resultado") == "Conflicto"
            and r["clave"] not in revisados
        ] + [m for m in self.ilegibles() if m["clave"] not in revisados]  # fmt: skip

    def ya_escaneado(self, hash_hex: str) -> dict[str, Any] | None:
        return self._leer()[1].get(hash_hex)

    def sin_aplicar(self, hash_hex: str) -> dict[str, Any] | None:
        """The delivery of this voucher written here that the server has not applied: still
        pending, or a conflict nobody has reviewed (with its ``resultado`` and ``motivo``).
        None when there is none, or the server applied it (then the server answers)."""
        entrada = self.ya_escaneado(hash_hex)
        if entrada is None or not isinstance(entrada.get("clave"), str):
            return None
        clave, respuesta, revisado = entrada["clave"], None, False
        for r in self.registros():
            if r["clave"] == clave and r.get("tipo") == "confirmada":
                respuesta = r
            elif r["clave"] == clave and r.get("tipo") == "revisado":
                revisado = True
        if respuesta is None:
            return entrada
        if respuesta.get("resultado") == "Conflicto" and not revisado:
            return {**entrada, **respuesta}
        return None

    def anotar_entrega(self, kit: Kit, codigo: str, identificacion: str) -> dict[str, Any]:
        registro = {
            "tipo": "entrega",
            "clave": str(uuid.uuid4()),
            "codigo": comprobantes.normalizar(codigo),
            "hash": comprobantes.hash_de(codigo).hex(),
            "evento": kit.evento_id,
            "cuando": datetime.now().astimezone().isoformat(timespec="seconds"),
            "identificacion": identificacion,
            "folio": kit.comprobantes[comprobantes.hash_de(codigo).hex()]["folio"],
        }
        self._anotar([registro])
        return registro

    def confirmar(self, respuestas: list[tuple[str, str, str | None]]) -> None:
        self._anotar(
            [
                {"tipo": "confirmada", "clave": c, "resultado": r, "motivo": m}
                for c, r, m in respuestas
            ]
        )

    def compactar(self) -> None:
        """Archive the journal (and its quarantine) once the server confirmed everything and
        every conflict was reviewed; archived files go after ``DIAS_ARCHIVO`` days unchanged."""
        pendientes = self.pendientes()
        conflictos = self.conflictos()
        if pendientes or conflictos:
            return
        self.archivar()
        depurar()


def ver_sin_conexion(kit: Kit, codigo: str, diario: Diario | None = None) -> Lectura:
    """A scan checked against the kit and the journal (no server): the same answers as online
    where the kit knows them (delivered: when and by whom; another event: which)."""
    if not comprobantes.bien_formado(codigo):
        return Lectura("Desconocido", MAL_ESCRITO.format(n=len(comprobantes.normalizar(codigo))))
    h = comprobantes.hash_de(codigo).hex()
    dato = kit.comprobantes.get(h)
    if dato is None:
        otro = kit.eventos.get(kit.otros.get(h, ""))
        if otro is not None:
            fecha = date.fromisoformat(otro["fecha"])
            return Lectura(
                "Otro evento",
                f"Es de otro evento: «{otro['nombre']}» del {fecha:%d/%m/%Y} en "
                f"{otro['municipio']}.",
                evento=otro["nombre"],
                evento_fecha=fecha,
            )
        return Lectura(
            "Desconocido",
            "El código no corresponde a ningún comprobante de este evento ni de los otros que "
            f"lleva el paquete (descargado el {horario.fecha_hora(kit.descargado)}).",
        )
    base = {
        "folio": dato["folio"], "nombre": dato["nombre"], "curp": dato["curp"],
        "programa": dato["programa"], "tipo_apoyo": dato["tipo_apoyo"],
        "monto": Decimal(dato["monto"]), "evento": kit.evento, "evento_fecha": kit.fecha,
    }  # fmt: skip
    previo = (diario or Diario()).ya_escaneado(h)
    if previo is not None:
        cuando = hora_anotada(previo)
        return Lectura(
            "Entregado",
            f"Ya se entregó aquí {_el_dia(cuando)} (sin conexión)."
            if cuando
            else "Ya se entregó aquí (sin conexión).",
            entregado=cuando,
            **base,
        )
    if dato["estado"] == "Separación de funciones":  # the kit says: this user issued it
        return Lectura(dato["estado"], SEPARACION, **base)
    if dato["estado"] == "Entregado" and dato.get("entregado"):
        cuando = datetime.fromisoformat(dato["entregado"])
        return Lectura(
            "Entregado",
            f"Ya se entregó {_el_dia(cuando)} por {dato.get('entregado_por')} en "
            f"«{kit.evento}» (según el paquete descargado el "
            f"{horario.fecha_hora(kit.descargado)}).",
            entregado=cuando,
            entregado_por=dato.get("entregado_por"),
            **base,
        )
    if dato["estado"] != "Vigente":
        return Lectura(dato["estado"], f"El comprobante está «{dato['estado']}».", **base)
    return Lectura("Por entregar", None, **base)


def entregar_sin_conexion(kit: Kit, codigo: str, identificacion: str) -> Lectura:
    """Check against the kit and journal, then write the delivery to the journal (fsync) —
    only then is it «Entregado» on screen."""
    diario = Diario()
    lectura = ver_sin_conexion(kit, codigo, diario)
    if not lectura.entregable:
        raise ErrorEntrega(lectura.motivo or lectura.estado, lectura.estado)
    diario.anotar_entrega(kit, codigo, identificacion)
    return lectura


@dataclass(frozen=True)
class Conflicto:
    clave: str
    folio: str
    nombre: str  # from the event's kit while it is on this PC, else ""
    evento: str
    cuando: datetime | None  # when it was handed over, as the journal says
    identificacion: str | None
    motivo: str
    equipo: str = ""  # this PC's name
    diario_de: str = ""  # whose journal (the staff member's user)
    texto: str | None = None  # the raw text of an unreadable line of the journal
    renglon: int | None = None  # its line in the journal

    @property
    def ilegible(self) -> bool:
        return self.texto is not None

    def como_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cuando"] = self.cuando.isoformat() if self.cuando else None
        return d


def equipo() -> str:
    """This PC's name, as the conflicts list says where the journal is."""
    return socket.gethostname() or "este equipo"


def conflictos_por_revisar() -> list[Conflicto]:
    """This user's offline deliveries on this PC that the sync could not apply, and the
    journal's unreadable lines, newest first, each with its reason (``revisar_conflicto``
    marks one reviewed)."""
    diario = Diario()
    lista = diario.conflictos()
    if not lista:
        return []
    nombres: dict[str, str] = {}
    eventos: dict[int, str] = {}
    for k in kits():
        eventos[k.evento_id] = k.evento
        nombres.update({h: d.get("nombre", "") for h, d in k.comprobantes.items()})
    pc = equipo()
    salida = [
        Conflicto(
            clave=c["clave"],
            folio=str(c.get("folio") or ""),
            nombre=nombres.get(str(c.get("hash")), ""),
            evento=eventos.get(c.get("evento"), "") if type(c.get("evento")) is int else "",
            cuando=hora_anotada(c),
            identificacion=c.get("identificacion")
            if isinstance(c.get("identificacion"), str)
            else None,
            motivo=str(c.get("motivo") or ""),
            equipo=pc,
            diario_de=diario.usuario,
            texto=c.get("texto") if c.get("tipo") == "ilegible" else None,
            renglon=c.get("renglon") if c.get("tipo") == "ilegible" else None,
        )
        for c in lista
    ]
    return salida[::-1]


NOTA_MAXIMA = 500


def _es_uuid(valor: Any) -> bool:
    try:
        uuid.UUID(str(valor))
    except ValueError:
        return False
    return True


def revisar_conflicto(clave: str, nota: str) -> dict[str, Any]:
    """Mark one conflict of this user's journal reviewed, with a note (required): written to
    the journal (who, when, note) and, when the entry names a voucher, to the server's log
    through ``sipros_entrega_revisada`` (scoped like a delivery) — the server first, so a
    refusal leaves the conflict as it was. Then the journal is archived if nothing is left."""
    nota = (nota or "").strip()
    if not nota:
        raise ErrorDatos(
            "Escriba una nota de la revisión: qué se comprobó y con quién (por ejemplo, "
            "«Confirmado con el responsable del evento: se entregó una sola vez»)."
        )
    if len(nota) > NOTA_MAXIMA:
        raise ErrorDatos(
            f"La nota tiene {len(nota)} caracteres; el máximo es {NOTA_MAXIMA}. Abrévela."
        )
    diario = Diario()
    clave = (clave or "").strip().lower()
    conflictos = diario.conflictos()
    c = next((c for c in conflictos if c.get("clave") == clave), None)
    if c is None and len(clave) >= 6:  # the first characters, as the list shows them
        parecidos = [c for c in conflictos if str(c.get("clave")).startswith(clave)]
        c = parecidos[0] if len(parecidos) == 1 else None
    if c is not None:
        clave = c["clave"]
    if c is None:
        raise ErrorDatos(
            "Ese conflicto ya no está por revisar en este equipo (ya se revisó, o es del diario "
            "de otro funcionario). Vuelva a abrir la lista."
        )
    try:
        quien = bd.contexto().usuario or diario.usuario
    except RuntimeError:
        quien = diario.usuario
    codigo = c.get("codigo")
    con_codigo = isinstance(codigo, str) and comprobantes.bien_formado(codigo)
    if c.get("tipo") != "ilegible" and con_codigo:
        with bd.sesion() as s:
            s.execute(
                text(
                    "SELECT sipros_entrega_revisada(:codigo, CAST(:clave AS uuid), :nota, "
                    ":motivo, :cuando, :equipo)"
                ),
                {"codigo": codigo, "clave": clave if _es_uuid(clave) else None, "nota": nota,
                 "motivo": str(c.get("motivo") or ""), "cuando": hora_anotada(c),
                 "equipo": equipo()},
            )  # fmt: skip
    registro = diario.marcar_revisado(clave, nota, por=quien)
    diario.compactar()
    return registro


# Delivery times the sync sends: inside the event's hours, with this tolerance either side (the
# database, for any client, refuses a time on another day than the event's)
TOLERANCIA_EVENTO = timedelta(hours=2)
# The journal is written in order: an entry more than this earlier than the one written before
# it was edited, or the clock went back; it is kept for review
TOLERANCIA_ORDEN = timedelta(minutes=2)
ZONA = horario.ZONA_NOMBRE


@dataclass
class ResumenSincronizacion:
    aplicadas: int = 0
    ya_aplicadas: int = 0
    conflictos: list[dict[str, Any]] = field(default_factory=list)
    pendientes: int = 0
    diario_de: str = ""  # whose journal was applied: the user of the session


@dataclass(frozen=True)
class _Ventana:
    nombre: str
    fecha: date
    hora_inicio: time
    hora_fin: time
    desde: datetime
    hasta: datetime


def hora_anotada(r: dict[str, Any]) -> datetime | None:
    """The entry's time, when it is a time with its offset (as the journal writes it)."""
    try:
        cuando = datetime.fromisoformat(r["cuando"])
    except (KeyError, TypeError, ValueError):
        return None
    return cuando if cuando.tzinfo is not None else None


def _local(cuando: datetime) -> datetime:
    return horario.local(cuando)


def _bien_formada(r: dict[str, Any]) -> bool:
    try:
        uuid.UUID(r["clave"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return (
        isinstance(r.get("codigo"), str)
        and comprobantes.bien_formado(r["codigo"])
        and type(r.get("evento")) is int
        and isinstance(r.get("identificacion"), str | None)
        and hora_anotada(r) is not None
    )


def _ventanas(s, eventos: set[int]) -> dict[int, _Ventana]:
    """Each event's hours with the tolerance, as instants (the database knows the zone)."""
    filas = s.execute(
        text(
            "SELECT id, nombre, fecha, hora_inicio, hora_fin, "
            "((fecha + hora_inicio) AT TIME ZONE :zona) - CAST(:tol AS interval), "
            "((fecha + hora_fin) AT TIME ZONE :zona) + CAST(:tol AS interval) "
            "FROM evento_entrega WHERE id = ANY(:ids)"
        ),
        {"zona": ZONA, "tol": TOLERANCIA_EVENTO, "ids": sorted(eventos)},
    ).all()
    return {f[0]: _Ventana(*f[1:]) for f in filas}


def _revisar(r: dict[str, Any], anterior: datetime | None, ventanas: dict[int, _Ventana]):
    """Why an entry is kept for review instead of being sent, or None to send it."""
    if not _bien_formada(r):
        return (
            "La anotación del diario está incompleta o alterada (código, evento, hora o "
            "identificación): no se aplicó."
        )
    cuando = hora_anotada(r) or datetime.now().astimezone()  # (well formed: it has one)
    v = ventanas.get(r["evento"])
    horas = int(TOLERANCIA_EVENTO.total_seconds() // 3600)
    if v is not None and not v.desde <= cuando <= v.hasta:
        return (
            f"La hora anotada ({_local(cuando):%d/%m/%Y %H:%M}) está fuera del horario del evento "
            f"«{v.nombre}» ({v.fecha:%d/%m/%Y}, de {v.hora_inicio:%H:%M} a {v.hora_fin:%H:%M}, "
            f"con {horas} h de tolerancia): no se aplicó. Revise el reloj del equipo."
        )
    if anterior is not None and cuando < anterior - TOLERANCIA_ORDEN:
        return (
            f"La hora anotada ({_local(cuando):%d/%m/%Y %H:%M}) es anterior a la de la entrega "
            f"anotada antes en este equipo ({_local(anterior):%d/%m/%Y %H:%M}): el diario se "
            "editó o el reloj se atrasó; no se aplicó."
        )
    return None


def _rechazo_de_la_entrada(e: sa_exc.DBAPIError) -> str | None:
    """The database's message when it refused this entry (its code, time, event, state or
    data); None when the failure is not the entry's (the connection, the account, a lock…)."""
    sqlstate = getattr(e.orig, "sqlstate", None) or ""
    if not (sqlstate.startswith(("SE", "22", "23"))):
        return None
    diag = getattr(e.orig, "diag", None)
    return getattr(diag, "message_primary", None) or str(e.orig)


def sincronizar(lote: int = 200, progreso: Callable[[int, int], None] | None = None):
    """Apply every unconfirmed journal entry through ``sipros_entregar`` with its key: in
    batches, one savepoint per entry (a refused entry never undoes the others), the batch's
    confirmations written to the journal after it committed. An entry that is malformed, out of
    its event's hours, earlier than the one written before it, or refused by the database for
    its time, event or state is a conflict to review and the batch goes on; only a failure that
    is not the entry's (the connection, the account) stops it, keeping what is pending. Cut at
    any point, running it again gives the same end state."""
    diario = Diario()
    registros = diario.registros()
    pendientes = diario.pendientes()
    # the time of the entry written just before each one (whatever its state)
    anteriores: dict[str, datetime | None] = {}
    previa: datetime | None = None
    for r in registros:
        if r.get("tipo") == "entrega":
            anteriores[r["clave"]] = previa
            previa = hora_anotada(r) or previa
    resumen = ResumenSincronizacion(diario_de=bd.contexto().usuario)
    for inicio in range(0, len(pendientes), lote):
        grupo = pendientes[inicio : inicio + lote]
        respuestas: list[tuple[str, str, str | None]] = []
        with bd.sesion() as s:
            bd.cambio(s, "entregas", "solicitudes", "padron")
            ventanas = _ventanas(s, {r["evento"] for r in grupo if type(r.get("evento")) is int})
            for r in grupo:
                motivo = _revisar(r, anteriores.get(r["clave"]), ventanas)
                if motivo is not None:
                    respuestas.append((r["clave"], "Conflicto", motivo))
                    continue
                punto = s.begin_nested()
                try:
                    fila = s.execute(
                        text(
                            "SELECT resultado FROM sipros_entregar(:c, :i, :e, :cuando, "
                            "CAST(:clave AS uuid))"
                        ),
                        {"c": r["codigo"], "i": r.get("identificacion"), "e": r["evento"],
                         "cuando": hora_anotada(r), "clave": r["clave"]},
                    ).one()  # fmt: skip
                    punto.commit()
                    respuestas.append((r["clave"], fila.resultado, None))
                except sa_exc.DBAPIError as e:
                    punto.rollback()
                    motivo = _rechazo_de_la_entrada(e)
                    if motivo is None:
                        raise  # not this entry's fault: stop, the journal keeps it; retry later
                    respuestas.append((r["clave"], "Conflicto", motivo))
        diario.confirmar(respuestas)
        for clave, resultado, motivo in respuestas:
            if resultado == "Entregado":
                resumen.aplicadas += 1
            elif resultado == "Ya aplicada":
                resumen.ya_aplicadas += 1
            else:
                entrada = next(r for r in grupo if r["clave"] == clave)
                resumen.conflictos.append({**entrada, "motivo": motivo})
        if progreso:
            progreso(min(inicio + lote, len(pendientes)), len(pendientes))
    resumen.pendientes = len(diario.pendientes())
    diario.compactar()
    return resumen
