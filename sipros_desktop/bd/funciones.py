"""The database's functions, one place each: ``migraciones/funciones/<tema>/<función>.sql``.

Migrations hold tables and data. Every function of the schema (trigger functions too) is
defined by exactly one repeatable file: its ``CREATE OR REPLACE FUNCTION``, its comments,
``SECURITY DEFINER`` and ``SET search_path``, and its ``GRANT``/``REVOKE EXECUTE`` lines. The
database records the SHA-256 of each file it applied (table ``funcion_archivo``, migration
0019); a file whose checksum differs is pending, so the schema is not up to date
(``esquema.estado``) until ``esquema.actualizar`` applies it, after the migrations and in their
transaction. Editing a function is editing its file: no new migration.

Applying a set of files, as the owner:

1. the functions they define (``CREATE [OR REPLACE] FUNCTION name(`` at the start of a line)
   lose the grants and the comment they had, so that the file says all of it: a line removed
   from a file is a grant revoked (PUBLIC keeps its default EXECUTE until a file revokes it);
2. the files run in one batch with ``check_function_bodies`` off (when it fails: file by file,
   again while some file goes in), so that their order does not matter: a function may call
   one defined by a file that sorts after its own;
3. then every function they define is validated with ``check_function_bodies`` on, so that a
   SQL function that names a missing column fails here and not at its first call.

Checksums are taken over the text with Unix line ends: a checkout with CRLF is the same file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from sipros_desktop.errores import ErrorEsquema

CARPETA = Path(__file__).resolve().parent.parent / "migraciones" / "funciones"
TABLA = "public.funcion_archivo"
_DEFINE = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:public\.)?([a-z_][a-z0-9_]*)\s*\(", re.I | re.M
)


@dataclass(frozen=True)
class Archivo:
    nombre: str  # its path under the folder, with «/»: «ciudadanos/sipros_ciudadano_alta.sql»
    texto: str
    sha256: str

    @property
    def funciones(self) -> tuple[str, ...]:
        """The names of the functions it defines (every overload of each name)."""
        return tuple(dict.fromkeys(m.lower() for m in _DEFINE.findall(self.texto)))


def archivos(carpeta: Path | None = None) -> list[Archivo]:
    """Every repeatable file, in the order of their paths."""
    raiz = carpeta or CARPETA
    res = []
    for ruta in sorted(raiz.rglob("*.sql")):
        texto = ruta.read_bytes().decode("utf-8").replace("\r\n", "\n")
        suma = hashlib.sha256(texto.encode("utf-8")).hexdigest()
        res.append(Archivo(ruta.relative_to(raiz).as_posix(), texto, suma))
    return res


def registrados(c: psycopg.Connection) -> dict[str, str] | None:
    """What the database recorded (file → SHA-256); None before migration 0019."""
    if c.execute("SELECT to_regclass(%s)", (TABLA,)).fetchone()[0] is None:
        return None
    return dict(c.execute(f"SELECT archivo, sha256 FROM {TABLA}").fetchall())


def pendientes(c: psycopg.Connection, carpeta: Path | None = None) -> list[str]:
    """The files whose checksum is not the one the database recorded (none before 0019)."""
    hechos = registrados(c)
    if hechos is None:
        return []
    return [a.nombre for a in archivos(carpeta) if hechos.get(a.nombre) != a.sha256]


_PERMISOS = """
SELECT p.oid::regprocedure::text, p.proacl IS NOT NULL,
       coalesce((SELECT array_agg(DISTINCT quote_ident(r.rolname)) FROM aclexplode(p.proacl) a
                 JOIN pg_roles r ON r.oid = a.grantee WHERE a.grantee <> p.proowner), '{}'),
       EXISTS (SELECT 1 FROM aclexplode(p.proacl) a
               WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'),
       obj_description(p.oid, 'pg_proc') IS NOT NULL
FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY(%s)
"""


def _sin_permisos(c: psycopg.Connection, nombres: list[str]) -> None:
    """Step 1: the functions called ``nombres`` as a new function would be (grants of the
    owner only, PUBLIC's EXECUTE, no comment); the files then set what they say."""
    sentencias = []
    for firma, con_acl, roles, publico, comentario in c.execute(_PERMISOS, (nombres,)):
        if con_acl and roles:
            sentencias.append(f"REVOKE ALL ON FUNCTION {firma} FROM {', '.join(roles)}")
        if con_acl and not publico:
            sentencias.append(f"GRANT EXECUTE ON FUNCTION {firma} TO PUBLIC")
        if comentario:
            sentencias.append(f"COMMENT ON FUNCTION {firma} IS NULL")
    if sentencias:
        c.execute(";\n".join(sentencias))


def _ejecutar(c: psycopg.Connection, elegidos: list[Archivo]) -> None:
    """Step 2: one batch. When it fails, file by file, each in its savepoint, and again while
    some file goes in: a function with a SQL-standard body (``RETURN …``, ``BEGIN ATOMIC``) is
    parsed even with ``check_function_bodies`` off, so it may need a function of a file that
    sorts after its own. A file that never goes in is named."""
    c.execute("SAVEPOINT sipros_funciones")
    try:
        c.execute("\n;\n".join(a.texto for a in elegidos))
    except psycopg.Error:
        c.execute("ROLLBACK TO SAVEPOINT sipros_funciones")
    else:
        c.execute("RELEASE SAVEPOINT sipros_funciones")
        return
    faltan = list(elegidos)
    while faltan:
        fallidos: list[tuple[Archivo, psycopg.Error]] = []
        for a in faltan:
            c.execute("SAVEPOINT sipros_archivo")
            try:
                c.execute(a.texto)
            except psycopg.Error as e:
                c.execute("ROLLBACK TO SAVEPOINT sipros_archivo")
                fallidos.append((a, e))
            else:
                c.execute("RELEASE SAVEPOINT sipros_archivo")
        if len(fallidos) == len(faltan):
            a, e = fallidos[0]
            raise ErrorEsquema(
                f"El archivo de funciones «{a.nombre}» no se pudo aplicar: "
                f"{e.diag.message_primary or e}"
            ) from e
        faltan = [a for a, _ in fallidos]
    c.execute("RELEASE SAVEPOINT sipros_funciones")


_VALIDAR = """
SELECT p.oid, p.oid::regprocedure::text, p.proname, l.lanname FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY(%s)
  AND l.lanname IN ('sql', 'plpgsql')
"""


def _validar(c: psycopg.Connection, elegidos: list[Archivo]) -> None:
    """Step 3: each function defined by ``elegidos`` checked as CREATE FUNCTION checks it
    (all at once; one by one only to name the one that fails)."""
    de = {f: a.nombre for a in elegidos for f in a.funciones}
    filas = c.execute(_VALIDAR, (list(de),)).fetchall()
    c.execute("SAVEPOINT sipros_validar")
    try:
        c.execute(
            "SELECT count(CASE l.lanname WHEN 'sql' THEN fmgr_sql_validator(p.oid) "
            "ELSE plpgsql_validator(p.oid) END) FROM pg_proc p "
            "JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = ANY(%s)",
            ([f[0] for f in filas],),
        )
    except psycopg.Error as todas:
        c.execute("ROLLBACK TO SAVEPOINT sipros_validar")
        for oid, firma, nombre, lenguaje in filas:
            validador = "fmgr_sql_validator" if lenguaje == "sql" else "plpgsql_validator"
            try:
                c.execute(f"SELECT {validador}(%s)", (oid,))
            except psycopg.Error as e:
                c.execute("ROLLBACK TO SAVEPOINT sipros_validar")
                raise ErrorEsquema(
                    f"La función {firma} de «{de[nombre]}» no es válida: "
                    f"{e.diag.message_primary or e}"
                ) from e
        raise ErrorEsquema(f"Las funciones no son válidas: {todas}") from todas
    c.execute("RELEASE SAVEPOINT sipros_validar")


def aplicar(
    c: psycopg.Connection,
    nombres: Iterable[str] | None = None,
    *,
    registrar: bool = True,
    validar: bool = True,
    carpeta: Path | None = None,
) -> list[str]:
    """Apply the pending files (or those called ``nombres``) inside the caller's transaction,
    as the role connected (the owner), and record their checksums unless ``registrar`` is
    false. Returns the names of the files applied. Before migration 0019 (no table to record
    them in) the migrations define the functions, and nothing pending is applied."""
    todos = archivos(carpeta)
    hechos = registrados(c) if nombres is None or registrar else None
    if nombres is None:
        if hechos is None:
            return []
        elegidos = [a for a in todos if hechos.get(a.nombre) != a.sha256]
    else:
        quiero = set(nombres)
        elegidos = [a for a in todos if a.nombre in quiero]
    if elegidos:
        antes = c.execute("SELECT current_setting('check_function_bodies')").fetchone()[0]
        _sin_permisos(c, sorted({f for a in elegidos for f in a.funciones}))
        try:
            c.execute("SELECT set_config('check_function_bodies', 'off', true)")
            _ejecutar(c, elegidos)
            if validar:
                c.execute("SELECT set_config('check_function_bodies', 'on', true)")
                _validar(c, elegidos)
        finally:
            c.execute("SELECT set_config('check_function_bodies', %s, true)", (antes,))
    if registrar and hechos is not None:
        if elegidos:
            with c.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {TABLA} (archivo, sha256) VALUES (%s, %s) ON CONFLICT "
                    "(archivo) DO UPDATE SET sha256 = EXCLUDED.sha256, aplicado = now()",
                    [(a.nombre, a.sha256) for a in elegidos],
                )
        # (a file that no longer exists: its functions went with a migration)
        if viejos := sorted(set(hechos) - {a.nombre for a in todos}):
            c.execute(f"DELETE FROM {TABLA} WHERE archivo = ANY(%s)", (viejos,))
    return [a.nombre for a in elegidos]
