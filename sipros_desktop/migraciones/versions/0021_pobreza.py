"""El hogar y la medición multidimensional de la pobreza (CONEVAL): una versión del CUIS con
los integrantes del hogar, el catálogo de líneas de pobreza por mes y la medición de cada
hogar (carencias con su motivo, ingreso por persona y clasificación) que la base mantiene.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from sipros_desktop.bd import funciones
from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

CARPETA = Path(__file__).parent


def upgrade() -> None:
    ejecutar_archivo("0021_pobreza.sql")  # tables, scope, the lines published
    # the triggers below need the measure's functions now, not after the migrations: their
    # files (migraciones/funciones/pobreza/) are applied here and recorded, so «db upgrade»
    # applies them again only when one changes
    funciones.aplicar(
        op.get_bind().connection.driver_connection,
        [a.nombre for a in funciones.archivos() if a.nombre.startswith("pobreza/")],
    )
    ejecutar_archivo("0021_pobreza_disparadores.sql")
    # the base questionnaire's new version, with the household (the database numbers it)
    definicion = json.loads((CARPETA / "0021_formulario_cuis.json").read_text(encoding="utf-8"))
    op.get_bind().execute(
        sa.text(
            "INSERT INTO formulario (clave, version, nombre, definicion) "
            "VALUES (:clave, 1, :nombre, CAST(:definicion AS jsonb))"
        ),
        {
            "clave": definicion["clave"],
            "nombre": definicion["nombre"],
            "definicion": json.dumps({"secciones": definicion["secciones"]}),
        },
    )
    # what the questionnaires already captured can decide is measured by 0023, with the
    # functions that write the tables of 0023 too


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
