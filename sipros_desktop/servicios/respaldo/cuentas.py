"""The staff accounts of a backup (``….roles.sql``, written by ``pg_dumpall --roles-only``).

A restore never runs that file. It is read line by line, each statement is understood, and
only what SIPROS itself creates is rebuilt by this program with quoted names and values:

- a new staff account (a login role, or a deactivated one: NOLOGIN with its password) or a
  new ``sipros_*`` group, never with SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or
  BYPASSRLS, and only a SCRAM verifier as password;
- its membership of ``sipros_*`` groups (never WITH ADMIN OPTION, never ``pg_*`` roles);
- its session limits (the three that ``sipros_limites_de_sesion`` sets).

Accounts this cluster already has are left as they are. Every other line is skipped and
reported, with the reason; a password verifier is never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

# roles SIPROS never creates from a backup, whatever it says
PROHIBIDOS = ("SUPERUSER", "CREATEROLE", "CREATEDB", "REPLICATION", "BYPASSRLS")
# session limits SIPROS sets on each login role (0008_endurecimiento: sipros_limites_de_sesion)
LIMITES = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")
_PREAMBULO = {
    "SET default_transaction_read_only = off;",
    "SET client_encoding = 'UTF8';",
    "SET standard_conforming_strings = on;",
}
_ID = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_CREAR = re.compile(rf"^CREATE ROLE ({_ID});$")
_ATRIBUTOS = re.compile(rf"^ALTER ROLE ({_ID}) WITH (.*);$")
_AJUSTE = re.compile(rf"^ALTER ROLE ({_ID}) SET ([a-z_]+) TO (.*);$")
_EN_BASE = re.compile(rf"^ALTER ROLE ({_ID}) IN DATABASE ({_ID}) ")
_GRANT = re.compile(rf"^GRANT ({_ID}) TO ({_ID})(?: WITH ([A-Z ,]+?))?(?: GRANTED BY ({_ID}))?;$")
_OPCION = re.compile(
    r"\s*(?:PASSWORD '((?:[^']|'')*)'|VALID UNTIL '((?:[^']|'')*)'"
    r"|CONNECTION LIMIT (-?\d+)|(NO)?([A-Z]+))"
)
_SIMPLES = {"SUPERUSER", "INHERIT", "CREATEROLE", "CREATEDB", "LOGIN", "REPLICATION", "BYPASSRLS"}
_SCRAM = re.compile(r"^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$")
_DURACION = re.compile(r"^'?(\d{1,9}(?:ms|s|min|h)?)'?$")
_FECHA = re.compile(r"^(infinity|\d{4}-\d{2}-\d{2}[0-9 :.+\-T]*)$")


@dataclass(frozen=True)
class LineaOmitida:
    """A line of the accounts file that was not applied, and why."""

    numero: int
    texto: str  # the line as written (a password verifier hidden)
    motivo: str
    no_permitida: bool  # refused as unsafe (not just an account this PC already has)

    def __str__(self) -> str:
        return f"línea {self.numero}: {self.texto} — {self.motivo}"


@dataclass
class _Rol:
    nombre: str
    crear: int | None = None  # line of its CREATE ROLE
    lineas: list[int] = field(default_factory=list)
    atributos: dict[str, bool] = field(default_factory=dict)
    password: str | None = None
    hasta: str | None = None
    limite: int | None = None
    ajustes: list[tuple[int, str, str]] = field(default_factory=list)
    problema: str = ""  # why the whole role is refused


@dataclass(frozen=True)
class _Grant:
    linea: int
    grupo: str
    miembro: str
    opciones: str


@dataclass(frozen=True)
class Plan:
    """What a restore will do with the accounts file: roles to create, groups to grant,
    and the lines it skips."""

    crear: tuple[_Rol, ...]
    grants: tuple[_Grant, ...]
    omitidas: tuple[LineaOmitida, ...]

    @property
    def cuentas(self) -> tuple[str, ...]:
        return tuple(r.nombre for r in self.crear)


def _nombre(texto: str) -> str:
    if texto.startswith('"'):
        return texto[1:-1].replace('""', '"')
    return texto.lower()


def _ocultar(linea: str) -> str:
    return re.sub(r"PASSWORD '(?:[^']|'')*'", "PASSWORD '…'", linea)


def _opciones(rol: _Rol, texto: str) -> str:
    """Read ``ALTER ROLE … WITH`` options into ``rol``; returns a problem or ''."""
    pos = 0
    while pos < len(texto):
        m = _OPCION.match(texto, pos)
        if not m or m.end() == pos:
            return f"opción que SIPROS no escribe: «{texto[pos:].strip()[:40]}»"
        password, hasta, limite, no, palabra = m.groups()
        if password is not None:
            rol.password = password.replace("''", "'")
        elif hasta is not None:
            rol.hasta = hasta.replace("''", "'")
        elif limite is not None:
            rol.limite = int(limite)
        elif palabra in _SIMPLES:
            rol.atributos[palabra] = no is None
        else:
            return f"opción que SIPROS no escribe: «{(no or '') + palabra}»"
        pos = m.end()
    return ""


def planear(
    ruta: Path, existentes: dict[str, bool], mantenimiento: set[str], grupos_validos: set[str]
) -> Plan:
    """Read the accounts file and decide every line. ``existentes``: the roles this cluster
    has (name → whether it can log in); ``mantenimiento``: the superuser and the owner;
    ``grupos_validos``: this cluster's ``sipros_*`` groups (NOLOGIN, no attributes)."""
    roles: dict[str, _Rol] = {}
    grants: list[_Grant] = []
    omitidas: list[LineaOmitida] = []
    textos: dict[int, str] = {}

    def rol(nombre: str, numero: int) -> _Rol:
        r = roles.setdefault(nombre, _Rol(nombre))
        r.lineas.append(numero)
        return r

    def omitir(numero: int, motivo: str, grave: bool = True) -> None:
        omitidas.append(LineaOmitida(numero, _ocultar(textos[numero]), motivo, grave))

    texto = ruta.read_text(encoding="utf-8", errors="replace")
    for numero, linea in enumerate(texto.splitlines(), 1):
        linea = linea.rstrip()
        textos[numero] = linea
        if not linea or linea.startswith("--") or linea in _PREAMBULO:
            continue
        if m := _CREAR.match(linea):
            r = rol(_nombre(m.group(1)), numero)
            if r.crear is not None:
                r.problema = "la cuenta se crea dos veces en el archivo"
            r.crear = numero
        elif m := _ATRIBUTOS.match(linea):
            r = rol(_nombre(m.group(1)), numero)
            r.problema = r.problema or _opciones(r, m.group(2))
        elif m := _AJUSTE.match(linea):
            r = rol(_nombre(m.group(1)), numero)
            r.ajustes.append((numero, m.group(2), m.group(3)))
        elif m := _EN_BASE.match(linea):
            rol(_nombre(m.group(1)), numero)
            omitir(numero, "ajuste de una cuenta en una base: SIPROS no los pone")
        elif m := _GRANT.match(linea):
            grants.append(
                _Grant(numero, _nombre(m.group(1)), _nombre(m.group(2)), m.group(3) or "")
            )
        else:
            omitir(numero, "sentencia que SIPROS no escribe en un archivo de cuentas")

    # every role: is it one SIPROS would create?
    for r in roles.values():
        prohibidos = [a for a in PROHIBIDOS if r.atributos.get(a)]
        login = r.atributos.get("LOGIN", False)
        if r.nombre in mantenimiento:
            continue
        if prohibidos:
            r.problema = f"la cuenta «{r.nombre}» pide {', '.join(prohibidos)}"
        elif r.nombre.startswith("pg_"):
            r.problema = f"«{r.nombre}» es un nombre reservado de PostgreSQL"
        elif r.password is not None and not _SCRAM.match(r.password):
            r.problema = f"la contraseña de «{r.nombre}» no es un verificador SCRAM-SHA-256"
        elif not login and not r.nombre.startswith("sipros_") and r.password is None:
            # a NOLOGIN role with a password is a deactivated staff account
            r.problema = f"«{r.nombre}» sería un grupo que SIPROS no crea (no es sipros_*)"
        elif r.hasta is not None and not _FECHA.match(r.hasta):
            r.problema = f"fecha de vencimiento no válida para «{r.nombre}»"
        elif r.nombre not in existentes and r.crear is None:
            r.problema = f"el archivo cambia la cuenta «{r.nombre}» pero no la crea"

    crear: list[_Rol] = []
    for r in roles.values():
        if r.nombre in mantenimiento:
            motivo = "cuenta de mantenimiento de este equipo: no se toca"
            for n in r.lineas:
                omitir(n, motivo, grave=False)
        elif r.problema:
            for n in r.lineas:
                omitir(n, r.problema)
        elif r.nombre in existentes:
            for n in r.lineas:
                omitir(n, "la cuenta ya existe en este equipo: se deja como está", grave=False)
        else:
            crear.append(r)
            for n, parametro, valor in r.ajustes:
                if parametro not in LIMITES:
                    omitir(n, f"ajuste «{parametro}»: SIPROS solo pone los límites de sesión")
                elif not _DURACION.match(valor):
                    omitir(n, f"valor de «{parametro}» que SIPROS no pone")

    nuevos = {r.nombre: r for r in crear}
    grupos = grupos_validos | {
        n
        for n, r in nuevos.items()
        if n.startswith("sipros_") and not r.atributos.get("LOGIN", False) and r.password is None
    }
    aplicar: list[_Grant] = []
    for g in grants:
        miembro = roles.get(g.miembro)
        if g.miembro in mantenimiento:
            omitir(g.linea, "cuenta de mantenimiento de este equipo: no se toca", grave=False)
        elif miembro is not None and miembro.problema:
            omitir(g.linea, miembro.problema)
        elif g.grupo not in grupos:
            omitir(g.linea, f"«{g.grupo}» no es un grupo de SIPROS (sipros_*)")
        elif "ADMIN" in g.opciones:
            omitir(g.linea, "WITH ADMIN OPTION: solo el propietario administra los grupos")
        elif g.miembro in existentes:
            omitir(g.linea, "la cuenta ya existe en este equipo: sus grupos no cambian", False)
        elif g.miembro not in nuevos:
            omitir(g.linea, f"el archivo no crea la cuenta «{g.miembro}»")
        elif g.opciones and not re.fullmatch(r"(INHERIT|SET) (TRUE|FALSE)(, (INHERIT|SET) "
                                             r"(TRUE|FALSE))?", g.opciones):  # fmt: skip
            omitir(g.linea, f"opción que SIPROS no escribe: «{g.opciones}»")
        else:
            aplicar.append(g)
    return Plan(tuple(crear), tuple(aplicar), tuple(sorted(omitidas, key=lambda o: o.numero)))


