"""Engine and short sessions over the active database.

One unit of work = one short session (``with sesion() as s:``), ``expire_on_commit=False``.
Sessions are never shared across threads; the engine (a pool) is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from sipros_desktop.bd.errores import traducir

_motor: Engine | None = None
_fabrica: sessionmaker[Session] | None = None


def normalizar_url(url: str | URL) -> URL:
    """Accept ``postgresql://`` as well as ``postgresql+psycopg://``."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if not u.drivername.startswith("postgresql"):
        raise ValueError("SIPROS solo trabaja con PostgreSQL (la URL debe ser postgresql://...).")
    return u


def dsn(url: str | URL) -> str:
    """The libpq connection string of ``url`` (password included), for raw psycopg. Several
    ``host`` parameters (a primary and its standbys) become libpq's list of hosts."""
    u = normalizar_url(url).set(drivername="postgresql")
    hosts = u.query.get("host")
    if isinstance(hosts, tuple) and len(hosts) > 1:
        from urllib.parse import quote, urlencode

        resto = urlencode({k: v for k, v in u.query.items() if k != "host"}, doseq=True)
        quien = quote(u.username or "", safe="")
        if u.password:
            quien += ":" + quote(str(u.password), safe="")
        arroba = "@" if quien else ""
        return f"postgresql://{quien}{arroba}{','.join(hosts)}/{u.database or ''}?{resto}"
    return u.render_as_string(hide_password=False)


def crear_motor(url: str | URL, *, pool_size: int = 4) -> Engine:
    u = normalizar_url(url)
    return create_engine(
        u,
        pool_size=pool_size,
        max_overflow=4,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 5, "application_name": "sipros-desktop"},
    )


def activar(url: str | URL, *, probar: bool = True) -> Engine:
    """Make ``url`` the database of every ``sesion()``. Tries it first; raises ErrorConexion."""
    global _motor, _fabrica
    motor = crear_motor(url)
    if probar:
        try:
            with motor.connect() as c:
                c.execute(text("SELECT 1"))
        except Exception as e:
            motor.dispose()
            u = normalizar_url(url)
            raise traducir(e, destino=_destino(u)) from e
    desactivar()
    _motor = motor
    _fabrica = sessionmaker(motor, expire_on_commit=False)
    return motor


def cambiar_password(password: str) -> None:
    """After the user changed their own password: new pool connections use the new one."""
    if _motor is not None:
        activar(_motor.url.set(password=password), probar=False)


def desactivar() -> None:
    global _motor, _fabrica
    if _motor is not None:
        _motor.dispose()
    _motor = None
    _fabrica = None
    desactivar_lectura()


# An optional read-only replica for the heavy reads (reports, the Padrón, indicators, Excel
# downloads), so a report day does not slow the front desk. Without one, they read the primary.
_lectura: sessionmaker[Session] | None = None
_motor_lectura: Engine | None = None


def activar_lectura(url: str | URL) -> None:
    """Heavy reads go to ``url`` (a standby) from now on; ErrorConexion if it does not answer."""
    global _lectura, _motor_lectura
    motor_l = crear_motor(url, pool_size=2)
    try:
        with motor_l.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as e:
        motor_l.dispose()
        raise traducir(e, destino=_destino(normalizar_url(url))) from e
    desactivar_lectura()
    _motor_lectura = motor_l
    _lectura = sessionmaker(motor_l, expire_on_commit=False)


def desactivar_lectura() -> None:
    global _lectura, _motor_lectura
    if _motor_lectura is not None:
        _motor_lectura.dispose()
    _motor_lectura = None
    _lectura = None


@contextmanager
def sesion_lectura() -> Iterator[Session]:
    """A read-only transaction on the replica when there is one, else on the primary."""
    if _lectura is None:
        with sesion() as s:
            yield s
        return
    try:
        with _lectura() as s, s.begin():
            yield s
    except sa_exc.DBAPIError as e:
        raise traducir(e) from e


def datos_al(s: Session) -> datetime | None:
    """When ``s`` reads a standby: the time of the last change it has replayed (what a screen
    shows as «datos al HH:MM»); None on the primary."""
    return s.scalar(
        text("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_xact_replay_timestamp() END")
    )


def motor() -> Engine:
    if _motor is None:
        raise RuntimeError("No hay una base de datos activa.")
    return _motor


@contextmanager
def sesion() -> Iterator[Session]:
    """One transaction: commits at the end, rolls back on any error. Errors of the database
    arrive as ErrorSipros with a Spanish message (the original is their ``__cause__``)."""
    if _fabrica is None:
        raise RuntimeError("No hay una base de datos activa.")
    try:
        with _fabrica() as s, s.begin():
            yield s
    except sa_exc.DBAPIError as e:  # the database refused: say why in Spanish
        raise traducir(e) from e


def _destino(u: URL) -> str:
    host = u.host or u.query.get("host") or "local"
    if isinstance(host, tuple):
        host = host[0]
    if str(host).startswith("/"):
        return "base integrada"
    return f"{host}:{u.port or 5432}/{u.database}"


def insertar_o_actualizar(
    s: Session, modelo: Any, filas: list[dict[str, Any]], clave: str, columnas: Iterable[str]
) -> None:
    """Many rows at once: new keys are inserted, existing ones get ``columnas`` updated
    (INSERT ... ON CONFLICT (clave) DO UPDATE), inside the caller's transaction. A key that
    repeats keeps its last row. Few statements of many rows each (their audit triggers write
    one summary per statement)."""
    unicas = list({f[clave]: f for f in filas}.values())
    columnas = list(columnas)
    lote = max(1, 60_000 // max(1, len(unicas[0]) if unicas else 1))  # bound parameters
    for i in range(0, len(unicas), lote):
        q = insert(modelo).values(unicas[i : i + lote])
        s.execute(
            q.on_conflict_do_update(
                index_elements=[clave], set_={c: q.excluded[c] for c in columnas}
            )
        )
