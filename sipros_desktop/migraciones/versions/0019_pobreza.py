"""El hogar y la medición multidimensional de la pobreza (CONEVAL): una versión del CUIS con
los integrantes del hogar, el catálogo de líneas de pobreza por mes y la medición de cada
hogar (carencias con su motivo, ingreso por persona y clasificación) que la base mantiene.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

CARPETA = Path(__file__).parent
FUNCIONES = CARPETA.parent / "funciones" / "pobreza"


def upgrade() -> None:
    ejecutar_archivo("0019_pobreza.sql")  # tables, scope, the lines published
    conexion = op.get_bind().connection.driver_connection
    for ruta in sorted(FUNCIONES.glob("*.sql")):  # the measure's functions (one file each)
        conexion.execute(ruta.read_text(encoding="utf-8"))
    ejecutar_archivo("0019_pobreza_disparadores.sql")
    # the base questionnaire's new version, with the household (the database numbers it)
    definicion = json.loads((CARPETA / "0019_formulario_cuis.json").read_text(encoding="utf-8"))
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
    # what the questionnaires already captured can decide
    op.get_bind().execute(
        sa.text(
            "SELECT sipros_pobreza_medir(x.ciudadano_id) "
            "FROM (SELECT DISTINCT ciudadano_id FROM cuestionario) x"
        )
    )


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
