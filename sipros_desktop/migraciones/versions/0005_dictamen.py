"""Dictamen: la máquina de estados de la solicitud en la base, cupo y presupuesto, versión.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0005_dictamen.sql")


def downgrade() -> None:
    raise NotImplementedError("El dictamen no se puede revertir; restaure un respaldo.")
