"""What a database administrator runs once, as superuser, to host SIPROS on a server.

It creates the owner role (the one that runs the migrations and owns every table, never used
by staff), the group roles of the profiles, and the database. The owner gets ``CREATEROLE``,
``ADMIN OPTION`` on the group roles (PostgreSQL 16 needs it to grant them to new users) and
``pg_signal_backend`` (deactivating a user ends that user's open sessions at once).

The same statements serve three callers: ``sipros-desktop servidor preparar`` (runs them),
``sipros-desktop servidor sql`` (prints them as a psql script for the DBA to review), and the
embedded database's first start.
"""

from __future__ import annotations

import re

import psycopg

GRUPOS = (
    # connect, read one's profile and change one's password: all an account may do while its
    # first password (set by an administrator) is unchanged
    "sipros_acceso",
    "sipros_personal",
    "sipros_administrador",
    "sipros_funcionario",
    "sipros_ventanilla",
    "sipros_entrega",
    "sipros_consulta",
    "sipros_despacho",  # the SMS dispatcher's account (not a profile of the app)
)
_NOMBRE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _ident(nombre: str) -> str:
    if not _NOMBRE.match(nombre):
        raise ValueError(
            f"«{nombre}» no es un nombre válido: letras minúsculas sin acentos, números o "
            "guion bajo, empezando con una letra."
        )
    return f'"{nombre}"'


def _literal(texto: str) -> str:
    return "'" + texto.replace("'", "''") + "'"


def sentencias(propietario: str, base: str | None, verificador: str | None = None) -> list[str]:
    """The setup, statement by statement. The one that creates the database is a SELECT that
    returns the CREATE DATABASE text when it is missing (psql's ``\\gexec``). Without ``base``,
    only the roles."""
    p = _ident(propietario)
    clave = f" PASSWORD {_literal(verificador)}" if verificador else ""
    grupos = ", ".join(GRUPOS)
    crear_grupos = "\n".join(
        f"    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{g}') THEN "
        f"CREATE ROLE {g} NOLOGIN; END IF;"
        for g in GRUPOS
    )
    roles = [
        f"DO $$ BEGIN\n"
        f"    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(propietario)}) THEN\n"
        f"        CREATE ROLE {p} LOGIN CREATEROLE;\n"
        f"    END IF;\nEND $$",
        f"ALTER ROLE {p} LOGIN CREATEROLE NOSUPERUSER NOCREATEDB{clave}",
        f"GRANT pg_signal_backend TO {p}",
        f"DO $$ BEGIN\n{crear_grupos}\nEND $$",
        f"GRANT {grupos} TO {p} WITH ADMIN OPTION",
        # every profile shares the basics; granted here by the superuser, not by the owner, so
        # that the owner role can be dropped later (PostgreSQL 16 records who granted it)
        "GRANT sipros_acceso TO sipros_personal",
        f"GRANT sipros_personal TO {', '.join(GRUPOS[2:])}",
    ]
    if base is None:
        return roles
    b = _ident(base)
    return [
        *roles,
        f"SELECT 'CREATE DATABASE {b} OWNER {p} ENCODING ''UTF8'' TEMPLATE template0' "
        f"WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = {_literal(base)})",
        f"ALTER DATABASE {b} OWNER TO {p}",
    ]


# Large objects are a store beside the tables (no row-level security, no audit): nobody in a
# SIPROS database may create or read them.
_OBJETOS_GRANDES = (
    "lo_create(oid)", "lo_creat(integer)", "lo_import(text)", "lo_import(text, oid)",
    "lo_export(oid, text)", "lo_open(oid, integer)", "lo_from_bytea(oid, bytea)",
    "lo_put(oid, bigint, bytea)", "lo_get(oid)", "lo_get(oid, bigint, integer)",
    "lo_unlink(oid)", "lo_truncate(integer, integer)", "lo_truncate64(integer, bigint)",
)  # fmt: skip


def sentencias_base() -> list[str]:
    """What the superuser runs connected to the SIPROS database itself (function privileges
    are kept per database)."""
    return [f"REVOKE EXECUTE ON FUNCTION {', '.join(_OBJETOS_GRANDES)} FROM PUBLIC"]


def script_psql(propietario: str, base: str) -> str:
    """The setup as a psql script (the owner's password is asked with \\password afterwards)."""
    partes = [
        "-- SIPROS Escritorio: preparación del servidor central (ejecutar como superusuario).",
        "-- psql -h SERVIDOR -U postgres -d postgres -f preparar.sql (al final pide la contraseña "
        "del propietario)",
        "\\set ON_ERROR_STOP on",
    ]
    for s in sentencias(propietario, base):
        partes.append(s + (" \\gexec" if s.startswith("SELECT 'CREATE DATABASE") else ";"))
    partes.append(f"\\connect {_ident(base)}")
    partes.extend(s + ";" for s in sentencias_base())
    partes.append(f"\\password {propietario}")
    return "\n".join(partes) + "\n"


def preparar(
    conexion: psycopg.Connection, propietario: str, base: str | None, verificador: str | None = None
) -> bool:
    """Run the setup on a superuser connection in autocommit mode. True if it created the
    database. Safe to run again: it only adds what is missing."""
    creada = False
    for s in sentencias(propietario, base, verificador):
        if s.startswith("SELECT 'CREATE DATABASE"):
            fila = conexion.execute(s).fetchone()
            if fila:
                conexion.execute(fila[0])
                creada = True
        else:
            conexion.execute(s)
    if base is not None:
        parametros = conexion.info.get_parameters()
        parametros["dbname"] = base
        if conexion.info.password:
            parametros["password"] = conexion.info.password
        with psycopg.connect(**parametros, autocommit=True) as en_base:
            for s in sentencias_base():
                en_base.execute(s)
    return creada