def aplicar(c: psycopg.Connection, plan: Plan) -> None:
    """Create the planned roles and grants (one transaction, on a superuser connection). The
    statements are this program's, with the names and values quoted; none comes from the
    file as text."""
    with c.transaction():
        for r in plan.crear:
            partes = [
                sql.SQL("CREATE ROLE {} WITH").format(sql.Identifier(r.nombre)),
                sql.SQL("LOGIN" if r.atributos.get("LOGIN") else "NOLOGIN"),
                sql.SQL("INHERIT" if r.atributos.get("INHERIT", True) else "NOINHERIT"),
                sql.SQL("NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS"),
            ]
            if r.limite is not None:
                partes.append(sql.SQL("CONNECTION LIMIT {}").format(sql.Literal(r.limite)))
            if r.password is not None:
                partes.append(sql.SQL("PASSWORD {}").format(sql.Literal(r.password)))
            if r.hasta is not None:
                partes.append(sql.SQL("VALID UNTIL {}").format(sql.Literal(r.hasta)))
            c.execute(sql.SQL(" ").join(partes))
            for _n, parametro, valor in r.ajustes:
                m = _DURACION.match(valor)
                if parametro in LIMITES and m:
                    ajuste = sql.SQL("ALTER ROLE {} SET {} = {}").format(
                        sql.Identifier(r.nombre), sql.Identifier(parametro), sql.Literal(m.group(1))
                    )
                    c.execute(ajuste)
        for g in plan.grants:
            opciones = [o.strip() for o in g.opciones.split(",") if o.strip().endswith("FALSE")]
            con = sql.SQL(" WITH " + ", ".join(opciones) if opciones else "")
            c.execute(
                sql.SQL("GRANT {} TO {}{}").format(
                    sql.Identifier(g.grupo), sql.Identifier(g.miembro), con
                )
            )


def estado_del_cluster(c: psycopg.Connection, propietario: str) -> tuple[dict, set, set]:
    """(roles → can log in, maintenance roles, valid ``sipros_*`` groups) of this cluster."""
    existentes = dict(c.execute("SELECT rolname, rolcanlogin FROM pg_roles").fetchall())
    superusuario = c.execute("SELECT rolname FROM pg_roles WHERE oid = 10").fetchone()[0]
    grupos = {
        n
        for (n,) in c.execute(
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, 'sipros_') "
            "AND NOT (rolcanlogin OR rolsuper OR rolcreaterole OR rolcreatedb "
            "OR rolreplication OR rolbypassrls)"
        )
    }
    return existentes, {superusuario, propietario}, grupos - {propietario}
