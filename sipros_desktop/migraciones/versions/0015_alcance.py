"""Alcance en todo: catálogo, funciones, fusiones, SMS, comprobantes, primer ingreso, Consulta y
formularios revisados por fila contra el alcance de quien llama.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# one transaction, in this order; each file is one subject
ARCHIVOS = (
    "0015_alcance.sql",  # scope of administrators, catalogue RLS, first login, merges, SMS
    "0015_comprobantes.sql",  # vouchers: errors in scope, separation of duties, sync conflicts
    "0015_consulta.sql",  # Consulta: rate limit, change of phone with notice and identification
    "0015_formularios.sql",  # forms: the database's size and depth limits
)


def upgrade() -> None:
    for archivo in ARCHIVOS:
        ejecutar_archivo(archivo)


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
