"""Solicitudes: the officials' queue (filters, keyset pages, counters), the application's
detail, and the dictamen — one at a time with optimistic locking, or many in one transaction.

Row-level security decides which applications a user sees; the database's state machine
(migration 0005) decides which changes are legal, who may make them, and guards cupo and budget.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Select, and_, func, select, text, tuple_
from sqlalchemy.orm import Session

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.modelos import (
    ESTADOS_SOLICITUD,
    Beneficio,
    Ciudadano,
    Convocatoria,
    Programa,
    Solicitud,
    SolicitudHistorial,
    TipoApoyo,
)
from sipros_desktop.servicios import (
    ciudadanos,
    documentos,
    entrega_directa,
    excel,
    formularios,
    horario,
    seguridad,
)

Orden = Literal["fecha", "folio", "apellido"]
TAM_PAGINA = 100
_FOLIO = re.compile(r"^[0-9]{1,2}(/[0-9]{0,2}(/[0-9]{0,4}(-[A-Z0-9]*(-[0-9]*)?)?)?)?$")


@dataclass(frozen=True)
class Filtro:
    programa_id: int | None = None  # "Apoyo"
    proceso: int | None = None
    estado: str | None = None
    desde: date | None = None
    hasta: date | None = None
    municipio_id: int | None = None
    texto: str = ""  # CURP, folio or words of the name


@dataclass(frozen=True)
class FilaSolicitud:
    id: int
    curp: str
    nombre: str
    apellido_paterno: str
    apellido_materno: str | None
    fecha_solicitud: date
    folio: str
    proceso: int
    programa: str
    tipo_apoyo: str
    padron: bool  # the benefit is already in the Padrón Estatal de Beneficiarios
    estado: str
    version: int
    clave_orden: tuple[Any, ...]


@dataclass(frozen=True)
class Pagina:
    filas: list[FilaSolicitud]
    hay_mas: bool

    @property
    def cursor(self) -> tuple[Any, ...] | None:
        return self.filas[-1].clave_orden if self.filas else None


def _base(columnas: list[Any]) -> Select:
    return (
        select(*columnas)
        .select_from(Solicitud)
        .join(Ciudadano, Ciudadano.id == Solicitud.ciudadano_id)
        .join(Convocatoria, Convocatoria.id == Solicitud.convocatoria_id)
    )


def _prefijo(columna, valor: str):
    """``columna`` starts with ``valor``, as a range (C collation): an index serves it whatever
    plan the server caches for the statement (a LIKE pattern that is a parameter does not)."""
    siguiente = valor[:-1] + chr(ord(valor[-1]) + 1)
    return and_(columna >= valor, columna < siguiente)


def _filtrar(s: Session, q: Select, f: Filtro, *, con_estado: bool = True) -> Select:
    """The filter as conditions on solicitud alone (the calls resolved first, a sub-select for
    the citizen), so that counting needs no join and the planner sees which calls it is about
    (one call: an ordered walk of its index)."""
    if f.programa_id is not None or f.proceso is not None:
        convs = select(Convocatoria.id)
        if f.programa_id is not None:
            convs = convs.where(Convocatoria.programa_id == f.programa_id)
        if f.proceso is not None:
            convs = convs.where(Convocatoria.proceso == f.proceso)
        q = q.where(Solicitud.convocatoria_id.in_(list(s.scalars(convs))))
    if con_estado and f.estado:
        if f.estado not in ESTADOS_SOLICITUD:
            raise ErrorDatos(f"Estado desconocido: «{f.estado}».")
        q = q.where(Solicitud.estado == f.estado)
    if f.desde is not None:
        q = q.where(Solicitud.fecha_solicitud >= f.desde)
    if f.hasta is not None:
        q = q.where(Solicitud.fecha_solicitud <= f.hasta)
    if f.municipio_id is not None:  # the citizen's municipality when the application was filed
        q = q.where(Solicitud.municipio_id == f.municipio_id)
    texto = (f.texto or "").strip().upper()
    if not texto:
        return q
    if _FOLIO.match(texto) or re.match(r"^[0-9]{2}/[0-9]{2}/[0-9]{4}-", texto):
        return q.where(_prefijo(Solicitud.folio, texto))
    criterio = ciudadanos.interpretar(texto)
    quienes = select(Ciudadano.id)
    if criterio.tipo == "curp":
        quienes = quienes.where(Ciudadano.curp == criterio.valor)
    elif criterio.tipo == "prefijo_curp":
        quienes = quienes.where(_prefijo(Ciudadano.curp, criterio.valor))
    elif criterio.tipo == "nombre":
        # through the database function, which can use the name index within the user's
        # scope (row-level security would put its own condition first and lose the index)
        quienes = select(func.sipros_ciudadanos_con_nombre(ciudadanos.tsquery(criterio)))
    return q.where(Solicitud.ciudadano_id.in_(quienes))


def _orden(orden: Orden):
    if orden == "folio":
        return (Solicitud.folio,)
    if orden == "apellido":
        return (Ciudadano.nombre_orden,)
    if orden == "fecha":
        return (Solicitud.fecha_solicitud,)
    raise ErrorDatos(f"No se puede ordenar por «{orden}».")


def _consulta(filtro_orden: Orden, descendente: bool, despues: tuple[Any, ...] | None):
    """The queue's query in the requested order, after the keyset cursor (no filter yet)."""
    cols = _orden(filtro_orden)
    padron = select(Beneficio.id).where(Beneficio.solicitud_id == Solicitud.id).exists()
    q = _base(
        [
            Solicitud.id, Ciudadano.curp, Ciudadano.nombre, Ciudadano.apellido_paterno,
            Ciudadano.apellido_materno, Solicitud.fecha_solicitud, Solicitud.folio,
            Convocatoria.proceso, Programa.nombre.label("programa"),
            TipoApoyo.nombre.label("tipo"), padron.label("padron"), Solicitud.estado,
            Solicitud.version, *[c.label(f"o{i}") for i, c in enumerate(cols)],
        ]
    )  # fmt: skip
    q = q.join(Programa, Programa.id == Convocatoria.programa_id).join(
        TipoApoyo, TipoApoyo.id == Solicitud.tipo_apoyo_id
    )
    llave = tuple_(*cols, Solicitud.id)
    if despues is not None:
        q = q.where(llave < tuple_(*despues) if descendente else llave > tuple_(*despues))
    return q.order_by(*[c.desc() if descendente else c for c in (*cols, Solicitud.id)]), len(cols)


