"""Privacidad: ningún perfil lee el padrón completo; ventanilla por CURP exacta, registrada.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0007_privacidad.sql")


def downgrade() -> None:
    raise NotImplementedError(
        "Los permisos sobre datos personales no se revierten; restaure un respaldo."
    )
