"""Crafted backups, as an attacker would make them: a genuine backup restored into a scratch
database, changed there as superuser (a planted SECURITY DEFINER function, an event trigger,
another owner, a changed body …) and dumped again with the app's own pg_dump; SQL smuggled
into the data part of a dump; and accounts files with lines SIPROS never writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from sipros_desktop import bd
from sipros_desktop.servicios import respaldo

# a SCRAM-SHA-256 verifier of no one's password (the format is what matters here)
VERIFICADOR = (
    "SCRAM-SHA-256$4096:c2lwcm9zc2lwcm9zc2lwcg==$"
    "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=:YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI="
)


def _siguiente(r: respaldo.Respaldo, minutos: int) -> Path:
    marca = (r.fecha + timedelta(minutes=minutos)).strftime("%Y%m%d_%H%M%S")
    return r.ruta.parent / f"sipros_{marca}.dump"


def alterado(
    superusuario: URL, r: respaldo.Respaldo, sentencias: list[str], minutos: int = 1
) -> respaldo.Respaldo:
    """A backup like ``r`` after running ``sentencias`` on its data as superuser (with the
    same accounts file), named ``minutos`` later."""
    bin_ = respaldo.binarios()
    taller = f"{superusuario.database or 'postgres'}_taller_{minutos}"
    dsn = bd.dsn(superusuario.set(database=taller))
    with psycopg.connect(bd.dsn(superusuario.set(database="postgres")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{taller}" WITH (FORCE)')
        c.execute(f"CREATE DATABASE \"{taller}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        subprocess.run([str(bin_ / "pg_restore"), "--exit-on-error", f"--dbname={dsn}",
                        str(r.ruta)], check=True, capture_output=True)  # fmt: skip
        with psycopg.connect(dsn, autocommit=True) as c:
            for s in sentencias:
                c.execute(s)
        destino = _siguiente(r, minutos)
        subprocess.run([str(bin_ / "pg_dump"), "--format=custom", f"--file={destino}",
                        f"--dbname={dsn}"], check=True, capture_output=True)  # fmt: skip
    finally:
        with psycopg.connect(bd.dsn(superusuario.set(database="postgres")), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{taller}" WITH (FORCE)')
    shutil.copy(r.roles, destino.with_suffix(".roles.sql"))
    return respaldo.Respaldo(destino, datetime.strptime(destino.stem[7:], "%Y%m%d_%H%M%S"),
                             destino.stat().st_size)  # fmt: skip


def con_cuentas(r: respaldo.Respaldo, lineas: list[str], minutos: int = 1) -> respaldo.Respaldo:
    """The same dump as ``r`` with ``lineas`` added to its accounts file."""
    destino = _siguiente(r, minutos)
    shutil.copy(r.ruta, destino)
    texto = r.roles.read_text(encoding="utf-8") + "\n".join(lineas) + "\n"
    destino.with_suffix(".roles.sql").write_text(texto, encoding="utf-8")
    return respaldo.Respaldo.de_archivo(destino)


def con_sql_en_datos(
    r: respaldo.Respaldo, tabla: str, sentencia: str, minutos: int = 1
) -> respaldo.Respaldo:
    """The same dump as ``r`` with ``sentencia`` smuggled into the COPY statement of
    ``tabla``'s data (what pg_restore sends before the rows). The list of objects does not
    change: only the role that runs the restore and the catalogue check stand in the way.
    Same length, so the archive stays readable: the column list gives the room."""
    datos = r.ruta.read_bytes()
    m = re.search(rb"COPY public\.%s \([^)]*\) FROM stdin;\n" % tabla.encode(), datos)
    assert m is not None
    nuevo = f"{sentencia}; COPY public.{tabla} FROM stdin;\n".encode()
    assert len(nuevo) <= len(m.group(0)), "no cabe"
    nuevo = nuevo.replace(b"; COPY", b";" + b" " * (len(m.group(0)) - len(nuevo)) + b" COPY")
    destino = _siguiente(r, minutos)
    destino.write_bytes(datos[: m.start()] + nuevo + datos[m.end() :])
    shutil.copy(r.roles, destino.with_suffix(".roles.sql"))
    return respaldo.Respaldo.de_archivo(destino)


def sobrantes(superusuario: URL, base: str) -> list[str]:
    """Databases and roles a restore must never leave behind."""
    with psycopg.connect(bd.dsn(superusuario.set(database="postgres"))) as c:
        bases = [n for (n,) in c.execute(
            "SELECT datname FROM pg_database WHERE datname IN (%s, %s)",
            (f"{base}_restaurando", f"{base}_referencia"))]  # fmt: skip
        consulta = "SELECT rolname FROM pg_roles WHERE starts_with(rolname, 'sipros_restaura_')"
        roles = [n for (n,) in c.execute(consulta)]
    return bases + roles
