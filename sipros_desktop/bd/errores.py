"""Turn driver errors into ErrorSipros with a Spanish message (no Qt here).

Every decision is taken on the SQLSTATE, the exception class or libpq's connection flags, never
on the text of a message: a server (or a PC) with Spanish ``lc_messages`` writes other words.

Connection failures carry no SQLSTATE in psycopg: libpq reads the server's ErrorResponse while
connecting but only keeps its text, already translated by the server. What is robust, and is
used here, is to ask the server again: ``sondear`` opens one libpq connection with the error
verbosity at VERBOSE, where libpq writes the SQLSTATE and the server's C function (``FATAL:
28P01: …`` / ``ClientAuthentication, auth.c:…``) — both the same in every language — and reads
them with the flags ``needs_password`` / ``used_password``. A server that does not answer at
all gives no SQLSTATE in any case: that is psycopg's ConnectionTimeout, or no server code.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import select
import socket
import sys
import time
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import exc as sa_exc

from sipros_desktop.errores import (
    ErrorBaseInexistente,
    ErrorCredenciales,
    ErrorCuentaDesactivada,
    ErrorDatos,
    ErrorNoAutorizado,
    ErrorServidorNoResponde,
    ErrorServidorOcupado,
    ErrorSesionTerminada,
    ErrorSinContrasena,
    ErrorSipros,
)

# what a clerk should read when a unique rule of the database stops a save
_UNICOS = {
    "ciudadano_curp_key": "Esa CURP ya tiene expediente: búsquela y abra el existente.",
    "solicitud_viva_unica": (
        "El ciudadano ya tiene una solicitud vigente en esa convocatoria; no se puede presentar "
        "otra mientras no sea rechazada o dada de baja."
    ),
}

# libpq's VERBOSE error text: "<severity>:  <SQLSTATE>: <message>" and a location line
# "<label>:  <C function>, <file>.c:<line>" (severity and label may be translated, not these)
_SQLSTATE = re.compile(r":  ([0-9A-Z]{5}): ")
_FUNCION = re.compile(r":  ([A-Za-z_][A-Za-z0-9_]*), [\w.-]+\.c:\d+")
# the server's functions that refuse a login with 28000
_EN_HBA = "ClientAuthentication"  # pg_hba.conf has no rule (or rejects) this PC / user
_EN_ROL = "InitializeSessionUserId"  # role unknown (trust, peer) or NOLOGIN
_VERBOSE = 2  # PQERRORS_VERBOSE
_ESPERA_S = 5.0  # as bd.crear_motor's connect_timeout


def _original(error: BaseException) -> BaseException:
    if isinstance(error, sa_exc.DBAPIError) and error.orig is not None:
        return error.orig
    return error


def _mensaje_sin_respuesta(lugar: str) -> str:
    return (
        f"No se pudo conectar con el servidor de base de datos{lugar}. "
        "Verifique la dirección, el puerto y que el servidor esté encendido."
    )


def _por_conexion(
    sqlstate: str | None,
    texto: str,
    lugar: str,
    *,
    funcion: str | None = None,
    uso_password: bool = False,
    pide_password: bool = False,
) -> ErrorSipros | None:
    """The login refusals, by SQLSTATE and the server function that raised them."""
    if pide_password and not sqlstate:
        return ErrorSinContrasena("Escriba su contraseña.", detalle=texto)
    if sqlstate == "28P01":
        return ErrorCredenciales("Usuario o contraseña incorrectos.", detalle=texto)
    if sqlstate == "28000":
        if funcion == _EN_HBA or (funcion is None and not uso_password):
            return ErrorNoAutorizado(
                f"El servidor{lugar} no acepta conexiones de este equipo o de este usuario. "
                "Pida al administrador de la base de datos que lo autorice (pg_hba.conf).",
                detalle=texto,
            )
        if uso_password:  # the password was checked and right: the role may not log in
            return ErrorCuentaDesactivada(
                "Su usuario está desactivado. Si cree que es un error, consulte al administrador.",
                detalle=texto,
            )
        # a role that does not exist, on a server that asks no password (trust, peer)
        return ErrorCredenciales("Usuario o contraseña incorrectos.", detalle=texto)
    if sqlstate == "3D000":
        return ErrorBaseInexistente(
            f"La base de datos indicada no existe en el servidor{lugar}. "
            "Revise el nombre de la base en la configuración de conexión.",
            detalle=texto,
        )
    if sqlstate in ("53300", "53400"):  # too_many_connections, configuration_limit_exceeded
        return ErrorServidorOcupado(
            f"El servidor de base de datos{lugar} ya atiende todas las conexiones que admite y "
            "no aceptó la de este equipo (SIPROS lo reintentó varias veces). Espere un momento y "
            "vuelva a intentarlo; si se repite, avise al administrador del servidor "
            "(max_connections, vea instaladores/servidor/LEEME.md).",
            detalle=texto,
        )
    if sqlstate in ("57P01", "57P02"):
        return ErrorSesionTerminada(
            "La sesión fue cerrada por el administrador del sistema. Vuelva a iniciar sesión.",
            detalle=texto,
        )
    return None


def traducir(error: BaseException, *, destino: str = "") -> ErrorSipros:
    """Best Spanish explanation of a database error. ``destino`` names the server for messages."""
    if isinstance(error, ErrorSipros):
        return error
    orig = _original(error)
    texto = str(orig).strip()
    sqlstate = getattr(orig, "sqlstate", None)
    lugar = f" ({destino})" if destino else ""
    diag = getattr(orig, "diag", None)
    funcion = getattr(diag, "source_function", None) if sqlstate else None
    if sqlstate and funcion == "exec_stmt_raise":
        # raised by SIPROS's own database functions (PL/pgSQL RAISE), already in Spanish, with
        # any SQLSTATE: check_violation, insufficient_privilege, the deliveries' own codes…
        mensaje = getattr(diag, "message_primary", None) or texto
        return ErrorDatos(mensaje, detalle=texto)
    conexion = _por_conexion(sqlstate, texto, lugar, funcion=funcion)
    if conexion is not None:
        return conexion
    if sqlstate == "42501":
        return ErrorDatos("Su usuario no tiene permiso para esta operación.", detalle=texto)
    if sqlstate == "23505":
        restriccion = getattr(diag, "constraint_name", None) or ""
        return ErrorDatos(
            _UNICOS.get(restriccion, "Ya existe un registro con esos datos (dato duplicado)."),
            detalle=texto,
        )
    if sqlstate and sqlstate.startswith("23"):
        return ErrorDatos("Los datos no cumplen las reglas del sistema.", detalle=texto)
    if sqlstate == "57014":
        return ErrorSipros("La consulta tardó demasiado y se canceló.", detalle=texto)
    if sqlstate == "55P03":  # lock_not_available: the session's lock_timeout ran out
        return ErrorSipros(
            "Otra persona está cambiando estos mismos datos y no terminó a tiempo. No se guardó "
            "nada: intente de nuevo en un momento.",
            detalle=texto,
        )
    if sqlstate in ("40P01", "40001"):  # deadlock_detected, serialization_failure
        return ErrorSipros(
            "Otra persona cambió los mismos datos al mismo tiempo y la base detuvo esta "
            "operación. No se guardó nada: intente de nuevo.",
            detalle=texto,
        )
    if isinstance(orig, psycopg.OperationalError) or isinstance(error, sa_exc.OperationalError):
        if isinstance(orig, pg_errors.ConnectionTimeout):
            return ErrorServidorNoResponde(
                f"El servidor de base de datos no respondió a tiempo{lugar}. "
                "Verifique la dirección, la red y que el servidor esté encendido.",
                detalle=texto,
            )
        pgconn = getattr(orig, "pgconn", None)
        if not sqlstate and pgconn is not None and pgconn.status == pq.ConnStatus.BAD:
            if pgconn.needs_password:
                return ErrorSinContrasena("Escriba su contraseña.", detalle=texto)
            dsn = _dsn_de(pgconn)
            if dsn:
                # a server that asked for the password answers again at once; one that may be
                # down gets a short wait only
                try:
                    sondear(dsn, destino=destino, espera=_ESPERA_S if pgconn.used_password else 2)
                except ErrorSipros as e:
                    return e
        return ErrorServidorNoResponde(_mensaje_sin_respuesta(lugar), detalle=texto)
    return ErrorSipros(
        "Ocurrió un error inesperado con la base de datos. Intente de nuevo; si se repite, "
        "avise al administrador.",
        detalle=texto,
    )


def _dsn_de(pgconn) -> str:
    """The conninfo of a failed connection (psycopg keeps libpq's options, password too)."""
    try:
        valores = {
            o.keyword.decode(): o.val.decode()
            for o in pgconn.info
            if o.val is not None and o.keyword
        }  # fmt: skip
        return make_conninfo("", **valores)
    except Exception:  # no options kept: nothing to ask again
        return ""


_libpq_cache: list[object] = []


def _libpq():
    """The libpq psycopg itself loaded, through ctypes, for PQsetErrorVerbosity (psycopg has no
    wrapper for it); None when it cannot be found for certain (then no SQLSTATE is learnt)."""
    if _libpq_cache:
        return _libpq_cache[0]
    lib = None
    try:
        if pq.__impl__ == "python":
            from psycopg.pq import _pq_ctypes

            lib = _pq_ctypes.pq
        elif pq.__impl__ == "binary":
            import psycopg_binary

            base = Path(psycopg_binary.__file__).parent
            candidatos = [
                *sorted((base.parent / "psycopg_binary.libs").glob("libpq*")),
                *sorted((base / ".dylibs").glob("libpq*")),
            ]
            if len(candidatos) == 1 and _cargada(candidatos[0]):
                lib = ctypes.CDLL(str(candidatos[0]))
        else:
            nombre = ctypes.util.find_library("pq")
            lib = ctypes.CDLL(nombre) if nombre else None
        if lib is not None:
            lib.PQlibVersion.restype = ctypes.c_int
            if lib.PQlibVersion() != pq.version():
                lib = None  # not the library psycopg uses: never touch its connections
            else:
                lib.PQsetErrorVerbosity.argtypes = [ctypes.c_void_p, ctypes.c_int]
                lib.PQsetErrorVerbosity.restype = ctypes.c_int
    except (OSError, AttributeError, ImportError):
        lib = None
    _libpq_cache.append(lib)
    return lib


def _cargada(ruta: Path) -> bool:
    """True if ``ruta`` is already mapped in this process (so CDLL returns that same copy)."""
    mapas = Path("/proc/self/maps")
    if sys.platform.startswith("linux") and mapas.exists():
        return str(ruta.resolve()) in mapas.read_text(errors="replace")
    return True  # Windows / macOS: psycopg_binary links to its own bundled copy by this path


def sondear(dsn: str, *, destino: str = "", espera: float = _ESPERA_S) -> None:
    """Connect once to ``dsn`` and close; on failure raise the ErrorSipros the server's answer
    means (SQLSTATE read from libpq's VERBOSE text), whatever the language of its messages."""
    lugar = f" ({destino})" if destino else ""
    pg = pq.PGconn.connect_start(dsn.encode())
    try:
        lib = _libpq()
        if lib is not None and pg.status != pq.ConnStatus.BAD:
            lib.PQsetErrorVerbosity(pg.pgconn_ptr, _VERBOSE)
        estado = pq.PollingStatus.WRITING
        zocalo, fin = None, 0.0
        while pg.status != pq.ConnStatus.BAD:
            try:
                actual = pg.socket
            except psycopg.OperationalError:
                break
            if actual != zocalo:  # libpq moved to the next host: its own time
                zocalo, fin = actual, time.monotonic() + espera
            quedan = fin - time.monotonic()
            if estado == pq.PollingStatus.READING:
                listo = select.select([zocalo], [], [], max(quedan, 0))[0]
            else:
                listo = select.select([], [zocalo], [], max(quedan, 0))[1]
            if not listo:
                raise ErrorServidorNoResponde(
                    f"El servidor de base de datos no respondió a tiempo{lugar}. "
                    "Verifique la dirección, la red y que el servidor esté encendido."
                )
            estado = pg.connect_poll()
            if estado == pq.PollingStatus.OK:
                return
            if estado == pq.PollingStatus.FAILED:
                break
        texto = pg.get_error_message()
        codigo = _SQLSTATE.search(texto)
        funcion = _FUNCION.search(texto)
        error = _por_conexion(
            codigo.group(1) if codigo else None,
            texto,
            lugar,
            funcion=funcion.group(1) if funcion else None,
            uso_password=bool(pg.used_password),
            pide_password=bool(pg.needs_password),
        )
        if error is not None:
            raise error
        if codigo is None and _tls_exigido(dsn) and _acepta_tcp(dsn):
            # something listens on the port, yet no server answer came: the TLS handshake
            raise ErrorServidorNoResponde(
                f"No se pudo establecer la conexión cifrada (SSL){lugar}. "
                "Revise el modo SSL en la configuración de conexión.",
                detalle=texto,
            )
        if codigo is None:
            raise ErrorServidorNoResponde(_mensaje_sin_respuesta(lugar), detalle=texto)
        raise ErrorSipros(
            f"El servidor de base de datos{lugar} rechazó la conexión. Intente de nuevo; si se "
            "repite, avise al administrador.",
            detalle=texto,
        )
    finally:
        pg.finish()


def _tls_exigido(dsn: str) -> bool:
    return conninfo_to_dict(dsn).get("sslmode") in ("require", "verify-ca", "verify-full")


def _acepta_tcp(dsn: str) -> bool:
    datos = conninfo_to_dict(dsn)
    hosts = str(datos.get("host") or "").split(",")
    puertos = str(datos.get("port") or "5432").split(",")
    for i, host in enumerate(hosts):
        if not host or host.startswith("/"):
            continue
        puerto = puertos[i] if i < len(puertos) else puertos[-1]
        try:
            with socket.create_connection((host, int(puerto or 5432)), timeout=2):
                return True
        except (OSError, ValueError):
            continue
    return False