def _fila(r: Any, n: int) -> FilaSolicitud:
    return FilaSolicitud(
        id=r.id, curp=r.curp, nombre=r.nombre, apellido_paterno=r.apellido_paterno,
        apellido_materno=r.apellido_materno, fecha_solicitud=r.fecha_solicitud, folio=r.folio,
        proceso=r.proceso, programa=r.programa, tipo_apoyo=r.tipo, padron=r.padron,
        estado=r.estado, version=r.version,
        clave_orden=(*[r._mapping[f"o{i}"] for i in range(n)], r.id),
    )  # fmt: skip


def pagina(
    filtro: Filtro,
    orden: Orden = "fecha",
    descendente: bool = True,
    despues: tuple[Any, ...] | None = None,
    limite: int = TAM_PAGINA,
) -> Pagina:
    """One page of the queue in the requested order, after the keyset cursor ``despues``."""
    q, n = _consulta(orden, descendente, despues)
    with bd.sesion() as s:
        filas = s.execute(_filtrar(s, q, filtro).limit(limite + 1)).all()
    return Pagina([_fila(r, n) for r in filas[:limite]], hay_mas=len(filas) > limite)


def recorrer(
    filtro: Filtro, orden: Orden = "fecha", descendente: bool = True, lote: int = 5000
) -> Iterator[FilaSolicitud]:
    """Every row of the filter in order, streamed from one server-side cursor (flat memory)."""
    q, n = _consulta(orden, descendente, None)
    with bd.sesion_lectura() as s:
        resultado = s.execute(
            _filtrar(s, q, filtro),
            execution_options={"stream_results": True, "yield_per": lote},
        )
        for r in resultado:
            yield _fila(r, n)


