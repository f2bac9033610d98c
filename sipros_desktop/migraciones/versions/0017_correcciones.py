"""Correcciones que corrigen: datos del ciudadano y de la solicitud corregidos con su historial,
la evidencia frente a quien dictamina, Consulta por folio, documentos que se reutilizan,
entregas sin evento (transferencia, tarjeta) y el territorio hasta la colonia.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# one transaction, in this order; each file is one subject
ARCHIVOS = (
    "0017_correcciones.sql",  # citizen's file and application corrected, with history
    "0017_consulta.sql",  # Consulta by folio, what each application carries
    "0017_documentos.sql",  # a citizen's documents reused, with their age
    "0017_entregas.sql",  # deliveries without an event (transfer, card)
    "0017_territorio.sql",  # benefits with locality and colonia
)


def upgrade() -> None:
    for archivo in ARCHIVOS:
        ejecutar_archivo(archivo)


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
