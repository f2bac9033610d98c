"""One schema: the models declare exactly what the migrations create.

Two comparisons on a freshly migrated database. Alembic's (``compare_metadata``, with the
options ``env.py`` gives autogenerate): tables, columns, types, nullability, server defaults,
identity, indexes, unique and foreign keys with their ON DELETE, comments. And, for what Alembic
does not compare (CHECK constraints, the expressions of generated columns and of indexes, DESC,
INCLUDE, UNLOGGED), PostgreSQL's own: the models are created with ``create_all`` in a schema of
their own in the same database, and both schemas are read back from the catalogue.
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.migraciones.comparar import OPCIONES, PropuestaDestructiva
from sipros_desktop.modelos import Base

ESQUEMA_MODELOS = "sipros_modelos_prueba"
VERSIONES = esquema.CARPETA / "versions"


def _dsn(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _diferencias_alembic(url) -> list:
    motor = bd.crear_motor(url, pool_size=1)
    try:
        with motor.connect() as c:
            opciones = {k: v for k, v in OPCIONES.items() if k.startswith("compare_")}
            return compare_metadata(MigrationContext.configure(c, opts=opciones), Base.metadata)
    finally:
        motor.dispose()


def test_los_modelos_son_el_esquema_migrado(bd_vacia):
    diferencias = _diferencias_alembic(bd_vacia)
    assert diferencias == [], "\n".join(str(d)[:300] for d in diferencias)


def test_cada_tabla_migrada_tiene_su_modelo(bd_vacia):
    with psycopg.connect(_dsn(bd_vacia)) as c:
        tablas = {
            t
            for (t,) in c.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        }
    assert len(tablas) >= 43
    assert tablas == set(Base.metadata.tables)


# ----------------------------------------------------------- what Alembic does not compare

_CATALOGO = {
    "tablas": """
        SELECT c.relname, c.relpersistence, obj_description(c.oid, 'pg_class')
        FROM pg_class c WHERE c.relnamespace = %(e)s::regnamespace AND c.relkind = 'r'
          AND c.relname <> 'alembic_version'""",
    "columnas": """
        SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               a.attcollation::regcollation::text, col_description(c.oid, a.attnum),
               s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        LEFT JOIN pg_sequence s ON a.attidentity <> ''
             AND s.seqrelid = pg_get_serial_sequence(c.oid::regclass::text, a.attname)::regclass
        WHERE c.relnamespace = %(e)s::regnamespace AND c.relkind = 'r'
          AND c.relname <> 'alembic_version' AND a.attnum > 0 AND NOT a.attisdropped""",
    # (NOT VALID says which rows were checked when the constraint was added, not what it is)
    "restricciones": """
        SELECT c.relname || '.' || k.conname, k.contype,
               replace(pg_get_constraintdef(k.oid), ' NOT VALID', ''), k.condeferrable
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE c.relnamespace = %(e)s::regnamespace AND k.contype IN ('p', 'u', 'f', 'c', 'x')
          AND c.relname <> 'alembic_version'""",
    "indices": """
        SELECT tablename || '.' || indexname, replace(indexdef, ' ON ' || schemaname || '.', ' ON ')
        FROM pg_indexes WHERE schemaname = %(e)s AND tablename <> 'alembic_version'""",
}


def _catalogo(c: psycopg.Connection, esquema_: str) -> dict[str, dict[str, tuple]]:
    # only public on the path: what is in the other schema is written with its name
    c.execute("SET search_path = public")
    return {
        parte: {
            fila[0]: tuple(
                v.replace(f"{esquema_}.", "") if isinstance(v, str) else v for v in fila[1:]
            )
            for fila in c.execute(consulta, {"e": esquema_})
        }
        for parte, consulta in _CATALOGO.items()
    }


def test_lo_que_alembic_no_compara_tambien_coincide(bd_vacia):
    motor = bd.crear_motor(bd_vacia, pool_size=1)
    try:
        with motor.begin() as c:
            c.exec_driver_sql(f"CREATE SCHEMA {ESQUEMA_MODELOS}")
            c.exec_driver_sql("SET LOCAL search_path = public")
            Base.metadata.create_all(
                c.execution_options(schema_translate_map={None: ESQUEMA_MODELOS})
            )
    finally:
        motor.dispose()
    with psycopg.connect(_dsn(bd_vacia)) as c:
        migrado = _catalogo(c, "public")
        modelos = _catalogo(c, ESQUEMA_MODELOS)
    diferencias = [
        f"{parte} {nombre}: migraciones {migrado[parte].get(nombre)} / modelos "
        f"{modelos[parte].get(nombre)}"
        for parte in _CATALOGO
        for nombre in sorted(set(migrado[parte]) | set(modelos[parte]))
        if migrado[parte].get(nombre) != modelos[parte].get(nombre)
    ]
    assert len(migrado["restricciones"]) > 250 and len(migrado["indices"]) > 100
    assert diferencias == [], "\n".join(diferencias)


# ------------------------------------------------------------------------- autogenerate


def _autogenerar(url, carpeta: Path) -> list[Path]:
    """``alembic revision --autogenerate`` through env.py, writing into ``carpeta`` (a versions
    folder of its own beside the package's) instead of the package. Returns what it wrote."""
    cfg = esquema._config()
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join((str(VERSIONES), str(carpeta))))
    motor = bd.crear_motor(url, pool_size=1)
    try:
        with motor.begin() as c:
            cfg.attributes["connection"] = c
            command.revision(cfg, message="prueba", autogenerate=True, version_path=str(carpeta))
    finally:
        motor.dispose()
    return sorted(carpeta.glob("*.py"))


