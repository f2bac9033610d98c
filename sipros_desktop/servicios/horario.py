"""The offices' clock: every time shown or printed is in the zone of the offices
(America/Mexico_City), whatever zone the PC is set to — a PC left in UTC shows the same hour
as every other screen and every printed document.

The database keeps instants (``timestamptz``); only the wording is local. ``tzdata`` ships the
zone where the system has none (Windows)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONA_NOMBRE = "America/Mexico_City"
ZONA = ZoneInfo(ZONA_NOMBRE)


def local(instante: datetime) -> datetime:
    """``instante`` on the offices' clock (a naive value is taken as already local)."""
    if instante.tzinfo is None:
        return instante.replace(tzinfo=ZONA)
    return instante.astimezone(ZONA)


def ahora() -> datetime:
    return datetime.now(ZONA)


def hoy() -> date:
    """Today at the offices (the PC's own date may be another one near midnight)."""
    return ahora().date()


def fecha_hora(instante: datetime | None, segundos: bool = False) -> str:
    if instante is None:
        return ""
    return local(instante).strftime("%d/%m/%Y %H:%M:%S" if segundos else "%d/%m/%Y %H:%M")


def hora(instante: datetime | None) -> str:
    return "" if instante is None else local(instante).strftime("%H:%M")


def inicio_del_dia(d: date) -> datetime:
    """The first instant of day ``d`` at the offices (for «desde» filters)."""
    return datetime.combine(d, time.min, tzinfo=ZONA)


def fin_del_dia(d: date) -> datetime:
    """The first instant after day ``d`` at the offices (for «hasta» filters, exclusive)."""
    return inicio_del_dia(d + timedelta(days=1))