def contadores(filtro: Filtro) -> dict[str, int]:
    """How many applications of the filter (ignoring its state) are in each state."""
    with bd.sesion() as s:
        q = _filtrar(s, select(Solicitud.estado, func.count()), filtro, con_estado=False)
        cuenta = dict(s.execute(q.group_by(Solicitud.estado)).all())
    return {e: int(cuenta.get(e, 0)) for e in ESTADOS_SOLICITUD}


def ids_del_filtro(filtro: Filtro, limite: int = 50_000) -> list[int]:
    """The ids of the whole filter (for a bulk dictamen), oldest first."""
    with bd.sesion() as s:
        q = _filtrar(s, select(Solicitud.id), filtro)
        q = q.order_by(Solicitud.fecha_solicitud, Solicitud.id).limit(limite + 1)
        ids = list(s.scalars(q))
    if len(ids) > limite:
        raise ErrorDatos(
            f"El filtro tiene más de {limite:,} solicitudes; acótelo (por apoyo, proceso o "
            "fechas) para dictaminarlas en bloque."
        )
    return ids


@dataclass(frozen=True)
class OpcionConvocatoria:
    programa_id: int
    proceso: int
    nombre: str
    anio: int  # the year it opened


@dataclass(frozen=True)
class OpcionesFiltro:
    programas: list[tuple[int, str]]  # only the programmes the user may see
    procesos: list[int]
    convocatorias: list[OpcionConvocatoria] = field(default_factory=list)  # of those programmes
    hoy: date | None = None  # the offices' business date (sipros_hoy)
    dictamina: bool = True  # an official or administrator (delivery staff only deliver)

    def procesos_de(self, programa_id: int | None = None) -> list[tuple[int, str]]:
        """(proceso, what the filter shows) for one programme — the name of its call and the
        year — or for every programme: the number and the years of the calls of that round."""
        if programa_id is not None:
            nombres: dict[int, list[str]] = {}
            for c in self.convocatorias:
                if c.programa_id == programa_id:
                    nombre = c.nombre if str(c.anio) in c.nombre else f"{c.nombre} ({c.anio})"
                    nombres.setdefault(c.proceso, []).append(nombre)
            return [(p, f"{p} · {' / '.join(n)}") for p, n in sorted(nombres.items())]
        anios: dict[int, set[int]] = {p: set() for p in self.procesos}
        for c in self.convocatorias:
            anios.setdefault(c.proceso, set()).add(c.anio)
        salida = []
        for p, a in sorted(anios.items()):
            if not a:
                salida.append((p, str(p)))
            elif len(a) == 1:
                salida.append((p, f"{p} · convocatorias de {min(a)}"))
            else:
                salida.append((p, f"{p} · convocatorias de {min(a)} a {max(a)}"))
        return salida


def opciones_filtro() -> OpcionesFiltro:
    with bd.sesion() as s:
        visibles = s.scalar(text("SELECT sipros_programas_visibles()"))
        q = select(Programa.id, Programa.nombre).order_by(Programa.nombre)
        if not seguridad.es_propietario(s):
            q = q.where(Programa.id.in_(visibles or []))
        programas = [(i, n) for i, n in s.execute(q)]
        convocatorias = [
            OpcionConvocatoria(pid, proceso, nombre, apertura.year)
            for pid, proceso, nombre, apertura in s.execute(
                select(Convocatoria.programa_id, Convocatoria.proceso, Convocatoria.nombre,
                       Convocatoria.fecha_apertura)
                .where(Convocatoria.programa_id.in_([i for i, _n in programas]))
                .order_by(Convocatoria.proceso, Convocatoria.fecha_apertura, Convocatoria.id)
            )
        ]  # fmt: skip
        procesos = sorted({c.proceso for c in convocatorias})
        hoy, dictamina = s.execute(
            text(
                "SELECT sipros_hoy(), pg_has_role(session_user, 'pg_database_owner', 'MEMBER') "
                "OR pg_has_role(session_user, 'sipros_funcionario', 'MEMBER') "
                "OR pg_has_role(session_user, 'sipros_administrador', 'MEMBER')"
            )
        ).one()
    return OpcionesFiltro(programas, procesos, convocatorias, hoy, bool(dictamina))


