"""Test databases: real PostgreSQL, one fresh database per test.

Server: SIPROS_TEST_DB_URL, else the local server on 127.0.0.1:5432 when it answers, else an
embedded pgserver in a temporary folder. A template is migrated once per session (and a second
one filled with a small demo); every test gets its own copy (CREATE DATABASE ... TEMPLATE).
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# a transaction inside another on one thread would hold two connections: refused here
os.environ.setdefault("SIPROS_VIGILAR_SESIONES", "1")

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.bd import servidor as preparacion
from tests import reloj
from tests.seguridad import Personal

_RUN = uuid.uuid4().hex[:6]
PREFIJO = f"sipros_t{_RUN}"
# Roles are cluster-wide: every role a test run creates starts with this and is dropped at the end
ROL_PREFIJO = f"prueba{_RUN}_"
PROPIETARIO = f"{ROL_PREFIJO}dueno"
CIUDADANOS_DEMO = 300
SEMILLA_DEMO = 7


@pytest.fixture(autouse=True)
def recolector_en_hilo_principal() -> Iterator[None]:
    """As in the application (vistas/comun/recolector.py): no cyclic garbage collection on a
    background thread, where it could destroy Qt objects; it runs here, between tests."""
    gc.disable()
    yield
    gc.collect()


def _responde(url: URL) -> bool:
    try:
        with psycopg.connect(_dsn(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _dsn(url: URL, base: str | None = None) -> str:
    u = url.set(drivername="postgresql", database=base or url.database or "postgres")
    return u.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def servidor() -> Iterator[URL]:
    """URL of a PostgreSQL server where the tests may create and drop databases."""
    texto = os.environ.get("SIPROS_TEST_DB_URL")
    if texto:
        yield bd.normalizar_url(texto).set(database="postgres")
        return
    local = make_url("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    if _responde(local):
        yield local
        return
    import pgserver

    carpeta = Path(tempfile.mkdtemp(prefix="sipros-pg-"))
    srv = pgserver.get_server(carpeta / "pgdata", cleanup_mode="stop")
    yield make_url(srv.get_uri()).set(drivername="postgresql+psycopg", database="postgres")
    srv.cleanup()
    shutil.rmtree(carpeta, ignore_errors=True)


class Bases:
    """Creates and drops the test databases of this session."""

    def __init__(self, servidor: URL) -> None:
        self.servidor = servidor
        self.creadas: list[str] = []
        with self.admin() as c:
            # the cluster-wide group roles a fresh server gets from this run are dropped too
            self.grupos_previos = {
                r for (r,) in c.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)",
                                        (list(preparacion.GRUPOS),))
            }  # fmt: skip

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(_dsn(self.servidor), autocommit=True)

    def crear(self, nombre: str, plantilla: str | None = None) -> URL:
        with self.admin() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
            if plantilla:
                c.execute(
                    f'CREATE DATABASE "{nombre}" TEMPLATE "{plantilla}" OWNER "{PROPIETARIO}"'
                )
                # what the migrations set on the database itself is not copied from a template
                c.execute(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{nombre}" FROM PUBLIC')
                c.execute(f'GRANT CONNECT ON DATABASE "{nombre}" TO sipros_personal, sipros_acceso')
                c.execute(f'ALTER DATABASE "{nombre}" SET jit = off')
            else:
                c.execute(f'CREATE DATABASE "{nombre}"')
        self.creadas.append(nombre)
        return self.servidor.set(database=nombre)

    def borrar_roles(self) -> None:
        """Drop the roles this run created: staff first, then the owner that created them."""
        with self.admin() as c:
            roles = [
                r
                for (r,) in c.execute(
                    "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) "
                    "ORDER BY rolname = %s, rolname",
                    (ROL_PREFIJO, PROPIETARIO),
                )
            ]
            for r in roles:
                c.execute(f'DROP ROLE IF EXISTS "{r}"')
            for g in reversed(preparacion.GRUPOS):
                if g not in self.grupos_previos:
                    # (kept when another database of this server, not of this run, uses it)
                    with contextlib.suppress(psycopg.errors.DependentObjectsStillExist):
                        c.execute(f'DROP ROLE IF EXISTS "{g}"')

    def borrar(self, nombre: str) -> None:
        with self.admin() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        if nombre in self.creadas:
            self.creadas.remove(nombre)

    def nueva(self, plantilla: str | None = None) -> URL:
        return self.crear(f"{PREFIJO}_{uuid.uuid4().hex[:8]}", plantilla)


@pytest.fixture(scope="session")
def bases(servidor: URL) -> Iterator[Bases]:
    b = Bases(servidor)
    with b.admin() as c:
        preparacion.preparar(c, PROPIETARIO, None)  # the owner role and the group roles
    yield b
    bd.desactivar()
    for nombre in list(b.creadas):
        b.borrar(nombre)
    b.borrar_roles()


@pytest.fixture(scope="session")
def plantilla_vacia(bases: Bases) -> str:
    """A migrated database without citizens (the catalogue of municipalities only), owned and
    migrated by the owner role as on a real server."""
    nombre = f"{PREFIJO}_tpl"
    with bases.admin() as c:
        preparacion.preparar(c, PROPIETARIO, nombre)
    bases.creadas.append(nombre)
    motor = bd.crear_motor(bases.servidor.set(database=nombre, username=PROPIETARIO))
    esquema.actualizar(motor)
    motor.dispose()
    with psycopg.connect(
        _dsn(bases.servidor.set(username=PROPIETARIO), nombre), autocommit=True
    ) as c:
        reloj.congelar(c)
    return nombre


@pytest.fixture(scope="session")
def plantilla_demo(bases: Bases, plantilla_vacia: str) -> str:
    """A migrated database with a small deterministic demo."""
    from sipros_desktop.servicios import demo

    nombre = f"{PREFIJO}_demo"
    url = bases.crear(nombre, plantilla_vacia)
    bd.activar(url.set(username=PROPIETARIO))
    demo.generar(CIUDADANOS_DEMO, SEMILLA_DEMO)
    bd.desactivar()
    return nombre


def _copia_activa(bases: Bases, plantilla: str) -> Iterator[URL]:
    url = bases.nueva(plantilla)
    bd.activar(url)
    yield url
    bd.desactivar()
    bases.borrar(url.database)


@pytest.fixture
def bd_vacia(bases: Bases, plantilla_vacia: str) -> Iterator[URL]:
    """A fresh migrated database, active for every ``bd.sesion()``."""
    yield from _copia_activa(bases, plantilla_vacia)


@pytest.fixture
def bd_demo(bases: Bases, plantilla_demo: str) -> Iterator[URL]:
    """A fresh copy of the demo database, active for every ``bd.sesion()``."""
    yield from _copia_activa(bases, plantilla_demo)


@pytest.fixture
def sql(bd_demo: URL) -> Iterator[psycopg.Connection]:
    """A raw psycopg connection to the test database, going around the application."""
    with psycopg.connect(_dsn(bd_demo), autocommit=True) as c:
        yield c


@pytest.fixture
def datos_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user data folder (no saved connection profile)."""
    monkeypatch.setenv("SIPROS_DATOS", str(tmp_path / "datos"))
    monkeypatch.delenv("SIPROS_DB_URL", raising=False)
    return tmp_path / "datos"


@pytest.fixture
def personal(bd_demo: URL) -> Personal:
    """Creates staff accounts (LOGIN roles of this run) in the demo database."""
    return Personal(bd_demo, PROPIETARIO, ROL_PREFIJO)
