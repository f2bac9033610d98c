"""Entregas: eventos, comprobantes con código protegido y la entrega única.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0010_entregas.sql")


def downgrade() -> None:
    raise NotImplementedError("Las entregas no se revierten; restaure un respaldo.")
