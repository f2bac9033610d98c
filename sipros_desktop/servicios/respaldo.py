"""Backups of the embedded database (a whole office's data on one PC).

A backup is two files with one name: ``sipros_AAAAMMDD_HHMMSS.dump`` (``pg_dump`` custom format:
compressed, restorable table by table) and ``….roles.sql`` (the staff accounts, which live in
the cluster, not in the database: ``pg_dumpall --roles-only``, with their SCRAM verifiers, never
a clear password). Both come from the PostgreSQL binaries the ``pgserver`` wheel ships, run as
the data folder's owner (the operating system vouches for it; no password anywhere).

Restoring never leaves half a database: the backup is restored into a new database, migrated
if it is older than this program, and only then takes the place of the current one (which is
kept, renamed, until the next restore).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from sipros_desktop import config
from sipros_desktop.errores import ErrorDatos

Progreso = Callable[[str, int, int], None]
_NOMBRE = re.compile(r"^sipros_(\d{8}_\d{6})\.dump$")
AJUSTES = "respaldo.json"
CONSERVAR = 7  # automatic backups kept by default
ANTERIOR = "{base}_antes_de_restaurar"  # the replaced database, kept until the next restore


def binarios() -> Path:
    """The folder of pg_dump / pg_restore / pg_dumpall (the ones of the embedded server)."""
    import warnings

    with warnings.catch_warnings():  # (pgserver's import warns where XDG_RUNTIME_DIR is unset)
        warnings.simplefilter("ignore")
        from pgserver import _commands

    return Path(_commands.POSTGRES_BIN_PATH)


def carpeta_respaldos() -> Path:
    ajustes = leer_ajustes()
    elegida = ajustes.get("carpeta")
    carpeta = Path(elegida) if elegida else config.carpeta_datos() / "respaldos"
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta


# ---------------------------------------------------------------------------
# Settings of this PC (automatic backup, how many to keep, where)
# ---------------------------------------------------------------------------
def leer_ajustes() -> dict:
    ruta = config.carpeta_datos() / AJUSTES
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        datos = {}
    return {"automatico": bool(datos.get("automatico", True)),
            "conservar": int(datos.get("conservar", CONSERVAR)),
            "carpeta": datos.get("carpeta") or ""}  # fmt: skip


def guardar_ajustes(automatico: bool, conservar: int, carpeta: str = "") -> None:
    if not 1 <= conservar <= 365:
        raise ErrorDatos("Conserve entre 1 y 365 respaldos.")
    if carpeta:
        destino = Path(carpeta)
        if not destino.is_dir():
            raise ErrorDatos(f"No existe la carpeta «{carpeta}».")
    ruta = config.carpeta_datos() / AJUSTES
    ruta.write_text(json.dumps({"automatico": automatico, "conservar": conservar,
                                "carpeta": carpeta}), encoding="utf-8")  # fmt: skip


# ---------------------------------------------------------------------------
# The backups there are
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Respaldo:
    ruta: Path
    fecha: datetime
    tamano: int

    @property
    def roles(self) -> Path:
        return self.ruta.with_suffix(".roles.sql")

    @property
    def nombre(self) -> str:
        return self.ruta.name


def respaldos(carpeta: Path | None = None) -> list[Respaldo]:
    """The backups in the folder, newest first."""
    carpeta = carpeta or carpeta_respaldos()
    lista = []
    for ruta in carpeta.glob("sipros_*.dump"):
        m = _NOMBRE.match(ruta.name)
        if m:
            fecha = datetime.strptime(m.group(1), "%Y%m%d_%H%M%S")
            lista.append(Respaldo(ruta, fecha, ruta.stat().st_size))
    return sorted(lista, key=lambda r: r.fecha, reverse=True)


def toca_automatico(ahora: datetime | None = None) -> bool:
    """Whether the daily automatic backup is due (none in the last 24 hours)."""
    if not leer_ajustes()["automatico"]:
        return False
    ultimo = next(iter(respaldos()), None)
    ahora = ahora or datetime.now()
    return ultimo is None or ahora - ultimo.fecha >= timedelta(hours=24)


def rotar(conservar: int, carpeta: Path | None = None) -> list[Path]:
    """Delete the oldest backups beyond ``conservar``; returns what was deleted."""
    borrados = []
    for r in respaldos(carpeta)[conservar:]:
        for ruta in (r.ruta, r.roles):
            ruta.unlink(missing_ok=True)
        borrados.append(r.ruta)
    return borrados


# ---------------------------------------------------------------------------
# Back up and restore
# ---------------------------------------------------------------------------
def _libpq(url: URL, base: str) -> str:
    from sipros_desktop import bd

    return bd.dsn(url.set(database=base))


def _correr(argv: list[str], avisar: Progreso | None, etapa: str, total: int) -> None:
    """Run a PostgreSQL tool; its --verbose lines move the progress."""
    proceso = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, errors="replace")  # fmt: skip
    hechas, ultimas = 0, []
    assert proceso.stderr is not None
    for linea in proceso.stderr:
        ultimas = [*ultimas, linea.rstrip()][-20:]
        if "dumping contents of table" in linea or "processing data for table" in linea:
            hechas += 1
            if avisar is not None:
                avisar(etapa, min(hechas, total), total)
    if proceso.wait() != 0:
        errores = [x for x in ultimas if "error" in x.lower()] or ultimas[-3:]
        raise ErrorDatos(f"{etapa}: no se pudo completar.", detalle="\n".join(errores))


def _tablas(url: URL, base: str) -> int:
    with psycopg.connect(_libpq(url, base)) as c:
        return c.execute(
            "SELECT count(*) FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        ).fetchone()[0]


def respaldar(
    superusuario: URL,
    base: str = "sipros",
    carpeta: Path | None = None,
    avisar: Progreso | None = None,
    conservar: int | None = None,
) -> Respaldo:
    """Back up ``base`` and the cluster's roles; with ``conservar``, keep only that many."""
    carpeta = carpeta or carpeta_respaldos()
    marca = datetime.now().strftime("%Y%m%d_%H%M%S")
    destino = carpeta / f"sipros_{marca}.dump"
    if destino.exists():  # two in the same second
        time.sleep(1)
        marca = datetime.now().strftime("%Y%m%d_%H%M%S")
        destino = carpeta / f"sipros_{marca}.dump"
    parcial = destino.with_suffix(".parcial")
    total = _tablas(superusuario, base)
    bin_ = binarios()
    try:
        _correr([str(bin_ / "pg_dump"), "--format=custom", "--verbose", "--no-sync",
                 f"--file={parcial}", f"--dbname={_libpq(superusuario, base)}"],
                avisar, "Respaldo", total)  # fmt: skip
        roles = destino.with_suffix(".roles.sql")
        _correr([str(bin_ / "pg_dumpall"), "--roles-only", f"--file={roles}",
                 f"--dbname={_libpq(superusuario, 'postgres')}"], None, "Respaldo", 1)  # fmt: skip
        parcial.replace(destino)  # only a complete dump gets the name the list shows
    finally:
        parcial.unlink(missing_ok=True)
    if conservar:
        rotar(conservar, carpeta)
    return Respaldo(destino, datetime.strptime(marca, "%Y%m%d_%H%M%S"), destino.stat().st_size)


