"""El alcance de cada ciudadano por programa (ciudadano_alcance: los programas de sus
solicitudes y beneficios, que llevan los disparadores), para contar de una pasada a los
ciudadanos que ve un funcionario de área; y la medición de todo el estado recalculada por
tandas (sipros_pobreza_recalcular(después, cuántos)): la función de una sola llamada, que con un
millón de hogares pasaba del límite de 120 s de las cuentas del personal, se quita.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

from alembic import op

from sipros_desktop.bd import funciones
from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0024_ciudadano_alcance.sql")
    # filled by its own function (applied here and recorded), then kept by the triggers
    funciones.aplicar(
        op.get_bind().connection.driver_connection,
        [a.nombre for a in funciones.archivos()
         if a.nombre.startswith("alcance/sipros_ciudadano_alcance_")],
    )  # fmt: skip
    op.execute("SELECT sipros_ciudadano_alcance_rehacer(NULL)")
    ejecutar_archivo("0024_ciudadano_alcance_disparadores.sql")


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
