"""Modelo base: geografía, organización, ciudadano, solicitud, padrón, comprobantes, bitácora.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0001_modelo_base.sql")


def downgrade() -> None:
    raise NotImplementedError("El modelo base no se puede revertir; restaure un respaldo.")
