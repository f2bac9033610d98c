"""Las funciones de la base, cada una en su archivo (migraciones/funciones/<tema>/<función>.sql):
desde aquí las migraciones tienen solo tablas y datos.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the table of the files applied; bd/esquema.py applies them after the migrations
    ejecutar_archivo("0019_funciones.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
