"""How dates, amounts and counts are written on screen (Mexican Spanish)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sipros_desktop.servicios import horario


def fecha(d: date | datetime | None) -> str:
    if d is None:
        return ""
    return d.strftime("%d/%m/%Y")


def fecha_hora(d: datetime | None) -> str:
    """On the offices' clock (America/Mexico_City), whatever the PC's zone."""
    return horario.fecha_hora(d)


def miles(n: int) -> str:
    return f"{n:,}"


def pesos(monto: Decimal | float | None) -> str:
    if monto is None:
        return ""
    return f"${monto:,.2f}"
