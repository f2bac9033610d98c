"""Where to connect and how to log in: SIPROS_DB_URL, the saved profile, or the embedded server.

Logging in = connecting to PostgreSQL with the user's own credentials. Nothing secret is kept,
except for a field brigade: a verifier of the password (never the password) beside its kit, so
that where the server does not answer the window unlocks and the user logs in to the brigade
only (``entrar``, ``desbloquear``; see ``servicios.brigada``).
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from sipros_desktop import bd, config
from sipros_desktop.bd import esquema, integrada
from sipros_desktop.bd.errores import traducir
from sipros_desktop.errores import (
    ErrorConexion,
    ErrorCredenciales,
    ErrorCuentaDesactivada,
    ErrorDatos,
    ErrorServidorNoResponde,
    ErrorSipros,
)
from sipros_desktop.servicios import seguridad
from sipros_desktop.servicios.seguridad import DatosUsuario, Perfil
from sipros_desktop.servicios.verificador_local import Verificador


@dataclass(frozen=True)
class Destino:
    """A database to connect to, without credentials."""

    descripcion: str
    integrada: bool
    url: URL | None = None  # None for the embedded server until it is started
    usuario_sugerido: str = ""
    fijo: bool = False  # given by SIPROS_DB_URL: the login dialog cannot change it
    advertencia: str = ""  # shown for the whole session (a connection that is not verified)
    url_lectura: URL | None = None  # a standby for the heavy reads (reports, Padrón)


@dataclass(frozen=True)
class InfoSesion:
    usuario: str
    destino: str
    version_esquema: str
    integrada: bool
    perfil: Perfil | None = None  # None only for maintenance sessions outside the GUI login
    advertencia: str = ""
    # the connection of this login (engines, identity, change listeners); None: the process's
    contexto: bd.Contexto | None = field(default=None, compare=False, repr=False)
    # logged in without the server, to the brigade only: this PC's verifier that let them in
    # (the name to greet, the idle minutes); None for a login the server checked
    sin_conexion: Verificador | None = field(default=None, compare=False, repr=False)

    def puede(self, *perfiles: str) -> bool:
        if self.sin_conexion is not None:  # no module of the server without it
            return False
        return self.perfil is None or self.perfil.tiene(*perfiles)


SIN_VERIFICAR = (
    "Conexión sin verificar: no se comprueba el certificado del servidor; alguien en la red "
    "podría hacerse pasar por él."
)


def destino_configurado() -> Destino:
    """SIPROS_DB_URL, else the saved connection profile, else the embedded database."""
    texto = config.url_configurada()
    if texto:
        try:
            url = bd.normalizar_url(texto)
        except Exception as e:
            raise ErrorConexion(
                "SIPROS_DB_URL no es una dirección válida de PostgreSQL "
                "(ejemplo: postgresql://servidor:5432/sipros?sslmode=verify-full&"
                "sslrootcert=/ruta/ca.crt&channel_binding=require)."
            ) from e
        host = url.host or url.query.get("host") or "local"
        socket = not url.host or str(url.host).startswith("/")
        verificada = url.query.get("sslmode") == "verify-full"
        lectura = os.environ.get("SIPROS_DB_URL_LECTURA")
        return Destino(
            descripcion=f"{host}:{url.port or 5432}/{url.database} (SIPROS_DB_URL)",
            integrada=False,
            url=url.set(password=None),
            usuario_sugerido=url.username or "",
            fijo=True,
            advertencia="" if socket or verificada else SIN_VERIFICAR,
            url_lectura=bd.normalizar_url(lectura).set(username=None, password=None)
            if lectura else None,
        )  # fmt: skip
    perfil = config.cargar_perfil()
    if perfil.integrada:
        return Destino(descripcion=perfil.descripcion(), integrada=True)
    if len(perfil.servidores()) > 1:
        # a primary and its standbys: libpq tries them in order and keeps the one that takes
        # writes, so after a failover the app reconnects to the promoted standby by itself
        url = _varios_servidores(perfil, perfil.servidor, "read-write")
    else:
        url = URL.create(
            "postgresql+psycopg",
            host=perfil.servidor,
            port=perfil.puerto,
            database=perfil.base,
            query=perfil.parametros_tls(),
        )
    lectura = None
    if perfil.replica.strip():
        lectura = _varios_servidores(perfil, perfil.replica, "prefer-standby")
    return Destino(
        descripcion=perfil.descripcion(),
        integrada=False,
        url=url,
        url_lectura=lectura,
        usuario_sugerido=perfil.usuario,
        advertencia=SIN_VERIFICAR if perfil.sin_verificar else "",
    )


def _varios_servidores(perfil: config.PerfilConexion, texto: str, atributos: str) -> URL:
    """libpq's list of hosts (``host=a:5432&host=b:5432``) with ``target_session_attrs``."""
    hosts = tuple(f"{h}:{p}" for h, p in perfil.servidores(texto))
    return URL.create(
        "postgresql+psycopg",
        database=perfil.base,
        query={**perfil.parametros_tls(), "target_session_attrs": atributos, "host": hosts},
    )


