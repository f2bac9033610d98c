"""Deliveries without an event: a programme paid by bank transfer, card or cheque is marked
delivered on its approved application, with the date, the method and the reference.

``sipros_entregar_sin_evento`` does it in the database, in the family of ``sipros_entregar``:
only delivery staff, only applications of their alcance, once and only once, with the same
history row, beneficio row and SMS behaviour. This module checks what the user typed first, so
the message says what to fix before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos, ErrorSipros
from sipros_desktop.modelos import EntregaDirecta, Solicitud
from sipros_desktop.servicios.entregas import ErrorEntrega, _estado_del_error

METODOS: tuple[str, ...] = ("Transferencia", "Tarjeta", "Cheque", "Orden de pago")
MAX_REFERENCIA = 60


@dataclass(frozen=True)
class Resultado:
    folio: str
    nombre: str
    programa: str
    tipo_apoyo: str
    monto: Decimal
    fecha: date


@dataclass(frozen=True)
class Registrada:
    """A delivery without an event, as the Solicitudes screen shows it."""

    metodo: str
    referencia: str
    fecha: date
    registrado: datetime
    registrado_por: str  # the login
    nombre: str = ""  # the staff member's name, as every screen says who did something

    def texto(self) -> str:
        return (
            f"{self.metodo}, referencia {self.referencia}, el {self.fecha:%d/%m/%Y} "
            f"(registró {self.nombre or self.registrado_por})"
        )


def metodo_valido(metodo: str) -> str:
    """The method as the database writes it, from what the user or the command line gave
    («transferencia», «TARJETA», «orden de pago»)."""
    limpio = " ".join((metodo or "").split()).lower()
    for m in METODOS:
        if m.lower() == limpio:
            return m
    raise ErrorDatos(
        f"«{metodo}» no es una forma de entrega. Use: "
        + ", ".join(m.lower() for m in METODOS)
        + "."
    )


def _validar(metodo: str, referencia: str, fecha: date | None, hoy: date) -> tuple[str, str]:
    errores: list[str] = []
    try:
        metodo = metodo_valido(metodo)
    except ErrorDatos as e:
        errores.append(e.mensaje)
    ref = " ".join((referencia or "").split())
    if not ref:
        errores.append(
            "Escriba la referencia: el número de la transferencia, del cheque o de la tarjeta."
        )
    elif len(ref) > MAX_REFERENCIA:
        errores.append(f"La referencia tiene {len(ref)} caracteres; el máximo es {MAX_REFERENCIA}.")
    if fecha is not None and fecha > hoy:
        errores.append(
            f"La fecha de la entrega ({fecha:%d/%m/%Y}) es futura: anote el día en que se hizo."
        )
    if errores:
        raise ErrorDatos("\n".join(errores))
    return metodo, ref


def registrar(
    solicitud_id: int, metodo: str, referencia: str, fecha: date | None = None
) -> Resultado:
    """Mark an approved application delivered by ``metodo`` (one transaction). ErrorEntrega
    (with ``estado``: Entregado, No aprobada, Fecha, Separación de funciones…) says why not."""
    try:
        with bd.sesion() as s:
            bd.cambio(s, "entregas", "solicitudes", "padron")
            hoy = s.scalar(text("SELECT sipros_hoy()"))
            metodo, ref = _validar(metodo, referencia, fecha, hoy)
            r = s.execute(
                text("SELECT * FROM sipros_entregar_sin_evento(:s, :m, :r, :f)"),
                {"s": solicitud_id, "m": metodo, "r": ref, "f": fecha},
            ).one()
    except ErrorSipros as e:
        estado = _estado_del_error(e)
        if estado:
            raise ErrorEntrega(e.mensaje, estado, detalle=e.detalle) from e
        raise
    return Resultado(r.folio, r.nombre, r.programa, r.tipo_apoyo, r.monto, r.fecha)


def solicitud_por_folio(folio: str) -> int:
    """The id of the application with this folio, if the user may see it."""
    with bd.sesion() as s:
        sid = s.scalar(select(Solicitud.id).where(Solicitud.folio == folio.strip()))
    if sid is None:
        raise ErrorDatos(f"No hay una solicitud con folio {folio.strip()} en su alcance.")
    return sid


def de_solicitud(solicitud_id: int) -> Registrada | None:
    with bd.sesion() as s:
        e = s.get(EntregaDirecta, solicitud_id)
        if e is None:
            return None
        nombre = s.scalar(text("SELECT sipros_nombre_funcionario(:u)"), {"u": e.registrado_por})
    return Registrada(e.metodo, e.referencia, e.fecha, e.registrado, e.registrado_por,
                      nombre or "")  # fmt: skip
