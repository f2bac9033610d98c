"""Schema version: compare the database with the migrations shipped in this package, and
with its repeatable function files (``bd/funciones.py``): a database is up to date when it has
the last migration and the checksum of every function file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from sipros_desktop.bd import funciones
from sipros_desktop.errores import ErrorEsquema

CARPETA = Path(__file__).resolve().parent.parent / "migraciones"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA))
    return cfg


def revision_esperada() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


@dataclass(frozen=True)
class EstadoEsquema:
    actual: str | None
    esperada: str
    vacia: bool
    # at the expected revision, the function files whose checksum the database lacks
    funciones: tuple[str, ...] = ()

    @property
    def al_dia(self) -> bool:
        return self.actual == self.esperada and not self.funciones

    @property
    def antigua(self) -> bool:
        """The database has an older revision that this program knows how to upgrade."""
        if self.actual is None or self.al_dia:
            return False
        return self.actual in revisiones_conocidas()

    @property
    def desconocida(self) -> bool:
        """A revision this program does not know: the database is newer than the program."""
        return self.actual is not None and self.actual not in revisiones_conocidas()


def revisiones_conocidas() -> set[str]:
    return {r.revision for r in ScriptDirectory.from_config(_config()).walk_revisions()}


def estado(motor: Engine) -> EstadoEsquema:
    esperada = revision_esperada()
    with motor.connect() as c:
        actual = MigrationContext.configure(c).get_current_revision()
        vacia = actual is None and not (set(inspect(c).get_table_names()) - {"alembic_version"})
        pendientes = (
            tuple(funciones.pendientes(c.connection.driver_connection))
            if actual == esperada
            else ()
        )
    return EstadoEsquema(actual=actual, esperada=esperada, vacia=vacia, funciones=pendientes)


def actualizar(motor: Engine, hasta: str = "head") -> None:
    """Run every pending migration (up to ``hasta``), then apply the function files whose
    checksum changed, all in one transaction (the owner's: staff cannot)."""
    cfg = _config()
    with motor.begin() as c:
        cfg.attributes["connection"] = c
        command.upgrade(cfg, hasta)
        # after every migration: a file may need a column that a later migration adds
        funciones.aplicar(c.connection.driver_connection)


def verificar(
    motor: Engine, *, migrar_si_vacia: bool = True, migrar_si_antigua: bool = False
) -> None:
    """Make sure the schema is the one this program expects, or say clearly why not."""
    e = estado(motor)
    if e.al_dia:
        return
    if e.actual is None and not e.vacia:
        raise ErrorEsquema(
            "La base de datos tiene tablas pero no es una base de SIPROS (no tiene versión de "
            "esquema). Revise la configuración de conexión."
        )
    if e.actual is None and migrar_si_vacia:
        actualizar(motor)
        return
    if e.actual is None:
        raise ErrorEsquema(
            "La base de datos está vacía: todavía no tiene el esquema de SIPROS. Pida al "
            "administrador que ejecute «sipros-desktop db upgrade» con el usuario propietario."
        )
    if e.desconocida:
        raise ErrorEsquema(
            f"La base de datos tiene una versión de esquema más nueva ({e.actual}) que este "
            f"programa ({e.esperada}). Actualice SIPROS Escritorio en este equipo."
        )
    if e.antigua and migrar_si_antigua:
        actualizar(motor)
        return
    if e.actual == e.esperada:
        cuales = ", ".join(f"«{f}»" for f in e.funciones[:3])
        if len(e.funciones) > 3:
            cuales += f" y {len(e.funciones) - 3} más"
        raise ErrorEsquema(
            f"Las funciones de la base de datos no son las de este programa ({cuales}). Pida "
            "al administrador que ejecute «sipros-desktop db upgrade» con esta versión de SIPROS "
            "Escritorio; si otro equipo ya actualizó la base con una versión más nueva, "
            "actualice SIPROS Escritorio en este equipo."
        )
    raise ErrorEsquema(
        f"La base de datos tiene una versión anterior del esquema ({e.actual}; este programa "
        f"espera {e.esperada}). Pida al administrador que ejecute «sipros-desktop db upgrade»."
    )
