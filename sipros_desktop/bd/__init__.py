"""Engines and short sessions over a database, owned by one explicit ``Contexto``.

A ``Contexto`` is one staff member's connection to one database: its engine (a pool), the
optional read replica, who it is (``usuario``), and who listens to what it changes. It is
created at login (``activar``), owned by the main window, and closed at logout; a context that
was closed refuses every further use, so a timer or a late operation of an ended session can
never act for it — nor, as the wrong person, for the next one.

One unit of work = one short session (``with sesion() as s:``), ``expire_on_commit=False``,
over the *current* context: the one bound to this thread with ``usar(ctx)`` (several staff in
one process: the concurrency bench, the screens' background work), else the process's own
(``activar``). Sessions are never shared across threads; the engine (a pool) is.

A service that changes something says what with ``cambio(s, "solicitudes", …)`` inside its
transaction; once it commits, the context tells its listeners (the main window, which tells the
screens). A transaction that fails tells nobody.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from sipros_desktop.bd.errores import traducir
from sipros_desktop.errores import ErrorSesionTerminada


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


Oyente = Callable[[frozenset[str]], None]
_log = logging.getLogger(__name__)
_CAMBIOS = "sipros_cambios"


class Contexto:
    """One staff member's connection: engines, identity and change listeners (see the module)."""

    def __init__(self, url: str | URL, *, probar: bool = True, pool_size: int = 4) -> None:
        u = normalizar_url(url)
        motor = crear_motor(u, pool_size=pool_size)
        if probar:
            try:
                with motor.connect() as c:
                    c.execute(text("SELECT 1"))
            except Exception as e:
                motor.dispose()
                raise traducir(e, destino=_destino(u)) from e
        self.motor: Engine = motor
        self._fabrica = sessionmaker(motor, expire_on_commit=False)
        self._motor_lectura: Engine | None = None
        self._lectura: sessionmaker[Session] | None = None
        self._oyentes: list[Oyente] = []
        self._candado = threading.Lock()
        self.cerrado = False

    # ----------------------------------------------------------------- who
    @property
    def url(self) -> URL:
        return self.motor.url

    @property
    def usuario(self) -> str:
        """The login role, as the local folders (drafts, kits, journals) name their owner."""
        return (self.motor.url.username or "").lower()

    # ----------------------------------------------------------------- transactions
    def _abierto(self) -> None:
        if self.cerrado:
            raise ErrorSesionTerminada(
                f"La sesión de «{self.usuario}» ya se cerró: vuelva a entrar para seguir."
            )

    @contextmanager
    def sesion(self) -> Iterator[Session]:
        """One transaction on the primary (see ``bd.sesion``)."""
        self._abierto()
        try:
            with self._fabrica() as s:
                with s.begin():
                    yield s
                temas = s.info.pop(_CAMBIOS, None)
        except sa_exc.DBAPIError as e:  # the database refused: say why in Spanish
            raise traducir(e) from e
        if temas:
            self.avisar(temas)

    @contextmanager
    def sesion_lectura(self) -> Iterator[Session]:
        """A read-only transaction on the replica when there is one, else on the primary."""
        self._abierto()
        if self._lectura is None:
            with self.sesion() as s:
                yield s
            return
        try:
            with self._lectura() as s, s.begin():
                yield s
        except sa_exc.DBAPIError as e:
            raise traducir(e) from e

    def activar_lectura(self, url: str | URL) -> None:
        """Heavy reads go to ``url`` (a standby) from now on; ErrorConexion if it does not
        answer."""
        motor_l = crear_motor(url, pool_size=2)
        try:
            with motor_l.connect() as c:
                c.execute(text("SELECT 1"))
        except Exception as e:
            motor_l.dispose()
            raise traducir(e, destino=_destino(normalizar_url(url))) from e
        self.desactivar_lectura()
        self._motor_lectura = motor_l
        self._lectura = sessionmaker(motor_l, expire_on_commit=False)

    def desactivar_lectura(self) -> None:
        if self._motor_lectura is not None:
            self._motor_lectura.dispose()
        self._motor_lectura = None
        self._lectura = None

    def cambiar_password(self, password: str) -> None:
        """After the user changed their own password: new connections use the new one (the
        ones in the pool were authenticated already and are let go)."""
        self._abierto()
        viejo = self.motor
        self.motor = crear_motor(viejo.url.set(password=password))
        self._fabrica = sessionmaker(self.motor, expire_on_commit=False)
        viejo.dispose()

    # ----------------------------------------------------------------- changes
    def escuchar(self, oyente: Oyente) -> None:
        """``oyente(temas)`` runs after every committed transaction that changed ``temas``,
        on the thread that committed it (a screen forwards it to its own thread)."""
        with self._candado:
            self._oyentes.append(oyente)

    def dejar_de_escuchar(self, oyente: Oyente) -> None:
        with self._candado:
            if oyente in self._oyentes:
                self._oyentes.remove(oyente)

    def avisar(self, temas: Iterable[str]) -> None:
        conjunto = frozenset(temas)
        with self._candado:
            oyentes = list(self._oyentes)
        for oyente in oyentes:  # what was committed stays committed, whatever a listener does
            try:
                oyente(conjunto)
            except Exception:  # a screen already gone, say
                _log.exception("Un aviso de cambios falló (%s)", ", ".join(sorted(conjunto)))

    # ----------------------------------------------------------------- end
    def cerrar(self) -> None:
        """End: every connection closes and any later use is refused (ErrorSesionTerminada)."""
        self.cerrado = True
        with self._candado:
            self._oyentes.clear()
        self.desactivar_lectura()
        self.motor.dispose()


