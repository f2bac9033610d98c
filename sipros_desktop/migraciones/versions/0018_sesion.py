"""Una sesión explícita y el ciclo de vida de los módulos: los conflictos de las entregas sin
conexión se revisan, con su nota en la bitácora.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# one transaction, in this order; each file is one subject
ARCHIVOS = ("0018_conflictos.sql",)  # offline delivery conflicts reviewed, in the log


def upgrade() -> None:
    for archivo in ARCHIVOS:
        ejecutar_archivo(archivo)


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
