"""Declarative base. The migrations create the schema (tables, constraints and indexes, plus
what only SQL says: triggers, row-level security, grants; functions are in
``migraciones/funciones``); these classes declare
the same tables column by column, with their constraints and indexes, and a test
(tests/servicios/test_modelos_esquema.py) fails on any difference between the two. So a
new column goes in a migration and in its class, in the same change."""

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import DateTime, LargeBinary, Numeric, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # the column types the migrations use when a class does not name one: text (never an
    # unbounded varchar), timestamptz, numeric, bytea and jsonb
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: Text(),
        datetime: DateTime(timezone=True),
        Decimal: Numeric(),
        bytes: LargeBinary(),
        dict[str, Any]: JSONB(),
        list[Any]: JSONB(),
    }


ESTADOS_SOLICITUD = ("En proceso", "Corrección", "Aprobada", "Rechazada", "Baja", "Entregado")