def _operaciones(archivo: Path) -> str:
    """The code of the upgrade() that autogenerate wrote, on one line, without its comments."""
    texto = archivo.read_text(encoding="utf-8")
    cuerpo = texto.split("def upgrade() -> None:", 1)[1].split("def downgrade()", 1)[0]
    return " ".join(x.strip() for x in cuerpo.splitlines() if x.strip() and x.strip()[0] != "#")


def _versiones() -> set[Path]:
    return set(VERSIONES.iterdir())


def test_autogenerar_sobre_la_base_migrada_no_propone_nada(bd_vacia, tmp_path):
    antes = _versiones()
    (archivo,) = _autogenerar(bd_vacia, tmp_path)
    assert _operaciones(archivo) == "pass"
    assert _versiones() == antes


def test_autogenerar_propone_la_columna_que_solo_tiene_el_modelo(bd_vacia, tmp_path):
    """A column in its class and not yet in the database: autogenerate writes just that."""
    with psycopg.connect(_dsn(bd_vacia), autocommit=True) as c:
        c.execute("ALTER TABLE plantilla_mensaje DROP COLUMN sin_acentos")
    (archivo,) = _autogenerar(bd_vacia, tmp_path)
    assert _operaciones(archivo) == (
        "op.add_column('plantilla_mensaje', sa.Column('sin_acentos', sa.Boolean(), "
        "server_default=sa.text('true'), nullable=False))"
    )


def test_autogenerar_se_niega_a_borrar_lo_que_los_modelos_no_declaran(bd_vacia, tmp_path):
    with psycopg.connect(_dsn(bd_vacia), autocommit=True) as c:
        c.execute("ALTER TABLE ciudadano ADD COLUMN apodo text")
        c.execute("CREATE INDEX ciudadano_apodo_idx ON ciudadano (apodo)")
        c.execute("CREATE TABLE hoja_de_calculo (id int PRIMARY KEY, celda text)")
        c.execute("ALTER TABLE solicitud ALTER COLUMN version TYPE bigint")
    antes = _versiones()
    with pytest.raises(PropuestaDestructiva) as e:
        _autogenerar(bd_vacia, tmp_path)
    mensaje = str(e.value)
    assert "No se escribió ninguna migración" in mensaje
    for que in (
        "columna ciudadano.apodo",
        "índice ciudadano_apodo_idx de ciudadano",
        "tabla hoja_de_calculo",
        "tipo de la columna solicitud.version",
    ):
        assert que in mensaje
    assert _versiones() == antes
    assert list(tmp_path.iterdir()) == []
