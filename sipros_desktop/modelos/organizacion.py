"""dependencia → área → programa → tipo de apoyo; convocatoria; funcionario."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Dependencia(Base):
    __tablename__ = "dependencia"
    __table_args__ = (
        CheckConstraint(
            (
                "(aviso_privacidad IS NULL) OR ((length(aviso_privacidad) >= 80) AND "
                "(length(aviso_privacidad) <= 4000))"
            ),
            name="dependencia_aviso_privacidad_check",
        ),
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="dependencia_clave_check"),
        CheckConstraint(
            (
                "(logo IS NULL) OR ((octet_length(logo) <= 524288) AND ((SUBSTRING(logo FROM "
                "1 FOR 8) = '\\x89504e470d0a1a0a'::bytea) OR (SUBSTRING(logo FROM 1 FOR 3) = "
                "'\\xffd8ff'::bytea)))"
            ),
            name="dependencia_logo_imagen",
        ),
        CheckConstraint("btrim(nombre) <> ''", name="dependencia_nombre_check"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    activa: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    logo: Mapped[bytes | None] = mapped_column(deferred=True)  # PNG or JPEG
    # its own privacy notice for its programmes' papers (None: the state's general one)
    aviso_privacidad: Mapped[str | None] = mapped_column(deferred=True)


class Area(Base):
    __tablename__ = "area"
    __table_args__ = (
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="area_clave_check"),
        CheckConstraint("btrim(nombre) <> ''", name="area_nombre_check"),
        CheckConstraint(
            "tipo IN ('Subsecretaría', 'Dirección', 'Unidad responsable')", name="area_tipo_check"
        ),
        UniqueConstraint("id", "dependencia_id", name="area_id_dependencia_key"),
        Index("area_dependencia_idx", "dependencia_id"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    tipo: Mapped[str] = mapped_column(
        default="Unidad responsable", server_default="Unidad responsable"
    )
    dependencia: Mapped[Dependencia] = relationship()


class Funcionario(Base):
    __tablename__ = "funcionario"
    __table_args__ = (
        CheckConstraint(
            "alcance IN ('area', 'dependencia', 'estatal')", name="funcionario_alcance_check"
        ),
        CheckConstraint("(alcance <> 'area') OR (area_id IS NOT NULL)", name="funcionario_check"),
        CheckConstraint(
            "correo ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'", name="funcionario_correo_check"
        ),
        CheckConstraint(
            "(correo IS NULL) OR ((length(correo) <= 254) AND (correo !~ '[[:cntrl:]]'))",
            name="funcionario_correo_valido",
            postgresql_not_valid=True,
        ),
        CheckConstraint(
            "(alcance = 'estatal') OR (dependencia_id IS NOT NULL)",
            name="funcionario_dependencia_requerida",
        ),
        CheckConstraint("btrim(nombre) <> ''", name="funcionario_nombre_check"),
        CheckConstraint(
            "(length(nombre) <= 120) AND (nombre !~ '[[:cntrl:]]')",
            name="funcionario_nombre_valido",
            postgresql_not_valid=True,
        ),
        CheckConstraint(
            "(perfiles_pendientes IS NULL) OR cambiar_password", name="funcionario_pendientes"
        ),
        CheckConstraint("usuario ~ '^[a-z][a-z0-9_]{2,62}$'", name="funcionario_usuario_check"),
        ForeignKeyConstraint(
            ["area_id", "dependencia_id"],
            ["area.id", "area.dependencia_id"],
            name="funcionario_area_de_su_dependencia",
        ),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    usuario: Mapped[str] = mapped_column(String(63), unique=True)
    nombre: Mapped[str]
    correo: Mapped[str | None]
    dependencia_id: Mapped[int | None] = mapped_column(ForeignKey("dependencia.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    alcance: Mapped[str] = mapped_column(default="area", server_default="area")
    activo: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    cambiar_password: Mapped[bool] = mapped_column(server_default=text("false"))
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    perfiles_pendientes: Mapped[list[str] | None] = mapped_column(ARRAY(Text))


class Programa(Base):
    __tablename__ = "programa"
    __table_args__ = (
        CheckConstraint("clave ~ '^[A-Z0-9]+$'", name="programa_clave_check"),
        CheckConstraint("btrim(nombre) <> ''", name="programa_nombre_check"),
        Index("programa_area_idx", "area_id"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    clave: Mapped[str] = mapped_column(String(20), unique=True)
    nombre: Mapped[str]
    descripcion: Mapped[str | None]
    reglas_operacion: Mapped[str | None]
    activo: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    area: Mapped[Area] = relationship()


class TipoApoyo(Base):
    __tablename__ = "tipo_apoyo"
    __table_args__ = (
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="tipo_apoyo_clave_check"),
        CheckConstraint(
            "modalidad IN ('Económico', 'En especie')", name="tipo_apoyo_modalidad_check"
        ),
        CheckConstraint("monto >= 0", name="tipo_apoyo_monto_check"),
        CheckConstraint("btrim(nombre) <> ''", name="tipo_apoyo_nombre_check"),
        UniqueConstraint("programa_id", "nombre", name="tipo_apoyo_programa_id_nombre_key"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    clave: Mapped[str] = mapped_column(String(30), unique=True)
    nombre: Mapped[str]
    monto: Mapped[Decimal] = mapped_column(
        Numeric(14, 2), default=Decimal(0), server_default=text("0")
    )
    modalidad: Mapped[str] = mapped_column(default="Económico", server_default="Económico")


class Convocatoria(Base):
    __tablename__ = "convocatoria"
    # (server defaults read when used, not RETURNING'd by every INSERT: see documentos_vigencia)
    __mapper_args__: ClassVar[dict[str, Any]] = {"eager_defaults": False}
    __table_args__ = (
        CheckConstraint("fecha_cierre >= fecha_apertura", name="convocatoria_check"),
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="convocatoria_clave_check"),
        CheckConstraint("cupo >= 0", name="convocatoria_cupo_check"),
        CheckConstraint(
            "sipros_vigencias_validas(documentos_vigencia, documentos_requeridos)",
            name="convocatoria_documentos_vigencia_valida",
        ),
        CheckConstraint("btrim(nombre) <> ''", name="convocatoria_nombre_check"),
        CheckConstraint("presupuesto >= 0", name="convocatoria_presupuesto_check"),
        CheckConstraint("proceso >= 1", name="convocatoria_proceso_check"),
        UniqueConstraint("programa_id", "proceso", name="convocatoria_programa_id_proceso_key"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    clave: Mapped[str] = mapped_column(String(30), unique=True)
    proceso: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    nombre: Mapped[str]
    fecha_apertura: Mapped[date]
    fecha_cierre: Mapped[date]
    cupo: Mapped[int | None]
    presupuesto: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    reglas: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
    documentos_requeridos: Mapped[list[Any]] = mapped_column(
        default=list, server_default=text("'[]'")
    )
    abierta: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    formulario_id: Mapped[int | None] = mapped_column(ForeignKey("formulario.id"))
    # required type -> maximum age in months ({"Comprobante de domicilio": 3})
    # (a server default, not a Python one: an INSERT that does not name it also works on the
    # schemas before 0017 that tests of older migrations fill)
    documentos_vigencia: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'"))
    programa: Mapped[Programa] = relationship()
