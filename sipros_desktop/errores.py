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