# --------------------------------------------------------------------------- detail


@dataclass(frozen=True)
class Movimiento:
    estado: str
    fecha: datetime
    comentario: str | None
    usuario: str


@dataclass(frozen=True)
class Transicion:
    hacia: str
    comentario_requerido: bool
    descripcion: str
    definitiva: bool = False  # no way back to the state it leaves: ask before doing it


@dataclass(frozen=True)
class DetalleSolicitud:
    id: int
    folio: str
    estado: str
    version: int
    fecha_solicitud: date
    ciudadano_id: int
    curp: str
    nombre_completo: str
    programa: str
    convocatoria: str
    proceso: int
    tipo_apoyo: str
    respuestas: list[tuple[str, str]]  # (question, answer) in the form's order
    documentos: list[documentos.DocumentoGuardado]
    historial: list[Movimiento]
    transiciones: list[Transicion] = field(default_factory=list)  # what this user may do
    # delivery staff may register its delivery without an event (transfer, card, cheque)
    puede_registrar_entrega: bool = False
    entrega_sin_evento: str = ""  # how it was delivered without an event, if it was
    ve_documentos: bool = True  # delivery staff see the application, not its documents
    hoy: date | None = None  # the business date (a delivery is not dated after it)
    brigada: str = ""  # captured offline by a field brigade: when, by whom, provisional folio


def _texto_respuesta(v: Any) -> str:
    if isinstance(v, bool):
        return "Sí" if v else "No"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


def transiciones(s: Session, estado: str) -> list[Transicion]:
    """What this user may do from ``estado``; a change is final when the state machine has no
    way back (approving, rejecting, dropping)."""
    filas = s.execute(
        text(
            "SELECT t.hacia, bool_or(t.comentario_requerido), min(t.descripcion), "
            "       NOT EXISTS (SELECT 1 FROM solicitud_transicion r "
            "                   WHERE r.desde = t.hacia AND r.hacia = :e) "
            "FROM solicitud_transicion t WHERE t.desde = :e AND t.hacia <> 'Entregado' "
            "AND (pg_has_role(session_user, 'pg_database_owner', 'MEMBER') "
            "     OR pg_has_role(session_user, 'sipros_' || t.perfil, 'MEMBER')) "
            "GROUP BY t.hacia ORDER BY t.hacia"
        ),
        {"e": estado},
    ).all()
    return [Transicion(h, bool(c), d, bool(f)) for h, c, d, f in filas]


def con_contexto(s: Session, solicitud_id: int) -> tuple[Solicitud, Ciudadano, str, str, int, str]:
    """(solicitud, ciudadano, programa, convocatoria, proceso, tipo de apoyo) of one application
    the user may see; ErrorDatos if there is none."""
    r = s.execute(
        select(Solicitud, Ciudadano, Programa.nombre, Convocatoria.nombre,
               Convocatoria.proceso, TipoApoyo.nombre)
        .join(Ciudadano, Ciudadano.id == Solicitud.ciudadano_id)
        .join(Convocatoria, Convocatoria.id == Solicitud.convocatoria_id)
        .join(Programa, Programa.id == Convocatoria.programa_id)
        .join(TipoApoyo, TipoApoyo.id == Solicitud.tipo_apoyo_id)
        .where(Solicitud.id == solicitud_id)
    ).first()  # fmt: skip
    if r is None:
        raise ErrorDatos("La solicitud ya no existe o no tiene permiso para verla.")
    return tuple(r)  # type: ignore[return-value]


def documentos_requeridos(solicitud_id: int) -> tuple[str, ...]:
    """The documents the application's call asks for."""
    with bd.sesion() as s:
        docs = s.scalar(
            select(Convocatoria.documentos_requeridos)
            .join(Solicitud, Solicitud.convocatoria_id == Convocatoria.id)
            .where(Solicitud.id == solicitud_id)
        )
    return tuple(docs or ())


