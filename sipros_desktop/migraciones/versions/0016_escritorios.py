"""Los escritorios en uso real: entregas (aviso del comprobante al entregar, paquete para
decir qué pasó sin conexión, quién planea eventos), Consulta (reenvío de lo que se ve, avisos
pendientes al teléfono nuevo) y lo que necesiten las pantallas de funcionarios.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# one transaction, in this order; each file is one subject
ARCHIVOS = (
    "0016_entregas.sql",  # the delivery desk
    "0016_consulta.sql",  # the Consulta desk
    "0016_oficinas.sql",  # officials' and administrators' screens
    "0016_cuentas.sql",  # the last state-wide administrator stays
    "0016_avisos.sql",  # what citizens read in their SMS
)


def upgrade() -> None:
    for archivo in ARCHIVOS:
        ejecutar_archivo(archivo)


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
