"""Fecha de operación: las reglas de «hoy» leen sipros_hoy() (la fecha del servidor).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0006_fecha_de_operacion.sql")


def downgrade() -> None:
    raise NotImplementedError("La fecha de operación no se puede revertir; restaure un respaldo.")
