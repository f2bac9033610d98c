"""Reportes: fecha del primer dictamen de cada solicitud.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0012_reportes.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
