"""La medición de pobreza con un millón de hogares: los motivos de cada carencia de cada
integrante (el JSON «hogar») pasan a su propia tabla, pobreza_hogar, y pobreza_medicion queda
angosta y con media página libre; las nuevas líneas de pobreza clasifican una sola vez por
sentencia (un disparador por evento), y dos índices de solo lectura sirven las cifras por
municipio y el Padrón por pobreza.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from sipros_desktop.bd import funciones
from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0023_pobreza_rapida.sql")
    # the measure's functions write both tables from now on: applied here (and recorded) so
    # that the households the questionnaires already captured are measured with them — every
    # one, when the database comes from 0020 (0021 created the tables and left them empty)
    funciones.aplicar(
        op.get_bind().connection.driver_connection,
        [a.nombre for a in funciones.archivos() if a.nombre.startswith("pobreza/")],
    )
    op.get_bind().execute(
        sa.text(
            "SELECT sipros_pobreza_medir_de(NULL) WHERE NOT EXISTS (SELECT 1 FROM pobreza_medicion)"
        )
    )


def downgrade() -> None:
    raise NotImplementedError("Restaure un respaldo.")
