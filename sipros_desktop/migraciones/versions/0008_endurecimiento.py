"""Endurecimiento: quién y cuándo, reglas de la solicitud, límites de sesión y alcances.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0008_endurecimiento.sql")


def downgrade() -> None:
    raise NotImplementedError("El endurecimiento no se revierte; restaure un respaldo.")
