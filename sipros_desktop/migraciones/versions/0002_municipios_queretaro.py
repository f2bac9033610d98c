"""Catálogo: los 18 municipios de Querétaro (INEGI, entidad 22).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from sipros_desktop.recursos import leer_csv

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    filas = leer_csv("municipios_qro.csv")
    op.get_bind().execute(
        sa.text(
            "INSERT INTO municipio (clave, entidad, nombre) VALUES (:clave, :entidad, :nombre) "
            "ON CONFLICT (clave) DO UPDATE SET nombre = EXCLUDED.nombre"
        ),
        filas,
    )


def downgrade() -> None:
    op.execute(
        "DELETE FROM municipio WHERE entidad = '22' AND id NOT IN "
        "(SELECT municipio_id FROM domicilio)"
    )
