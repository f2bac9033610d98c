"""Errors the user can cause or meet, each with a Spanish message that says what to do."""

from __future__ import annotations


class ErrorSipros(Exception):
    """An error whose message can be shown to the user as is."""

    def __init__(self, mensaje: str, *, detalle: str | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.detalle = detalle


class ErrorConexion(ErrorSipros):
    """The database could not be reached or refused the credentials."""


class ErrorEsquema(ErrorSipros):
    """The database schema is not the version this program expects."""


class ErrorDatos(ErrorSipros):
    """The data the user gave cannot be saved as it is."""


class ErrorCredenciales(ErrorConexion):
    """The server refused the user name or the password (SQLSTATE 28P01; an unknown user too,
    and an expired password: PostgreSQL tells the client nothing more, on purpose)."""


class ErrorSinContrasena(ErrorConexion):
    """The server asks for a password and none was given."""


class ErrorCuentaDesactivada(ErrorConexion):
    """The password was right but the role may not log in (NOLOGIN: a deactivated staff)."""


class ErrorNoAutorizado(ErrorConexion):
    """pg_hba.conf has no rule for this PC or this user (SQLSTATE 28000 before any password)."""


class ErrorBaseInexistente(ErrorConexion):
    """The database named in the connection does not exist (SQLSTATE 3D000)."""


class ErrorSesionTerminada(ErrorConexion):
    """The server ended the session (administrator, shutdown: SQLSTATE 57P01 / 57P02)."""


class ErrorServidorNoResponde(ErrorConexion):
    """No PostgreSQL answered: wrong address or port, server off, network, time-out, TLS."""


class ErrorServidorOcupado(ErrorConexion):
    """The server has no connection slot left (SQLSTATE 53300 too_many_connections)."""