def detalle(solicitud_id: int) -> DetalleSolicitud:
    with bd.sesion() as s:
        sol, c, programa, convocatoria, proceso, tipo = con_contexto(s, solicitud_id)
        respuestas: list[tuple[str, str]] = []
        if sol.respuestas:
            d = None
            if sol.formulario_id:
                # a version over the limits (stored before they existed): the bare answers
                with contextlib.suppress(ErrorDatos):
                    d = formularios.cargar_en(s, sol.formulario_id)
            if d is not None:
                respuestas = [
                    (p.texto, _texto_respuesta(sol.respuestas[p.clave]))
                    for p in d.preguntas()
                    if p.clave in sol.respuestas
                ]
            else:
                respuestas = [(k, _texto_respuesta(v)) for k, v in sol.respuestas.items()]
        historial = [
            Movimiento(h.estado, h.fecha, h.comentario, h.usuario)
            for h in s.scalars(
                select(SolicitudHistorial)
                .where(SolicitudHistorial.solicitud_id == solicitud_id)
                .order_by(SolicitudHistorial.id)  # the order in which they were written
            )
        ]
        posibles = transiciones(s, sol.estado)
        es_entrega, ve_documentos, hoy, ve_brigadas = s.execute(
            text(
                "SELECT pg_has_role(session_user, 'sipros_entrega', 'MEMBER'), "
                "has_table_privilege('documento', 'SELECT'), sipros_hoy(), "
                "has_table_privilege('brigada_captura', 'SELECT')"
            )
        ).one()
        brigada = (
            s.execute(
                text(
                    "SELECT capturada, sincronizada, sipros_nombre_funcionario(sincronizada_por) "
                    "AS quien, folio_provisional FROM brigada_captura WHERE solicitud_id = :i"
                ),
                {"i": solicitud_id},
            ).first()
            if ve_brigadas
            else None
        )
    directa = entrega_directa.de_solicitud(solicitud_id) if sol.estado == "Entregado" else None
    return DetalleSolicitud(
        id=sol.id, folio=sol.folio, estado=sol.estado, version=sol.version,
        fecha_solicitud=sol.fecha_solicitud, ciudadano_id=c.id, curp=c.curp,
        nombre_completo=c.nombre_completo, programa=programa, convocatoria=convocatoria,
        proceso=proceso, tipo_apoyo=tipo, respuestas=respuestas,
        documentos=documentos.de_solicitud(solicitud_id) if ve_documentos else [],
        historial=historial, transiciones=posibles,
        puede_registrar_entrega=bool(es_entrega) and sol.estado == "Aprobada",
        entrega_sin_evento=directa.texto() if directa else "", ve_documentos=bool(ve_documentos),
        hoy=hoy,
        brigada=(
            f"Capturada sin conexión por {brigada.quien} el "
            f"{horario.fecha_hora(brigada.capturada)} (folio provisional "
            f"{brigada.folio_provisional}); llegó al sistema el "
            f"{horario.fecha_hora(brigada.sincronizada)}"
            if brigada else ""
        ),
    )  # fmt: skip


# --------------------------------------------------------------------------- dictamen


class ErrorConcurrencia(ErrorDatos):
    """Someone else changed the application after it was read: nothing was overwritten."""


def _exigir_comentario(s: Session, desde: str, hacia: str, comentario: str) -> None:
    requerido = s.scalar(
        text(
            "SELECT bool_or(comentario_requerido) FROM solicitud_transicion "
            "WHERE desde = :d AND hacia = :h"
        ),
        {"d": desde, "h": hacia},
    )
    if requerido and not comentario.strip():
        raise ErrorDatos(f"Escriba el comentario: pasar a «{hacia}» lo requiere.")