def _roles(superusuario: URL, r: Respaldo) -> None:
    """Accounts of the backup that this cluster lacks (existing ones are left as they are)."""
    if not r.roles.exists():
        return
    with psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True) as c:
        existentes = {x for (x,) in c.execute("SELECT rolname FROM pg_roles")}
        for linea in r.roles.read_text(encoding="utf-8").splitlines():
            m = re.match(r'^CREATE ROLE "?([^";\s]+)"?;', linea)
            if m and m.group(1) in existentes:
                continue
            if m or (linea.startswith(("ALTER ROLE", "GRANT ")) and _de_nuevo(linea, existentes)):
                try:
                    c.execute(linea)
                except psycopg.Error:
                    continue  # a grant of a role this cluster already manages


def _de_nuevo(linea: str, existentes: set[str]) -> bool:
    m = re.match(r'^ALTER ROLE "?([^";\s]+)"?', linea)
    return m is None or m.group(1) not in existentes


def restaurar(superusuario: URL, r: Respaldo, base: str = "sipros",
              propietario: str = "sipros_propietario", avisar: Progreso | None = None,
              migrar: Callable[[URL], None] | None = None) -> None:  # fmt: skip
    """Replace ``base`` by the backup. Restored into a new database first (nothing half
    written: if anything fails, the current database is untouched), migrated if older, then
    swapped in; the replaced one stays as ``sipros_antes_de_restaurar`` until the next
    restore."""
    anterior = ANTERIOR.format(base=base)
    if not r.ruta.exists():
        raise ErrorDatos(f"No existe el respaldo «{r.ruta}».")
    nueva = f"{base}_restaurando"
    with psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{nueva}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{nueva}" OWNER "{propietario}"')
    _roles(superusuario, r)
    try:
        _correr([str(binarios() / "pg_restore"), "--verbose", "--single-transaction",
                 "--exit-on-error", f"--dbname={_libpq(superusuario, nueva)}", str(r.ruta)],
                avisar, "Restauración", 1_000)  # fmt: skip
        if migrar is not None:
            migrar(superusuario.set(database=nueva))
    except Exception:
        with psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nueva}" WITH (FORCE)')
        raise
    with psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{anterior}" WITH (FORCE)')
        if _existe(c, base):
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (base,))  # fmt: skip
            c.execute(f'ALTER DATABASE "{base}" RENAME TO "{anterior}"')
        c.execute(f'ALTER DATABASE "{nueva}" RENAME TO "{base}"')
        # what the migrations set on the database itself (a dump without --create lacks it)
        c.execute(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{base}" FROM PUBLIC')
        c.execute(f'GRANT CONNECT ON DATABASE "{base}" TO sipros_personal')
        c.execute(f'ALTER DATABASE "{base}" SET jit = off')


def _existe(c: psycopg.Connection, base: str) -> bool:
    return bool(c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (base,)).fetchone())


# ---------------------------------------------------------------------------
# The embedded database of this PC (what Archivo → Respaldo and the daily backup use)
# ---------------------------------------------------------------------------
def _superusuario_integrado() -> URL:
    from sipros_desktop.bd import integrada

    return integrada.iniciar().set(username="postgres")


def respaldar_integrada(avisar: Progreso | None = None) -> Respaldo:
    return respaldar(_superusuario_integrado(), "sipros", carpeta_respaldos(), avisar,
                     conservar=leer_ajustes()["conservar"])  # fmt: skip


def restaurar_integrada(r: Respaldo, avisar: Progreso | None = None) -> None:
    """Restore this PC's database; every session ends (staff log in again afterwards)."""
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema, integrada

    def migrar(url: URL) -> None:
        motor = bd.crear_motor(url.set(username=integrada.PROPIETARIO), pool_size=1)
        try:
            esquema.verificar(motor, migrar_si_vacia=False, migrar_si_antigua=True)
        finally:
            motor.dispose()

    superusuario = _superusuario_integrado()
    bd.desactivar()
    restaurar(superusuario, r, "sipros", integrada.PROPIETARIO, avisar, migrar)
