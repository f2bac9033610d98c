"""dependencia → área → programa → tipo de apoyo; convocatoria; funcionario."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, LargeBinary, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Dependencia(Base):
    __tablename__ = "dependencia"
    id: Mapped[int] = mapped_column(primary_key=True)
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    activa: Mapped[bool] = mapped_column(default=True)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # PNG or JPEG
    # its own privacy notice for its programmes' papers (None: the state's general one)
    aviso_privacidad: Mapped[str | None] = mapped_column(deferred=True)


class Area(Base):
    __tablename__ = "area"
    id: Mapped[int] = mapped_column(primary_key=True)
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    tipo: Mapped[str] = mapped_column(default="Unidad responsable")
    dependencia: Mapped[Dependencia] = relationship()


class Funcionario(Base):
    __tablename__ = "funcionario"
    id: Mapped[int] = mapped_column(primary_key=True)
    usuario: Mapped[str] = mapped_column(String(63), unique=True)
    nombre: Mapped[str]
    correo: Mapped[str | None]
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    alcance: Mapped[str] = mapped_column(default="area")
    activo: Mapped[bool] = mapped_column(default=True)
    creado: Mapped[datetime] = mapped_column(server_default="now()")


class Programa(Base):
    __tablename__ = "programa"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    descripcion: Mapped[str | None]
    reglas_operacion: Mapped[str | None]
    activo: Mapped[bool] = mapped_column(default=True)
    area: Mapped[Area] = relationship()


class TipoApoyo(Base):
    __tablename__ = "tipo_apoyo"
    id: Mapped[int] = mapped_column(primary_key=True)
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    clave: Mapped[str] = mapped_column(String(30), unique=True)
    nombre: Mapped[str]
    monto: Mapped[Decimal] = mapped_column(default=Decimal(0))
    modalidad: Mapped[str] = mapped_column(default="Económico")


class Convocatoria(Base):
    __tablename__ = "convocatoria"
    # (server defaults read when used, not RETURNING'd by every INSERT: see documentos_vigencia)
    __mapper_args__: ClassVar[dict[str, Any]] = {"eager_defaults": False}
    id: Mapped[int] = mapped_column(primary_key=True)
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    clave: Mapped[str] = mapped_column(String(30), unique=True)
    proceso: Mapped[int] = mapped_column(default=1)
    nombre: Mapped[str]
    fecha_apertura: Mapped[date]
    fecha_cierre: Mapped[date]
    cupo: Mapped[int | None]
    presupuesto: Mapped[Decimal | None]
    reglas: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    documentos_requeridos: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    # required type -> maximum age in months ({"Comprobante de domicilio": 3})
    # (a server default, not a Python one: an INSERT that does not name it also works on the
    # schemas before 0017 that tests of older migrations fill)
    documentos_vigencia: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb")
    )
    abierta: Mapped[bool] = mapped_column(default=True)
    formulario_id: Mapped[int | None] = mapped_column(ForeignKey("formulario.id"))
    programa: Mapped[Programa] = relationship()
