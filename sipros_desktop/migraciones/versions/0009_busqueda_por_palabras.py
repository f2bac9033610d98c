"""Búsqueda por palabras: cada palabra del nombre con su orden alfabético (tabla derivada).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0009_busqueda_por_palabras.sql")


def downgrade() -> None:
    raise NotImplementedError("La búsqueda por palabras no se revierte; restaure un respaldo.")
