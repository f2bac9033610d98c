"""Alembic environment. The migrations ship inside the package; see ``bd/esquema.py``."""

from alembic import context
from sqlalchemy import create_engine

from sipros_desktop.modelos import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    conexion = config.attributes.get("connection")
    if conexion is not None:
        context.configure(connection=conexion, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    motor = create_engine(config.get_main_option("sqlalchemy.url"))
    with motor.connect() as conexion:
        context.configure(connection=conexion, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Las migraciones de SIPROS se ejecutan siempre contra un servidor.")
run_migrations_online()
