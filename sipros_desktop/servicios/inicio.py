"""Inicio: what needs each user now, by profile, and the headline figures of their scope.

Each item says how many, one detail (the oldest, the next), and which module opens it already
filtered. Counts come from the database under the user's scope; unfinished captures and
offline deliveries (pending, and conflicts the sync could not apply) come from this PC's own
folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import borradores, entregas, horario, indicadores
from sipros_desktop.servicios.seguridad import Perfil


@dataclass(frozen=True)
class Pendiente:
    clave: str
    titulo: str
    cantidad: int
    detalle: str
    modulo: str  # where the item opens
    filtro: dict[str, Any] = field(default_factory=dict)  # how the module opens filtered


def _corto(texto: object, largo: int = 140) -> str:
    t = str(texto or "")
    return t if len(t) <= largo else t[: largo - 1] + "…"


def _fecha(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def pendientes(perfil: Perfil | None, hoy: date | None = None) -> list[Pendiente]:
    """The items of the user's profiles (all of them for a maintenance session)."""
    tiene = (lambda *p: True) if perfil is None else perfil.tiene
    salida: list[Pendiente] = []
    with bd.sesion() as s:
        hoy = hoy or s.execute(text("SELECT sipros_hoy()")).scalar_one()
        if tiene("funcionario", "administrador"):
            n, antigua = s.execute(
                text(
                    "SELECT count(*), min(fecha_solicitud) FROM solicitud "
                    "WHERE estado = 'En proceso'"
                )
            ).one()
            detalle = (
                f"La más antigua es del {_fecha(antigua)} ({(hoy - antigua).days:,} días)."
                if antigua
                else "Nada en espera."
            )
            salida.append(
                Pendiente(
                    "dictamen",
                    "Solicitudes por dictaminar",
                    n,
                    detalle,
                    "solicitudes",
                    # the card speaks of the oldest: the queue opens with it on top
                    {"estado": "En proceso", "antiguas_primero": True},
                )
            )
        if tiene("funcionario", "administrador", "ventanilla"):
            n, antigua = s.execute(
                text("SELECT count(*), min(actualizado) FROM solicitud WHERE estado = 'Corrección'")
            ).one()
            detalle = (
                f"Esperan al ciudadano en ventanilla desde el {_fecha(antigua.date())}."
                if antigua
                else "Ninguna."
            )
            modulo = "solicitudes" if tiene("funcionario", "administrador") else "ventanilla"
            salida.append(
                Pendiente(
                    "correccion",
                    "Solicitudes en corrección",
                    n,
                    detalle,
                    modulo,
                    {"estado": "Corrección"},
                )
            )
        if tiene("entrega", "administrador"):
            n, proximo = s.execute(
                text(
                    "SELECT count(*), min(fecha) FROM evento_entrega WHERE fecha BETWEEN :h AND :h2"
                ),
                {"h": hoy, "h2": hoy + timedelta(days=14)},
            ).one()
            detalle = (
                f"El próximo es el {_fecha(proximo)}." if proximo else "Ninguno en dos semanas."
            )
            salida.append(
                Pendiente(
                    "eventos",
                    "Eventos de entrega en las próximas dos semanas",
                    n,
                    detalle,
                    "entregas",
                )
            )
        if tiene("administrador"):
            n = s.execute(
                text(
                    "SELECT count(*) FROM carga_masiva WHERE estado = 'Aplicada' "
                    "AND filas_error > 0 AND creado >= now() - interval '30 days'"
                )
            ).scalar_one()
            salida.append(
                Pendiente(
                    "cargas",
                    "Cargas con filas rechazadas (30 días)",
                    n,
                    "Devuelva a la dependencia el libro de observaciones.",
                    "cargas",
                    {"pestana": "cargas"},
                )
            )
            n = s.execute(
                text("SELECT count(*) FROM duplicado_revision WHERE estado = 'Pendiente'")
            ).scalar_one()
            salida.append(
                Pendiente(
                    "duplicados",
                    "Posibles duplicados por revisar",
                    n,
                    "Compare y decida: personas distintas o la misma.",
                    "cargas",
                    {"pestana": "duplicados"},
                )
            )
    if tiene("ventanilla"):
        n = len(borradores.pendientes())
        salida.append(
            Pendiente(
                "borradores",
                "Capturas sin terminar en este equipo",
                n,
                "Se guardan solas; se borran a los 7 días.",
                "ventanilla",
            )
        )
    if tiene("entrega"):
        diario = entregas.Diario()
        pendientes_diario = diario.pendientes()
        n = len(pendientes_diario)
        desde = min((c for c in map(entregas.hora_anotada, pendientes_diario) if c), default=None)
        salida.append(
            Pendiente(
                "sincronizar",
                "Entregas sin conexión de este equipo por sincronizar",
                n,
                f"La más antigua es del {horario.fecha_hora(desde)}. Sincronice en cuanto haya "
                "conexión: mientras tanto, este equipo no las entrega de nuevo en línea."
                if desde
                else "Ninguna: todo lo entregado sin conexión está en el servidor.",
                "entregas",
            )
        )
        conflictos = diario.conflictos()
        ultimo = conflictos[-1] if conflictos else None
        salida.append(
            Pendiente(
                "conflictos_entrega",
                "Entregas sin conexión que no se aplicaron (conflictos)",
                len(conflictos),
                f"El último: {ultimo.get('folio') or 'sin folio'} — {_corto(ultimo.get('motivo'))}"
                if ultimo
                else "Ninguno por revisar en este equipo.",
                "entregas",
                {"conflictos": True} if conflictos else {},
            )
        )
    return salida


def titulares(hoy: date | None = None) -> indicadores.Tasas | None:
    """The year's headline figures of the user's scope (None for the citizen-service desk,
    which reads no application)."""
    from sipros_desktop.servicios import seguridad

    perfil = seguridad.mi_perfil()
    if perfil is not None and not perfil.tiene("funcionario", "administrador", "ventanilla",
                                               "entrega"):  # fmt: skip
        return None
    with bd.sesion() as s:
        hoy = hoy or s.execute(text("SELECT sipros_hoy()")).scalar_one()
    return indicadores.tasas(indicadores.Filtro(desde=date(hoy.year, 1, 1), hasta=hoy))
