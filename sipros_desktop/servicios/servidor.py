"""The one-time setup of a central server, which its database administrator runs (``sipros-desktop
servidor preparar`` / ``servidor sql``): the owner role, the profiles' group roles and the
database, on a superuser connection; or the same as a psql script to review and run by hand.
The statements are ``bd.servidor``'s; this is the connection around them."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from sipros_desktop import bd
from sipros_desktop.bd import servidor as preparacion
from sipros_desktop.errores import ErrorDatos

PROPIETARIO = "sipros_propietario"
BASE = "sipros"


def comprobar_nombres(propietario: str, base: str) -> None:
    """ErrorDatos when the owner role or the database is not a name the setup accepts."""
    try:
        preparacion.sentencias(propietario, base)
    except ValueError as e:
        raise ErrorDatos(str(e)) from e


def guion(propietario: str = PROPIETARIO, base: str = BASE) -> str:
    """The setup as a psql script (instaladores/servidor/preparar.sql is this text)."""
    comprobar_nombres(propietario, base)
    return preparacion.script_psql(propietario, base)


def preparar(
    url_superusuario: str,
    propietario: str = PROPIETARIO,
    base: str = BASE,
    leer_clave: Callable[[], str] | None = None,
) -> bool:
    """Run the setup as the superuser of ``url_superusuario``; True if it created the
    database. Running it again only adds what is missing. ``leer_clave`` gives the owner's
    password (asked once the address is known to be one): only its SCRAM verifier, made on the
    connection, reaches the server. Errors in Spanish (a wrong address, a server that does not
    answer, a refused password)."""
    comprobar_nombres(propietario, base)
    try:
        dsn = bd.dsn(url_superusuario)
    except Exception as e:
        raise ErrorDatos(
            f"«{url_superusuario}» no es una dirección de PostgreSQL; p. ej. "
            "postgresql://postgres@servidor/postgres"
        ) from e
    clave = leer_clave() if leer_clave is not None else None
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as c:
            verificador = None
            if clave is not None:
                verificador = c.pgconn.encrypt_password(
                    clave.encode(), propietario.encode(), b"scram-sha-256"
                ).decode()
            return preparacion.preparar(c, propietario, base, verificador)
    except psycopg.Error as e:  # (a server that does not answer, a wrong password …)
        raise bd.traducir(e) from e
