"""Consulta ciudadana y mensajes SMS (bandeja transaccional, plantillas, despachador).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0013_sms.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
