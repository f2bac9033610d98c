"""Ventanilla: capturas idempotentes, folio por la base, aviso de privacidad, formularios,
duplicados, Registro Civil y documentos verificados por contenido.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from sipros_desktop.migraciones.sql import ejecutar_archivo

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ejecutar_archivo("0004_ventanilla.sql")
    carpeta = Path(__file__).parent
    for nombre in ("0004_formulario_cuis.json", "0004_formulario_aptec.json"):
        definicion = json.loads((carpeta / nombre).read_text(encoding="utf-8"))
        op.get_bind().execute(
            sa.text(
                "INSERT INTO formulario (clave, version, nombre, definicion) "
                "VALUES (:clave, 1, :nombre, CAST(:definicion AS jsonb))"
            ),
            {
                "clave": definicion["clave"],
                "nombre": definicion["nombre"],
                "definicion": json.dumps({"secciones": definicion["secciones"]}),
            },
        )


def downgrade() -> None:
    raise NotImplementedError("La ventanilla no se puede revertir; restaure un respaldo.")
