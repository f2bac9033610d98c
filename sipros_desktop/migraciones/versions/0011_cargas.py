"""Cargas: padrones de otras dependencias, Padrón Estatal y revisión de duplicados con fusión.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0011_cargas.sql")


def downgrade() -> None:
    raise NotImplementedError("Las cargas no se revierten con la migración; restaure un respaldo.")
