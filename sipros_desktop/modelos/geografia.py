from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Municipio(Base):
    __tablename__ = "municipio"
    id: Mapped[int] = mapped_column(primary_key=True)
    clave: Mapped[str] = mapped_column(String(5), unique=True)
    entidad: Mapped[str] = mapped_column(String(2))
    nombre: Mapped[str]


class Localidad(Base):
    __tablename__ = "localidad"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    clave: Mapped[str] = mapped_column(String(9), unique=True)
    nombre: Mapped[str]
    ambito: Mapped[str | None] = mapped_column(String(1))
    latitud: Mapped[Decimal | None]
    longitud: Mapped[Decimal | None]


class Colonia(Base):
    __tablename__ = "colonia"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    tipo_asentamiento: Mapped[str | None]
    codigo_postal: Mapped[str] = mapped_column(String(5))