def url_de(destino: Destino, usuario: str | None = None, contrasena: str | None = None) -> URL:
    """The full URL for ``destino``, starting the embedded server if that is the destination."""
    url = integrada.iniciar() if destino.integrada else destino.url
    assert url is not None
    if usuario:
        url = url.set(username=usuario)
    if contrasena:
        url = url.set(password=contrasena)
    return url


class FrenoDeIntentos:
    """Repeated failed logins of a user slow down: after the third, each new attempt must wait
    2, 4, 8 … up to 60 seconds. (What someone with psql tries is slowed by the server's
    ``auth_delay``: see instaladores/servidor/LEEME.md.)"""

    LIBRES = 3
    MAXIMO_S = 60.0

    def __init__(self, reloj=time.monotonic) -> None:
        self.reloj = reloj
        self._fallos: dict[str, tuple[int, float]] = {}
        self._candado = threading.Lock()

    def antes(self, clave: str, usuario: str) -> None:
        with self._candado:
            _n, hasta = self._fallos.get(clave, (0, 0.0))
        falta = hasta - self.reloj()
        if falta > 0:
            raise ErrorConexion(
                f"Demasiados intentos fallidos con el usuario «{usuario}». Espere "
                f"{math.ceil(falta)} s y vuelva a intentarlo."
            )

    def fallo(self, clave: str) -> None:
        with self._candado:
            n = self._fallos.get(clave, (0, 0.0))[0] + 1
            espera = 0.0 if n < self.LIBRES else min(2.0 ** (n - self.LIBRES + 1), self.MAXIMO_S)
            self._fallos[clave] = (n, self.reloj() + espera)

    def exito(self, clave: str) -> None:
        with self._candado:
            self._fallos.pop(clave, None)


freno = FrenoDeIntentos()


def iniciar_sesion(destino: Destino, usuario: str, contrasena: str) -> InfoSesion:
    """Connect as ``usuario`` (PostgreSQL checks the password), check the schema and read the
    user's profile. Staff never migrate: the owner does (``db upgrade``; the embedded database
    is brought up to date when it starts)."""
    usuario = (usuario or "").strip()
    if not usuario:
        raise ErrorConexion("Escriba su usuario.")
    clave = f"{destino.descripcion}|{usuario.lower()}"
    freno.antes(clave, usuario)
    try:
        motor = bd.activar(url_de(destino, usuario, contrasena))
        esquema.verificar(motor, migrar_si_vacia=False)
        version = esquema.estado(motor).actual or ""
        perfil = seguridad.mi_perfil()
    except Exception as e:
        bd.desactivar()
        error = e if isinstance(e, ErrorSipros) else traducir(e, destino=destino.descripcion)
        if isinstance(error, ErrorCredenciales):  # a wrong password (not a server that is down)
            freno.fallo(clave)
        if error is e:
            raise
        raise error from e
    freno.exito(clave)
    advertencia = destino.advertencia
    if destino.url_lectura is not None and perfil is not None:
        try:  # the same account on the standby (it replicates the roles)
            bd.activar_lectura(destino.url_lectura.set(username=usuario, password=contrasena))
        except ErrorSipros:
            sin_replica = ("La réplica de lectura no responde: reportes y Padrón leen del "
                           "servidor principal.")  # fmt: skip
            advertencia = f"{advertencia} {sin_replica}".strip()
    if perfil is None:
        bd.desactivar()
        raise ErrorConexion(
            f"El usuario «{usuario}» no está dado de alta como funcionario activo en esta base "
            "de datos. Pida al administrador que lo registre en Administración → Funcionarios."
        )
    if not perfil.cambiar_password:  # (a password the administrator gave is changed first)
        _renovar_verificador(usuario, contrasena, perfil)
    return InfoSesion(
        usuario=usuario,
        destino=destino.descripcion,
        version_esquema=version,
        integrada=destino.integrada,
        perfil=perfil,
        advertencia=advertencia,
        contexto=bd.contexto(),
    )


