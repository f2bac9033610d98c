"""Where to connect and how to log in: SIPROS_DB_URL, the saved profile, or the embedded server.

Logging in = connecting to PostgreSQL with the user's own credentials. Nothing secret is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from sipros_desktop import bd, config
from sipros_desktop.bd import esquema, integrada
from sipros_desktop.bd.errores import traducir
from sipros_desktop.errores import ErrorConexion, ErrorSipros


@dataclass(frozen=True)
class Destino:
    """A database to connect to, without credentials."""

    descripcion: str
    integrada: bool
    url: URL | None = None  # None for the embedded server until it is started
    usuario_sugerido: str = ""
    fijo: bool = False  # given by SIPROS_DB_URL: the login dialog cannot change it


@dataclass(frozen=True)
class InfoSesion:
    usuario: str
    destino: str
    version_esquema: str
    integrada: bool


def destino_configurado() -> Destino:
    """SIPROS_DB_URL, else the saved connection profile, else the embedded database."""
    texto = config.url_configurada()
    if texto:
        try:
            url = bd.normalizar_url(texto)
        except Exception as e:
            raise ErrorConexion(
                "SIPROS_DB_URL no es una dirección válida de PostgreSQL "
                "(ejemplo: postgresql://servidor:5432/sipros?sslmode=require)."
            ) from e
        host = url.host or url.query.get("host") or "local"
        return Destino(
            descripcion=f"{host}:{url.port or 5432}/{url.database} (SIPROS_DB_URL)",
            integrada=False,
            url=url.set(password=None),
            usuario_sugerido=url.username or "",
            fijo=True,
        )
    perfil = config.cargar_perfil()
    if perfil.integrada:
        return Destino(
            descripcion=perfil.descripcion(), integrada=True, usuario_sugerido="postgres"
        )
    return Destino(
        descripcion=perfil.descripcion(),
        integrada=False,
        url=URL.create(
            "postgresql+psycopg",
            host=perfil.servidor,
            port=perfil.puerto,
            database=perfil.base,
            query={"sslmode": perfil.sslmode},
        ),
        usuario_sugerido=perfil.usuario,
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


def iniciar_sesion(destino: Destino, usuario: str, contrasena: str) -> InfoSesion:
    """Connect as ``usuario`` and check the schema. On an empty database, run the migrations;
    the embedded database is also upgraded when it is older (it belongs to this PC alone)."""
    usuario = (usuario or "").strip()
    if not usuario:
        raise ErrorConexion("Escriba su usuario.")
    try:
        motor = bd.activar(url_de(destino, usuario, contrasena))
        esquema.verificar(motor, migrar_si_vacia=True, migrar_si_antigua=destino.integrada)
        version = esquema.estado(motor).actual or ""
    except ErrorSipros:
        bd.desactivar()
        raise
    except Exception as e:
        bd.desactivar()
        raise traducir(e, destino=destino.descripcion) from e
    return InfoSesion(
        usuario=usuario,
        destino=destino.descripcion,
        version_esquema=version,
        integrada=destino.integrada,
    )


def conectar_configurada() -> Destino:
    """For command-line use: activate the configured database with the credentials of the URL
    or of libpq's environment (PGUSER, PGPASSWORD, ~/.pgpass)."""
    destino = destino_configurado()
    url = url_de(destino)
    if destino.fijo:
        texto = config.url_configurada()
        assert texto is not None
        url = bd.normalizar_url(texto)
    bd.activar(url)
    return destino


def cerrar_sesion() -> None:
    bd.desactivar()


def como_error(error: BaseException) -> ErrorSipros:
    """Any exception as an ErrorSipros with a Spanish message (for the one error handler)."""
    return traducir(error)


def guardar_conexion(perfil: config.PerfilConexion) -> None:
    if perfil.servidor and not (1 <= perfil.puerto <= 65535):
        raise ErrorConexion("El puerto debe ser un número entre 1 y 65535.")
    if perfil.servidor and not perfil.base.strip():
        raise ErrorConexion("Escriba el nombre de la base de datos.")
    if perfil.sslmode not in config.MODOS_SSL:
        raise ErrorConexion("Modo SSL no reconocido.")
    config.guardar_perfil(perfil)
