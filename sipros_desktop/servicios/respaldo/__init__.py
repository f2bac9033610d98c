"""Backups of the embedded database (a whole office's data on one PC).

A backup is two files with one name: ``sipros_AAAAMMDD_HHMMSS.dump`` (``pg_dump`` custom format:
compressed, restorable table by table) and ``….roles.sql`` (the staff accounts, which live in
the cluster, not in the database: ``pg_dumpall --roles-only``, with their SCRAM verifiers, never
a clear password). Both come from the PostgreSQL binaries the ``pgserver`` wheel ships, run as
the data folder's owner (the operating system vouches for it; no password anywhere).

Who: a backup carries every citizen of the office, so only a state-wide administrator takes or
restores one (the menu and these functions both check; the command line runs as the data
folder's owner, who reaches everything anyway). The files are written 0600, in a 0700 folder.

Restoring never leaves half a database and never runs the backup's text as superuser:

1. the accounts file is read and decided line by line (``cuentas``): only staff accounts and
   ``sipros_*`` groups without dangerous attributes are rebuilt; every other line is reported;
2. the dump's list of objects is compared with a scratch database migrated to the backup's
   own schema version (``revision``); anything added, missing or owned by another role stops
   the restore before any of it runs;
3. the backup is restored into a new database by a throwaway role without privileges, its
   catalogue is compared with the reference's (function bodies, SECURITY DEFINER, grants,
   policies, triggers, event triggers, extensions …), and only then is everything handed to
   the owner, the database migrated if older, the accounts created, and the database swapped
   in (the current one is kept, renamed, until the next restore). A function whose file
   (``migraciones/funciones``) changed since the backup was made is first defined again from
   this program's file, so that the reference, which has this program's functions, compares.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import URL

from sipros_desktop import config
from sipros_desktop.errores import ErrorDatos
from sipros_desktop.servicios.respaldo import cuentas, revision
from sipros_desktop.servicios.respaldo.cuentas import LineaOmitida

Progreso = Callable[[str, int, int], None]
_NOMBRE = re.compile(r"^sipros_(\d{8}_\d{6})\.dump$")
_ARCHIVO = re.compile(r"^sipros_\d{8}_\d{6}\.(dump|roles\.sql|parcial)$")
AJUSTES = "respaldo.json"
CONSERVAR = 7  # automatic backups kept by default
ANTERIOR = "{base}_antes_de_restaurar"  # the replaced database, kept until the next restore
WINDOWS = os.name == "nt"
SOLO_ADMINISTRADOR = (
    "Solo un administrador con alcance estatal respalda o restaura la base de este equipo: "
    "un respaldo lleva los datos de toda la oficina."
)

__all__ = ["LineaOmitida", "Respaldo", "Restauracion", "cuentas", "revision"]


def binarios() -> Path:
    """The folder of pg_dump / pg_restore / pg_dumpall (the ones of the embedded server)."""
    import warnings

    with warnings.catch_warnings():  # (pgserver's import warns where XDG_RUNTIME_DIR is unset)
        warnings.simplefilter("ignore")
        from pgserver import _commands

    return Path(_commands.POSTGRES_BIN_PATH)


# ---------------------------------------------------------------------------
# Who may back up and restore
# ---------------------------------------------------------------------------
def puede_respaldar(perfil) -> bool:
    """Whether a logged-in profile is offered Archivo → Respaldo (and the daily backup)."""
    return perfil is not None and perfil.tiene("administrador") and perfil.alcance == "estatal"


def exigir_administrador() -> None:
    """The active session must be a state-wide administrator's, or the database owner's (the
    command line on this PC, which the operating system vouches for)."""
    from sipros_desktop import bd
    from sipros_desktop.servicios import seguridad

    try:
        with bd.sesion() as s:
            dueno = s.scalar(
                text("SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')")
            )
            perfil = None if dueno else seguridad.mi_perfil(s)
    except RuntimeError as e:  # no session at all
        raise ErrorDatos(SOLO_ADMINISTRADOR) from e
    if not dueno and not puede_respaldar(perfil):
        raise ErrorDatos(SOLO_ADMINISTRADOR)


# ---------------------------------------------------------------------------
# Where: a folder only this operating-system user reads
# ---------------------------------------------------------------------------
def _solo_dueno(ruta: Path, modo: int) -> None:
    """chmod on POSIX (on Windows the data folder's ACL, in the user's profile, already
    admits only that user and the PC's administrators)."""
    if not WINDOWS:
        os.chmod(ruta, modo)


def carpeta_respaldos() -> Path:
    """The folder of this PC's backups: the one chosen, else ``respaldos`` in the data folder
    (created and kept 0700: the app's own folder). A chosen folder keeps its permissions
    (see ``avisos_carpeta``)."""
    elegida = leer_ajustes().get("carpeta")
    if elegida:
        carpeta = Path(elegida)
        carpeta.mkdir(parents=True, exist_ok=True)
        return carpeta
    carpeta = config.carpeta_datos() / "respaldos"
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    _solo_dueno(carpeta, 0o700)
    return carpeta


def avisos_carpeta(carpeta: Path) -> list[str]:
    """What the user should know about a folder's permissions (empty when it is private).
    The backups in it that belong to this user are made 0600 first."""
    if WINDOWS:
        if carpeta.resolve() == (config.carpeta_datos() / "respaldos").resolve():
            return []
        return [
            "En Windows los respaldos toman los permisos de la carpeta elegida: revise que "
            "solo usted (y los administradores del equipo) puedan abrirla."
        ]
    try:
        info = carpeta.stat()
    except OSError:
        return []
    avisos = []
    if info.st_mode & 0o077:
        avisos.append(
            f"Otros usuarios de este equipo pueden entrar a la carpeta "
            f"(permisos {stat.filemode(info.st_mode)}): ven los nombres de los respaldos"
            + (" y pueden dejar archivos en ella" if info.st_mode & 0o022 else "")
            + ". Cada respaldo se guarda solo para usted (0600); para que la carpeta también "
            "lo sea: chmod 700."
        )
    if info.st_uid != os.getuid():
        avisos.append("La carpeta es de otro usuario del sistema.")
    _asegurar_archivos(carpeta)
    if any(r.ruta.stat().st_mode & 0o077 for r in respaldos(carpeta)):
        avisos.append(
            "Esta carpeta no conserva los permisos (una memoria USB o una carpeta de red): "
            "quien pueda abrirla puede leer los respaldos."
        )
    return avisos


def _asegurar_archivos(carpeta: Path) -> None:
    """Backups of earlier versions were 0644: make this user's ones private."""
    if WINDOWS:
        return
    for ruta in carpeta.glob("sipros_*"):
        if not _ARCHIVO.match(ruta.name):
            continue
        try:
            info = ruta.stat()
            if ruta.is_file() and info.st_uid == os.getuid() and info.st_mode & 0o077:
                os.chmod(ruta, 0o600)
        except OSError:
            continue


def _abrir_privado(ruta: Path) -> int:
    """A new file only its owner reads and writes (0600 from the start, whatever the umask)."""
    fd = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    if not WINDOWS:
        os.fchmod(fd, 0o600)
    return fd


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

    @classmethod
    def de_archivo(cls, ruta: Path) -> Respaldo:
        """A backup given by its path (the command line): the date of its name, else of the
        file."""
        if not ruta.is_file():
            raise ErrorDatos(f"No existe el respaldo «{ruta}».")
        m = _NOMBRE.match(ruta.name)
        info = ruta.stat()
        fecha = (datetime.strptime(m.group(1), "%Y%m%d_%H%M%S") if m
                 else datetime.fromtimestamp(info.st_mtime))  # fmt: skip
        return cls(ruta, fecha, info.st_size)


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
# Back up
# ---------------------------------------------------------------------------
def _libpq(url: URL, base: str) -> str:
    from sipros_desktop import bd

    return bd.dsn(url.set(database=base))


def _correr(
    argv: list[str],
    avisar: Progreso | None,
    etapa: str,
    total: int,
    salida: int | None = None,
    clave: str | None = None,
) -> None:
    """Run a PostgreSQL tool; its --verbose lines move the progress. ``salida``: a file
    descriptor for its standard output; ``clave``: a password, given through the
    environment (never on the command line, which other users of the PC can list)."""
    entorno = dict(os.environ)
    if clave:
        entorno["PGPASSWORD"] = clave
    # the progress reads the tools' --verbose lines: in English, whatever the PC's language
    # (LC_ALL would win over LC_MESSAGES: it keeps only its character set)
    todo = entorno.pop("LC_ALL", None)
    if todo:
        entorno.setdefault("LC_CTYPE", todo)
    entorno.pop("LANGUAGE", None)
    entorno["LC_MESSAGES"] = "C"
    proceso = subprocess.Popen(argv, stdout=salida if salida is not None else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, errors="replace",
                               env=entorno)  # fmt: skip
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
    """Back up ``base`` and the cluster's roles; with ``conservar``, keep only that many.
    Both files are 0600 from their first byte (written through the tools' standard output
    into files this process creates)."""
    carpeta = carpeta or carpeta_respaldos()
    _asegurar_archivos(carpeta)
    marca = datetime.now().strftime("%Y%m%d_%H%M%S")
    destino = carpeta / f"sipros_{marca}.dump"
    if destino.exists():  # two in the same second
        time.sleep(1)
        marca = datetime.now().strftime("%Y%m%d_%H%M%S")
        destino = carpeta / f"sipros_{marca}.dump"
    parcial = destino.with_suffix(".parcial")
    roles = destino.with_suffix(".roles.sql")
    total = _tablas(superusuario, base)
    bin_ = binarios()
    completo = False
    try:
        parcial.unlink(missing_ok=True)
        fd = _abrir_privado(parcial)
        try:
            _correr([str(bin_ / "pg_dump"), "--format=custom", "--verbose", "--no-sync",
                     f"--dbname={_libpq(superusuario, base)}"],
                    avisar, "Respaldo", total, salida=fd)  # fmt: skip
        finally:
            os.close(fd)
        roles.unlink(missing_ok=True)
        fd = _abrir_privado(roles)
        try:
            _correr([str(bin_ / "pg_dumpall"), "--roles-only",
                     f"--dbname={_libpq(superusuario, 'postgres')}"], None, "Respaldo", 1,
                    salida=fd)  # fmt: skip
        finally:
            os.close(fd)
        parcial.replace(destino)  # only a complete dump gets the name the list shows
        completo = True
    finally:
        parcial.unlink(missing_ok=True)
        if not completo:
            roles.unlink(missing_ok=True)
    if conservar:
        rotar(conservar, carpeta)
    return Respaldo(destino, datetime.strptime(marca, "%Y%m%d_%H%M%S"), destino.stat().st_size)


# ---------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Restauracion:
    """What a restore did: the accounts it created and the lines of the accounts file it
    skipped (each with its reason)."""

    respaldo: Respaldo
    version: str
    cuentas_creadas: tuple[str, ...]
    omitidas: tuple[LineaOmitida, ...]

    @property
    def no_permitidas(self) -> tuple[LineaOmitida, ...]:
        return tuple(o for o in self.omitidas if o.no_permitida)

    def informe(self) -> list[str]:
        """The report, line by line (the dialog shows it, the command line prints it)."""
        lineas = [f"Esquema del respaldo: {self.version}."]
        if self.cuentas_creadas:
            lineas.append(f"Cuentas creadas: {', '.join(self.cuentas_creadas)}.")
        if self.no_permitidas:
            lineas.append(
                f"Líneas NO PERMITIDAS del archivo de cuentas, que no se aplicaron "
                f"({len(self.no_permitidas)}):"
            )
            lineas += [f"  {o}" for o in self.no_permitidas]
        otras = [o for o in self.omitidas if not o.no_permitida]
        if otras:
            lineas.append(
                f"Líneas del archivo de cuentas que no se aplicaron porque este equipo ya "
                f"tiene esas cuentas ({len(otras)}):"
            )
            lineas += [f"  {o}" for o in otras]
        return lineas


def _rechazo(r: Respaldo, version: str, diferencias: list[str]) -> ErrorDatos:
    mostrar = diferencias[:60]
    if len(diferencias) > len(mostrar):
        mostrar.append(f"… y {len(diferencias) - len(mostrar)} más")
    return ErrorDatos(
        f"No se restauró el respaldo «{r.nombre}»: su esquema no es el que crean las "
        f"migraciones de SIPROS para su versión ({version}) — "
        f"{len(diferencias)} diferencia(s); puede ser un archivo alterado. La base actual no "
        "cambió.",
        detalle="\n".join(mostrar),
    )


def _referencia(superusuario: URL, nombre: str, propietario: str, version: str) -> tuple:
    """A scratch database migrated to ``version``: (its catalogue, its list of objects)."""
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema, servidor

    with psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{nombre}" OWNER "{propietario}" ENCODING \'UTF8\' '
                  "TEMPLATE template0")  # fmt: skip
        c.execute(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{nombre}" FROM PUBLIC')
    motor = bd.crear_motor(superusuario.set(database=nombre, username=propietario), pool_size=1)
    try:
        esquema.actualizar(motor, hasta=version)
    finally:
        motor.dispose()
    with psycopg.connect(_libpq(superusuario, nombre), autocommit=True) as c:
        for s in servidor.sentencias_base():
            c.execute(s)
        huella = revision.huella(c, propietario)
    with tempfile.TemporaryDirectory(prefix="sipros_ref_") as tmp:
        archivo = Path(tmp) / "referencia.dump"
        subprocess.run([str(binarios() / "pg_dump"), "--schema-only", "--format=custom",
                        f"--file={archivo}", f"--dbname={_libpq(superusuario, nombre)}"],
                       check=True, capture_output=True)  # fmt: skip
        lista = revision.lista(binarios() / "pg_restore", archivo)
    return huella, lista


_ESTADO_BASE = """
SELECT d.datdba, d.datacl::text, d.datconnlimit, d.datallowconn, d.datistemplate,
       d.dattablespace, (SELECT count(*) FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)
FROM pg_database d WHERE d.datname = %s
"""


def restaurar(superusuario: URL, r: Respaldo, base: str = "sipros",
              propietario: str = "sipros_propietario", avisar: Progreso | None = None,
              migrar: Callable[[URL], None] | None = None) -> Restauracion:  # fmt: skip
    """Replace ``base`` by the backup, after checking it (see the module's docstring). If
    anything fails or is refused, the current database and the cluster's roles are as they
    were. The replaced database stays as ``{base}_antes_de_restaurar`` until the next
    restore."""
    from sipros_desktop.bd import esquema, servidor

    if not r.ruta.exists():
        raise ErrorDatos(f"No existe el respaldo «{r.ruta}».")
    pg_restore = binarios() / "pg_restore"
    anterior, nueva = ANTERIOR.format(base=base), f"{base}_restaurando"
    referencia = f"{base}_referencia"
    restaurador = f"sipros_restaura_{secrets.token_hex(4)}"

    def postgres() -> psycopg.Connection:
        return psycopg.connect(_libpq(superusuario, "postgres"), autocommit=True)

    # 1. the accounts file, decided before anything else happens
    with postgres() as c:
        existentes, mantenimiento, grupos = cuentas.estado_del_cluster(c, propietario)
    plan = (cuentas.planear(r.roles, existentes, mantenimiento, grupos) if r.roles.exists()
            else cuentas.Plan((), (), ()))  # fmt: skip

    # 2. its schema version, and its list of objects against a reference of that version
    version = revision.revision(pg_restore, r.ruta)
    if version is None:
        raise ErrorDatos(
            f"«{r.nombre}» no es un respaldo de SIPROS que este programa pueda leer (no dice "
            "su versión de esquema). La base actual no cambió."
        )
    if version not in esquema.revisiones_conocidas():
        raise ErrorDatos(
            f"El respaldo «{r.nombre}» es de una versión más nueva de SIPROS (esquema "
            f"{version}; este programa: {esquema.revision_esperada()}). Actualice SIPROS "
            "Escritorio en este equipo antes de restaurarlo."
        )
    try:
        lista = revision.lista(pg_restore, r.ruta)
    except subprocess.CalledProcessError as e:
        raise ErrorDatos(f"«{r.nombre}» no es un respaldo que se pueda leer.") from e
    if avisar is not None:
        avisar("Revisión", 0, 1)
    try:
        huella_ref, lista_ref = _referencia(superusuario, referencia, propietario, version)
        diferencias = revision.comparar_listas(lista, lista_ref, propietario)
        if diferencias:
            raise _rechazo(r, version, diferencias)

        # 3. restored aside by a role that owns that database and can do nothing else
        with postgres() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nueva}" WITH (FORCE)')
            clave = secrets.token_urlsafe(32)
            verificador = c.pgconn.encrypt_password(
                clave.encode(), restaurador.encode(), b"scram-sha-256"
            ).decode()
            manana = c.execute("SELECT (now() + interval '1 day')::text").fetchone()[0]
            c.execute(
                f'CREATE ROLE "{restaurador}" LOGIN CONNECTION LIMIT 2 '
                f"PASSWORD '{verificador}' VALID UNTIL '{manana}'"
            )
            c.execute(f'CREATE DATABASE "{nueva}" OWNER "{restaurador}" ENCODING \'UTF8\' '
                      "TEMPLATE template0")  # fmt: skip
            c.execute(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{nueva}" FROM PUBLIC')
            antes = c.execute(_ESTADO_BASE, (nueva,)).fetchone()
        tablas = sum(x.startswith("TABLE DATA ") for x in lista)
        cuenta = superusuario.set(username=restaurador)._replace(password=None)
        try:
            _correr([str(pg_restore), "--verbose", "--single-transaction", "--exit-on-error",
                     "--no-owner", "--no-tablespaces", "--no-publications", "--no-subscriptions",
                     "--no-security-labels", f"--dbname={_libpq(cuenta, nueva)}", str(r.ruta)],
                    avisar, "Restauración", max(tablas, 1), clave=clave)  # fmt: skip
        except ErrorDatos as e:
            raise ErrorDatos(
                f"No se restauró el respaldo «{r.nombre}»: PostgreSQL no pudo cargarlo (vea el "
                "detalle). La base actual no cambió.",
                detalle=e.detalle,
            ) from e
        with postgres() as c:
            c.execute(f'ALTER ROLE "{restaurador}" NOLOGIN')
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE usename = %s", (restaurador,))  # fmt: skip
            if c.execute(_ESTADO_BASE, (nueva,)).fetchone() != antes:
                raise _rechazo(r, version, ["distinto: los ajustes o permisos de la base"])

        # 4. its catalogue against the reference's, once everything belongs to the owner
        if avisar is not None:
            avisar("Comparación", 0, 1)
        with psycopg.connect(_libpq(superusuario, nueva), autocommit=True) as c:
            c.execute(f'REASSIGN OWNED BY "{restaurador}" TO "{propietario}"')
            c.execute(f'DROP OWNED BY "{restaurador}"')
            for s in servidor.sentencias_base():
                c.execute(s)
            _funciones_de_este_programa(c, propietario)
            diferencias = revision.comparar_huellas(revision.huella(c, propietario), huella_ref)
        if diferencias:
            raise _rechazo(r, version, diferencias)
        # 5. the accounts SIPROS creates, in one transaction; before migrating, so that a
        # migration that changes accounts (0015: profiles held back until the first password
        # change) finds them
        with postgres() as c:
            cuentas.aplicar(c, plan)
        if migrar is not None:
            migrar(superusuario.set(database=nueva))
    except BaseException:
        with postgres() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nueva}" WITH (FORCE)')
        raise
    finally:
        with postgres() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{referencia}" WITH (FORCE)')
            # (if it cannot be dropped, it cannot log in either and expires tomorrow)
            with contextlib.suppress(psycopg.Error):
                c.execute(f'DROP ROLE IF EXISTS "{restaurador}"')

    with postgres() as c:
        c.execute(f'DROP DATABASE IF EXISTS "{anterior}" WITH (FORCE)')
        if _existe(c, base):
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (base,))  # fmt: skip
            c.execute(f'ALTER DATABASE "{base}" RENAME TO "{anterior}"')
        c.execute(f'ALTER DATABASE "{nueva}" RENAME TO "{base}"')
        # what the migrations set on the database itself (a dump without --create lacks it)
        c.execute(f'REVOKE ALL ON DATABASE "{base}" FROM PUBLIC')
        c.execute(f'GRANT CONNECT ON DATABASE "{base}" TO sipros_personal, sipros_acceso')
        c.execute(f'ALTER DATABASE "{base}" SET jit = off')
    return Restauracion(r, version, plan.cuentas, plan.omitidas)