def _renovar_verificador(usuario: str, contrasena: str, perfil: Perfil) -> None:
    """A brigade with a valid kit on this PC: the password the server just accepted becomes
    its local verifier (a login never fails for it)."""
    from sipros_desktop.servicios import brigada

    with contextlib.suppress(ErrorSipros, OSError, ValueError):
        brigada.renovar_acceso(usuario, contrasena, perfil)


# --------------------------------------------------------------------------- without the server

SIN_CONEXION = (
    "Sin conexión con el servidor: solo la brigada de campo, con el paquete de este equipo. Para "
    "sincronizar, cierre sesión y entre con conexión."
)
CONTRASENA_LOCAL_INCORRECTA = (
    "Usuario o contraseña incorrectos (comprobados en este equipo: el servidor no responde)."
)


def _en_este_equipo(
    usuario: str, contrasena: str, sin_servidor: ErrorSipros | None, incorrecta: ErrorSipros
) -> Verificador:
    """Check ``contrasena`` against this PC's brigade verifier of ``usuario`` (with a valid
    kit), slowed after repeated failures like an online login. ``sin_servidor``: the server's
    error that sent us here, raised again when this PC cannot check either."""
    from sipros_desktop.servicios import brigada

    try:
        acceso = brigada.acceso_sin_conexion(usuario)
    except ErrorDatos as problema:  # the kit expired (deleted), another user's, the clock
        if sin_servidor is None:
            raise
        raise type(sin_servidor)(
            f"{sin_servidor.mensaje} Tampoco sirve sin conexión el paquete de brigada de este "
            f"equipo: {problema.mensaje}",
            detalle=sin_servidor.detalle,
        ) from problema
    if acceso is None:
        if sin_servidor is not None:
            raise sin_servidor
        raise ErrorDatos(
            "En este equipo no hay un paquete de brigada vigente de este usuario: la contraseña "
            "solo se puede comprobar con el servidor."
        )
    clave = f"este equipo|{acceso.usuario}"
    freno.antes(clave, usuario)
    if not brigada.comprobar_acceso(acceso.usuario, contrasena):
        freno.fallo(clave)
        raise incorrecta
    freno.exito(clave)
    return acceso


def entrar(destino: Destino, usuario: str, contrasena: str) -> InfoSesion:
    """The login window's: ``iniciar_sesion``; when the server does not answer and this PC
    holds the user's valid brigade kit and verifier, and the password is the verifier's, a
    session without the server for the brigade only (``InfoSesion.sin_conexion``): its
    context names the user (the brigade's folder) and never connects."""
    from sipros_desktop.servicios import brigada

    try:
        return iniciar_sesion(destino, usuario, contrasena)
    except ErrorCuentaDesactivada:
        # the server says this account may not log in any more: nor may it on this PC
        with contextlib.suppress(OSError):
            brigada.olvidar_acceso(usuario)
        raise
    except ErrorServidorNoResponde as e:
        if destino.integrada or destino.url is None:
            raise
        error = e
    usuario = (usuario or "").strip()
    acceso = _en_este_equipo(
        usuario, contrasena, error, ErrorCredenciales(CONTRASENA_LOCAL_INCORRECTA)
    )
    # its own identity on the (unreachable) server's address, without the password: nothing
    # of this session can connect, and the brigade's services find the user's folder
    bd.activar(destino.url.set(username=acceso.usuario, password=None), probar=False)
    return InfoSesion(
        usuario=acceso.usuario,
        destino=destino.descripcion,
        version_esquema="",
        integrada=False,
        perfil=None,
        advertencia=SIN_CONEXION,
        contexto=bd.contexto(),
        sin_conexion=acceso,
    )


def desbloquear(usuario: str, contrasena: str, *, sin_conexion: bool = False) -> bool:
    """The locked window's check: the server's (``seguridad.comprobar_password``); when it does
    not answer — or the session is the brigade's without connection — this PC's brigade
    verifier, if the user has one and a valid kit. True when it was checked here, on this PC.
    ErrorDatos: the password is not right."""
    error = None
    if not sin_conexion:
        try:
            seguridad.comprobar_password(usuario, contrasena)
            return False
        except ErrorServidorNoResponde as e:
            error = e
    _en_este_equipo(usuario, contrasena, error, ErrorDatos("La contraseña no es correcta."))
    return True


def preparar_integrada() -> bool:
    """Start the embedded database (creating and migrating it the first time). True if it
    already has an active administrator; False on the first start."""
    with _como_propietario():
        return _hay_administrador()


