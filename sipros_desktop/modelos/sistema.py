"""Settings of the whole installation (``ajuste``: one JSON value per key, each checked by
the database), and the function files the database has applied (``funcion_archivo``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Identity,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Ajuste(Base):
    __tablename__ = "ajuste"
    __table_args__ = (
        CheckConstraint(
            "clave <> 'bloqueo_minutos' OR (jsonb_typeof(valor) = 'number'"
            " AND (valor #>> '{}')::numeric BETWEEN 0 AND 480)",
            name="ajuste_bloqueo_valido",
        ),
        CheckConstraint(
            "clave <> 'consulta_limite' OR (jsonb_typeof(valor) = 'number'"
            " AND (valor #>> '{}')::numeric BETWEEN 1 AND 100000"
            " AND (valor #>> '{}')::numeric = trunc((valor #>> '{}')::numeric))",
            name="ajuste_consulta_limite_valido",
        ),
        CheckConstraint(
            "clave <> 'consulta_minutos' OR (jsonb_typeof(valor) = 'number'"
            " AND (valor #>> '{}')::numeric BETWEEN 1 AND 1440"
            " AND (valor #>> '{}')::numeric = trunc((valor #>> '{}')::numeric))",
            name="ajuste_consulta_minutos_valido",
        ),
        CheckConstraint(
            "clave <> 'documento_max_mb' OR (jsonb_typeof(valor) = 'number'"
            " AND (valor #>> '{}')::numeric BETWEEN 1 AND 50)",
            name="ajuste_documento_valido",
        ),
        CheckConstraint(
            "clave <> 'password_minimo' OR (jsonb_typeof(valor) = 'number'"
            " AND (valor #>> '{}')::numeric BETWEEN 8 AND 64)",
            name="ajuste_password_valido",
        ),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    clave: Mapped[str] = mapped_column(unique=True)
    valor: Mapped[dict[str, Any]] = mapped_column(JSONB)
    descripcion: Mapped[str]
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class FuncionArchivo(Base):
    """A function file applied (``bd/funciones.py``): its path under ``migraciones/funciones``
    and its SHA-256. Only the owner writes it; every session reads it."""

    __tablename__ = "funcion_archivo"
    __table_args__ = (
        CheckConstraint(
            r"archivo ~ '^([a-z0-9_]+/)*[a-z0-9_]+\.sql$'", name="funcion_archivo_archivo_check"
        ),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="funcion_archivo_sha256_check"),
        {"comment": "Archivos de funciones aplicados: su ruta bajo migraciones/funciones y su "
         "SHA-256."},
    )  # fmt: skip
    archivo: Mapped[str] = mapped_column(primary_key=True)
    sha256: Mapped[str]
    aplicado: Mapped[datetime] = mapped_column(server_default=text("now()"))
