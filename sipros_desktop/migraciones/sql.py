"""Run a SQL file that sits in versions/, as one batch, inside Alembic's transaction."""

from pathlib import Path

from alembic import op


def ejecutar_archivo(nombre: str) -> None:
    sql = (Path(__file__).parent / "versions" / nombre).read_text(encoding="utf-8")
    # psycopg runs a parameterless multi-statement string with the simple-query protocol.
    op.get_bind().connection.driver_connection.execute(sql)
