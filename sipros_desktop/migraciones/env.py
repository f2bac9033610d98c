"""Alembic environment. The migrations ship inside the package; see ``bd/esquema.py``.

``target_metadata`` is the models' metadata, which declares the same tables as the migrations
(a test compares them); ``comparar.OPCIONES`` makes autogenerate compare types and server
defaults too and refuse any proposal that drops or retypes something."""

from alembic import context
from sqlalchemy import create_engine

from sipros_desktop.migraciones.comparar import OPCIONES
from sipros_desktop.modelos import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    conexion = config.attributes.get("connection")
    if conexion is not None:
        context.configure(connection=conexion, target_metadata=target_metadata, **OPCIONES)
        with context.begin_transaction():
            context.run_migrations()
        return
    motor = create_engine(config.get_main_option("sqlalchemy.url"))
    with motor.connect() as conexion:
        context.configure(connection=conexion, target_metadata=target_metadata, **OPCIONES)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Las migraciones de SIPROS se ejecutan siempre contra un servidor.")
run_migrations_online()