def _ya_cambio(s: Session, solicitud_id: int, folio: str, estado: str) -> str:
    """Why a dictamen read at an older version was refused: someone else's change, or the
    user's own from another window or PC (the last history row says who)."""
    ultimo, yo = s.execute(
        select(SolicitudHistorial.usuario, func.session_user())
        .where(SolicitudHistorial.solicitud_id == solicitud_id)
        .order_by(SolicitudHistorial.id.desc())
        .limit(1)
    ).one_or_none() or (None, None)
    if ultimo is not None and ultimo == yo:
        return (
            f"Usted ya cambió la solicitud {folio} en otra ventana u otro equipo (ahora está "
            f"«{estado}»). No se guardó nada aquí: se muestra como quedó."
        )
    return (
        f"Otra persona cambió la solicitud {folio} mientras usted la revisaba (ahora está "
        f"«{estado}»). No se guardó nada: vuelva a abrirla."
    )


def dictaminar(solicitud_id: int, version: int, hacia: str, comentario: str = "") -> int:
    """Change the state of one application that was read at ``version``, with its history
    row, in one transaction. Returns the new version."""
    with bd.sesion() as s:
        bd.cambio(s, "solicitudes", "padron")
        actual = s.execute(
            select(Solicitud.estado, Solicitud.version, Solicitud.folio).where(
                Solicitud.id == solicitud_id
            )
        ).first()
        if actual is None:
            raise ErrorDatos("La solicitud no existe o no está en su área.")
        if actual.version != version:
            raise ErrorConcurrencia(_ya_cambio(s, solicitud_id, actual.folio, actual.estado))
        _exigir_comentario(s, actual.estado, hacia, comentario)
        nueva = s.scalar(
            text(
                "UPDATE solicitud SET estado = :h WHERE id = :i AND version = :v RETURNING version"
            ),
            {"h": hacia, "i": solicitud_id, "v": version},
        )
        if nueva is None:
            raise ErrorConcurrencia(
                f"Otra persona cambió la solicitud {actual.folio} en este momento. No se guardó "
                "nada: vuelva a abrirla."
            )
        s.add(
            SolicitudHistorial(
                solicitud_id=solicitud_id, estado=hacia, comentario=comentario.strip() or None
            )
        )
        return int(nueva)


@dataclass(frozen=True)
class PreviaMasiva:
    cambian: list[int]
    no_pueden: list[tuple[str, str]]  # (folio, why not)
    folios: list[str] = field(default_factory=list)  # of ``cambian``, in the same order
    comentario_requerido: bool = False  # some of those that change need a comment
    definitiva: bool = False  # some of them cannot go back to the state they leave


def _previa(s: Session, ids: list[int], hacia: str, bloquear: bool) -> PreviaMasiva:
    filas = s.execute(
        select(Solicitud.id, Solicitud.folio, Solicitud.estado, Solicitud.convocatoria_id,
               TipoApoyo.monto)
        .join(TipoApoyo, TipoApoyo.id == Solicitud.tipo_apoyo_id)
        .where(Solicitud.id.in_(ids))
        .order_by(Solicitud.fecha_solicitud, Solicitud.id)
    ).all()  # fmt: skip
    por_estado = {e: {t.hacia: t for t in transiciones(s, e)} for e in {f.estado for f in filas}}
    convs = sorted({f.convocatoria_id for f in filas})
    restante: dict[int, tuple[int | None, float | None]] = {}
    if hacia == "Aprobada" and convs:
        for cid, cupo, dinero in s.execute(
            text("SELECT * FROM sipros_cupo_restante(:ids, :bloquear)"),
            {"ids": convs, "bloquear": bloquear},
        ):
            restante[cid] = (cupo, None if dinero is None else float(dinero))
    cambian, folios, no_pueden = [], [], []
    requerido = definitiva = False
    for f in filas:
        if f.estado == hacia or hacia not in por_estado[f.estado]:
            no_pueden.append((f.folio, f"está «{f.estado}»: no puede pasar a «{hacia}»"))
            continue
        if hacia == "Aprobada":
            cupo, dinero = restante.get(f.convocatoria_id, (None, None))
            if cupo is not None and cupo <= 0:
                no_pueden.append((f.folio, "cupo agotado"))
                continue
            if dinero is not None and float(f.monto) > dinero:
                no_pueden.append((f.folio, "presupuesto insuficiente"))
                continue
            restante[f.convocatoria_id] = (
                None if cupo is None else cupo - 1,
                None if dinero is None else dinero - float(f.monto),
            )
        cambian.append(f.id)
        folios.append(f.folio)
        t = por_estado[f.estado][hacia]
        requerido, definitiva = requerido or t.comentario_requerido, definitiva or t.definitiva
    faltan = set(ids) - {f.id for f in filas}
    no_pueden += [(str(i), "no existe o no está en su área") for i in sorted(faltan)]
    return PreviaMasiva(cambian, no_pueden, folios, requerido, definitiva)


