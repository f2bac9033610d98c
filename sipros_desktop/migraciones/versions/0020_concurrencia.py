"""Cientos de personas a la vez: autovacuum a la medida de las tablas que crecen por lotes
(una carga, una oficina llena o la demostración dejan el mapa de visibilidad al día y las
estadísticas frescas sin esperar a que lo insertado llegue al 20 % de la tabla) y los conteos
de Inicio sacados de un índice.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# one transaction, in this order; each file is one subject
ARCHIVOS = (
    "0020_autovacuum.sql",  # per-table autovacuum of the insert-heavy tables
    "0020_indices.sql",  # the counts of Inicio from an index
)


def upgrade() -> None:
    for archivo in ARCHIVOS:
        ejecutar_archivo(archivo)


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
