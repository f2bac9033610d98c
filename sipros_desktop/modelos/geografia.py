"""Geography (INEGI / SEPOMEX): municipalities with their boundary, localities, settlements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CHAR,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Municipio(Base):
    __tablename__ = "municipio"
    __table_args__ = (
        CheckConstraint("clave ~ '^[0-9]{5}$'", name="municipio_clave_check"),
        CheckConstraint("entidad ~ '^[0-9]{2}$'", name="municipio_entidad_check"),
        CheckConstraint("btrim(nombre) <> ''", name="municipio_nombre_check"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    clave: Mapped[str] = mapped_column(String(5), unique=True)
    entidad: Mapped[str] = mapped_column(String(2))
    nombre: Mapped[str]


class MunicipioLimite(Base):
    __tablename__ = "municipio_limite"
    __table_args__ = (
        CheckConstraint(
            "(geometria ->> 'type') = ANY (ARRAY['Polygon', 'MultiPolygon'])",
            name="municipio_limite_geometria_check",
        ),
    )
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"), primary_key=True)
    geometria: Mapped[dict[str, Any]] = mapped_column(JSONB)
    geografica: Mapped[bool]
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Localidad(Base):
    __tablename__ = "localidad"
    __table_args__ = (
        CheckConstraint("ambito IN ('U', 'R')", name="localidad_ambito_check"),
        CheckConstraint("clave ~ '^[0-9]{9}$'", name="localidad_clave_check"),
        CheckConstraint("latitud BETWEEN -90 AND 90", name="localidad_latitud_check"),
        CheckConstraint("longitud BETWEEN -180 AND 180", name="localidad_longitud_check"),
        CheckConstraint("btrim(nombre) <> ''", name="localidad_nombre_check"),
        UniqueConstraint("id", "municipio_id", name="localidad_id_municipio_key"),
        Index("localidad_municipio_idx", "municipio_id", "nombre"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    clave: Mapped[str] = mapped_column(String(9), unique=True)
    nombre: Mapped[str]
    ambito: Mapped[str | None] = mapped_column(CHAR(1))
    latitud: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitud: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))


class Colonia(Base):
    __tablename__ = "colonia"
    __table_args__ = (
        CheckConstraint("codigo_postal ~ '^[0-9]{5}$'", name="colonia_codigo_postal_check"),
        CheckConstraint("btrim(nombre) <> ''", name="colonia_nombre_check"),
        Index("colonia_cp_idx", "codigo_postal"),
        Index("colonia_municipio_idx", "municipio_id", "nombre"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    tipo_asentamiento: Mapped[str | None]
    codigo_postal: Mapped[str] = mapped_column(String(5))