def cambio(s: Session, *temas: str) -> None:
    """Inside a transaction of ``sesion()``: this unit of work changes ``temas`` (e.g.
    "solicitudes", "entregas", "padron", "ciudadanos", "cargas", "funcionarios", "catalogo").
    Listeners hear of it once the transaction commits."""
    s.info.setdefault(_CAMBIOS, set()).update(temas)


# The process's own context (the app's logged-in user, a command) and, per thread, the one
# ``usar`` bound; the thread's wins.
_global: Contexto | None = None
_actual: ContextVar[Contexto | None] = ContextVar("sipros_contexto", default=None)


def contexto() -> Contexto:
    """The current context (this thread's, else the process's). RuntimeError without one."""
    ctx = _actual.get() or _global
    if ctx is None:
        raise RuntimeError("No hay una base de datos activa.")
    return ctx


def contexto_o_nada() -> Contexto | None:
    return _actual.get() or _global


@contextmanager
def usar(ctx: Contexto | None) -> Iterator[Contexto | None]:
    """Bind ``ctx`` to this thread for the block (None: the process's own)."""
    marca = _actual.set(ctx)
    try:
        yield ctx
    finally:
        _actual.reset(marca)


def activar(url: str | URL, *, probar: bool = True) -> Engine:
    """Make ``url`` the process's database (a new context; the previous one is closed). Tries
    it first; raises ErrorConexion."""
    global _global
    ctx = Contexto(url, probar=probar)
    anterior = _global
    desactivar()
    _global = ctx
    if anterior is not None and _actual.get() is anterior:
        # a login run in the background of the previous session's work: this thread follows
        _actual.set(ctx)
    return ctx.motor


def cambiar_password(password: str) -> None:
    """After the user changed their own password: new pool connections use the new one."""
    ctx = contexto_o_nada()
    if ctx is not None:
        ctx.cambiar_password(password)


def desactivar() -> None:
    """Close the process's context (logout, end of a command)."""
    global _global
    if _global is not None:
        _global.cerrar()
    _global = None


# An optional read-only replica for the heavy reads (reports, the Padrón, indicators, Excel
# downloads), so a report day does not slow the front desk. Without one, they read the primary.
def activar_lectura(url: str | URL) -> None:
    contexto().activar_lectura(url)


def desactivar_lectura() -> None:
    ctx = contexto_o_nada()
    if ctx is not None:
        ctx.desactivar_lectura()


@contextmanager
def sesion_lectura() -> Iterator[Session]:
    """A read-only transaction on the replica when there is one, else on the primary."""
    with contexto().sesion_lectura() as s:
        yield s


def datos_al(s: Session) -> datetime | None:
    """When ``s`` reads a standby: the time of the last change it has replayed (what a screen
    shows as «datos al HH:MM»); None on the primary."""
    return s.scalar(
        text("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_xact_replay_timestamp() END")
    )


def motor() -> Engine:
    return contexto().motor


@contextmanager
def sesion() -> Iterator[Session]:
    """One transaction: commits at the end, rolls back on any error. Errors of the database
    arrive as ErrorSipros with a Spanish message (the original is their ``__cause__``)."""
    with contexto().sesion() as s:
        yield s


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
