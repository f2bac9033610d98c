"""Brigadas de campo: el paquete que una brigada descarga antes de salir (quién, cuándo, de qué
municipios y convocatorias, hasta cuándo vale) y la procedencia de cada captura sin conexión
que se sincronizó (su clave, su folio provisional, el expediente o la solicitud que abrió).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from alembic import op

from sipros_desktop.bd import funciones
from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0022_brigadas.sql")
    # the triggers need their functions now (migraciones/funciones/brigadas/), recorded so
    # «db upgrade» applies them again only when one changes
    funciones.aplicar(
        op.get_bind().connection.driver_connection,
        [a.nombre for a in funciones.archivos() if a.nombre.startswith("brigadas/")],
    )
    ejecutar_archivo("0022_brigadas_disparadores.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
