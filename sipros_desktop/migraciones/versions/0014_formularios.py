"""Diseñador de formularios: borradores, versiones revisadas y numeradas por la base.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0014_formularios.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