def crear_primer_administrador(
    usuario: str, nombre: str, correo: str, password: str, confirmacion: str
) -> None:
    """First start of the embedded database: the administrator the user chooses, with every
    profile and state-wide scope (one PC does everything until there are more users)."""
    datos = DatosUsuario(
        usuario=usuario,
        nombre=nombre,
        correo=correo,
        perfiles=list(seguridad.PERFILES),
        alcance="estatal",
    )
    with _como_propietario():
        if _hay_administrador():
            raise ErrorDatos("Esta base ya tiene administrador; inicie sesión con su usuario.")
        seguridad.crear(datos, password, confirmacion, cambiar_al_entrar=False)


@contextmanager
def _como_propietario() -> Iterator[None]:
    """The embedded database's owner (operating-system identity, no password) for one task."""
    bd.activar(integrada.url_propietario())
    try:
        yield
    finally:
        bd.desactivar()


def _hay_administrador() -> bool:
    with bd.sesion() as s:
        return bool(
            s.scalar(
                text(
                    "SELECT EXISTS (SELECT 1 FROM funcionario f WHERE f.activo "
                    "AND 'administrador' = ANY (sipros_perfiles_de(f.usuario)))"
                )
            )
        )


def conectar_configurada() -> Destino:
    """For command-line use: activate the configured database. The embedded one as its owner
    (the operating system vouches for the user of this PC); a central server with the
    credentials of SIPROS_DB_URL or of libpq's environment (PGUSER, PGPASSWORD, ~/.pgpass)."""
    destino = destino_configurado()
    if destino.integrada:
        usuario = (os.environ.get("PGUSER") or "").strip()
        if not usuario or usuario == integrada.PROPIETARIO:
            bd.activar(integrada.url_propietario())
            return destino
        # a staff member (--usuario / PGUSER, PGPASSWORD): its own identity over the private
        # socket, as when it logs in to the app — its kits, journals and papers are its own
        clave = os.environ.get("PGPASSWORD") or ""
        try:
            bd.activar(url_de(destino, usuario, clave))
            perfil = seguridad.mi_perfil()
        except Exception as e:
            bd.desactivar()
            raise traducir(e, destino=destino.descripcion) from e
        if perfil is None:
            bd.desactivar()
            raise ErrorConexion(f"«{usuario}» no es un funcionario activo en esta base.")
        if perfil.cambiar_password:
            bd.desactivar()
            raise ErrorConexion(
                f"«{usuario}» debe cambiar primero la contraseña que le dio el administrador: "
                "entre a la aplicación con ella."
            )
        return destino
    url = url_de(destino)
    if destino.fijo:
        texto = config.url_configurada()
        assert texto is not None
        url = bd.normalizar_url(texto)
    bd.activar(url)
    return destino


def cerrar_sesion(contexto: bd.Contexto | None = None) -> None:
    """End ``contexto`` (the login's), else the process's: its connections close and any
    late use of it is refused."""
    if contexto is not None:
        contexto.cerrar()
        if bd.contexto_o_nada() is not contexto:
            return
    bd.desactivar()


def contexto_actual() -> bd.Contexto | None:
    """The session screens and background work act in (None once logged out)."""
    return bd.contexto_o_nada()


def en_contexto(contexto: bd.Contexto | None):
    """Run a block (background work) in ``contexto``; None: the process's own."""
    return bd.usar(contexto)


def usuario_actual() -> str:
    """Who is logged in now (lower case), as the local folders name their owner; "" if nobody."""
    ctx = bd.contexto_o_nada()
    return ctx.usuario if ctx is not None else ""


def como_error(error: BaseException) -> ErrorSipros:
    """Any exception as an ErrorSipros with a Spanish message (for the one error handler)."""
    return traducir(error)


def guardar_conexion(perfil: config.PerfilConexion) -> None:
    if perfil.servidor and not (1 <= perfil.puerto <= 65535):
        raise ErrorConexion("El puerto debe ser un número entre 1 y 65535.")
    if perfil.servidor and not perfil.base.strip():
        raise ErrorConexion("Escriba el nombre de la base de datos.")
    if perfil.servidor and not perfil.sin_verificar:
        ca = perfil.sslrootcert.strip()
        if not ca:
            raise ErrorConexion(
                "Elija el certificado de la autoridad (CA) que firmó el certificado del "
                "servidor (se lo da el administrador del servidor), o marque «Conexión sin "
                "verificar»."
            )
        if not Path(ca).is_file():
            raise ErrorConexion(f"No existe el archivo del certificado «{ca}».")
    config.guardar_perfil(perfil)
