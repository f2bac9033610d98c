"""Modelo de seguridad: perfiles como roles de PostgreSQL, RLS por área, bitácora, usuarios.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0003_seguridad.sql")


def downgrade() -> None:
    raise NotImplementedError("El modelo de seguridad no se puede revertir; restaure un respaldo.")