def previa_masiva(ids: list[int], hacia: str) -> PreviaMasiva:
    """How many of ``ids`` would change to ``hacia``, and which cannot and why (in the order
    they would be approved: the oldest first, while cupo and budget last)."""
    with bd.sesion() as s:
        return _previa(s, ids, hacia, bloquear=False)


@dataclass(frozen=True)
class ResultadoMasivo:
    cambiadas: int
    no_pudieron: list[tuple[str, str]]


def dictaminar_masivo(ids: list[int], hacia: str, comentario: str) -> ResultadoMasivo:
    """One comment, one transaction: the applications that can change do (oldest first while
    cupo and budget last), each with its history row; the rest stay as they were."""
    if not ids:
        raise ErrorDatos("Seleccione al menos una solicitud.")
    with bd.sesion() as s:
        bd.cambio(s, "solicitudes", "padron")
        p = _previa(s, ids, hacia, bloquear=True)
        if p.cambian:
            estados = {
                e for e in s.scalars(select(Solicitud.estado).where(Solicitud.id.in_(p.cambian)))
            }
            for e in estados:
                _exigir_comentario(s, e, hacia, comentario)
            s.execute(
                text("UPDATE solicitud SET estado = :h WHERE id = ANY(:ids)"),
                {"h": hacia, "ids": p.cambian},
            )
            s.execute(
                text(
                    "INSERT INTO solicitud_historial (solicitud_id, estado, comentario) "
                    "SELECT unnest(CAST(:ids AS bigint[])), :h, :c"
                ),
                {"ids": p.cambian, "h": hacia, "c": comentario.strip() or None},
            )
    return ResultadoMasivo(len(p.cambian), p.no_pueden)


# --------------------------------------------------------------------------- Descargar

COLUMNAS_EXCEL = (
    excel.Columna("Id", 9, "numero"), excel.Columna("CURP", 21),
    excel.Columna("Nombre", 22), excel.Columna("Apellido Paterno", 18),
    excel.Columna("Apellido Materno", 18), excel.Columna("Fecha de Solicitud", 13, "fecha"),
    excel.Columna("Folio", 24), excel.Columna("Proceso", 9, "numero"),
    excel.Columna("Solicitud", 32), excel.Columna("Tipo de Apoyo", 20),
    excel.Columna("Padrón", 8), excel.Columna("Estado", 12),
)  # fmt: skip


def exportar(
    filtro: Filtro,
    ruta: str | Path,
    *,
    orden: Orden = "fecha",
    descendente: bool = True,
    progreso: excel.Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
    lote: int = 5000,
) -> int:
    """The current filter to a formatted .xlsx, streamed from the server (flat memory).
    Only rows the user may see are read: row-level security applies to the query."""
    cuenta = contadores(filtro)
    total = cuenta.get(filtro.estado, 0) if filtro.estado else sum(cuenta.values())

    filas = (
        (
            r.id,
            r.curp,
            r.nombre,
            r.apellido_paterno,
            r.apellido_materno,
            r.fecha_solicitud,
            r.folio,
            r.proceso,
            r.programa,
            r.tipo_apoyo,
            "Sí" if r.padron else "",
            r.estado,
        )
        for r in recorrer(filtro, orden, descendente, lote)
    )

    return excel.escribir(
        ruta, "Solicitudes", COLUMNAS_EXCEL, filas, total=total, progreso=progreso,
        cancelado=cancelado,
    )  # fmt: skip