def _funciones_de_este_programa(c: psycopg.Connection, propietario: str) -> None:
    """A backup made before a function file of this program changed has that function as it
    was (and the file's old checksum): the file is applied, as the owner, before the catalogue
    is compared with the reference (which has this program's functions). Nothing of the backup
    runs: the checksums are read as the superuser and the files only define functions. A
    function changed in the backup behind a current checksum stays a difference."""
    from sipros_desktop.bd import funciones

    cambiados = funciones.pendientes(c)
    if not cambiados:
        return
    with c.transaction():
        c.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(propietario)))
        # (the next migration records their checksums, once the database is SIPROS's)
        funciones.aplicar(c, cambiados, registrar=False, validar=False)


def _existe(c: psycopg.Connection, base: str) -> bool:
    return bool(c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (base,)).fetchone())


# ---------------------------------------------------------------------------
# The embedded database of this PC (what Archivo → Respaldo and the daily backup use)
# ---------------------------------------------------------------------------
def _superusuario_integrado() -> URL:
    from sipros_desktop.bd import integrada

    return integrada.iniciar().set(username="postgres")


def respaldar_integrada(avisar: Progreso | None = None) -> Respaldo:
    """Back up this PC's database (a state-wide administrator's session, or the owner's)."""
    exigir_administrador()
    return respaldar(_superusuario_integrado(), "sipros", carpeta_respaldos(), avisar,
                     conservar=leer_ajustes()["conservar"])  # fmt: skip


def restaurar_integrada(r: Respaldo, avisar: Progreso | None = None) -> Restauracion:
    """Restore this PC's database; every session ends (staff log in again afterwards)."""
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema, integrada

    exigir_administrador()

    def migrar(url: URL) -> None:
        motor = bd.crear_motor(url.set(username=integrada.PROPIETARIO), pool_size=1)
        try:
            esquema.verificar(motor, migrar_si_vacia=False, migrar_si_antigua=True)
        finally:
            motor.dispose()

    superusuario = _superusuario_integrado()
    sesion = bd.motor().url
    bd.desactivar()
    try:
        return restaurar(superusuario, r, "sipros", integrada.PROPIETARIO, avisar, migrar)
    except BaseException:
        with contextlib.suppress(Exception):  # nothing changed: the session goes on
            bd.activar(sesion)
        raise
