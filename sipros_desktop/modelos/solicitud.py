"""Solicitud, its history (every state change) and the transitions allowed, its documents,
and the forms and questionnaires."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    FetchedValue,
    ForeignKey,
    Identity,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Solicitud(Base):
    __tablename__ = "solicitud"
    __table_args__ = (
        CheckConstraint(
            "estado IN ('En proceso', 'Corrección', 'Aprobada', 'Rechazada', 'Baja', 'Entregado')",
            name="solicitud_estado_check",
        ),
        CheckConstraint(
            "folio ~ '^[0-3][0-9]/[01][0-9]/[0-9]{4}-[A-Z0-9]+-[0-9]{5,}$'",
            name="solicitud_folio_formato",
        ),
        Index("solicitud_ciudadano_idx", "ciudadano_id"),
        Index(
            "solicitud_conv_fecha_idx",
            "convocatoria_id",
            text("fecha_solicitud DESC"),
            text("id DESC"),
        ),
        Index("solicitud_convocatoria_idx", "convocatoria_id", "estado", "fecha_solicitud", "id"),
        Index(
            "solicitud_estado_convocatoria_idx",
            "estado",
            "convocatoria_id",
            postgresql_include=["fecha_solicitud", "actualizado"],
        ),
        Index("solicitud_estado_fecha_idx", "estado", "fecha_solicitud", "id"),
        Index("solicitud_fecha_idx", "fecha_solicitud", "id"),
        Index("solicitud_municipio_idx", "municipio_id", "convocatoria_id", "estado"),
        Index(
            "solicitud_viva_unica",
            "ciudadano_id",
            "convocatoria_id",
            unique=True,
            postgresql_where=text("estado <> ALL (ARRAY['Rechazada', 'Baja'])"),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    folio: Mapped[str] = mapped_column(String(40, collation="C"), unique=True)
    ciudadano_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("ciudadano.id"))
    convocatoria_id: Mapped[int] = mapped_column(ForeignKey("convocatoria.id"))
    tipo_apoyo_id: Mapped[int] = mapped_column(ForeignKey("tipo_apoyo.id"))
    fecha_solicitud: Mapped[date] = mapped_column(server_default=text("sipros_hoy()"))
    estado: Mapped[str] = mapped_column(server_default="En proceso")
    respuestas: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(server_default=text("1"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    formulario_id: Mapped[int | None] = mapped_column(ForeignKey("formulario.id"))
    clave_captura: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    # the citizen's municipality at filing, set by the database
    municipio_id: Mapped[int | None] = mapped_column(ForeignKey("municipio.id"))
    dictaminada: Mapped[datetime | None]  # its first decision, set by the database (0012)


class SolicitudHistorial(Base):
    __tablename__ = "solicitud_historial"
    __table_args__ = (
        CheckConstraint(
            "estado IN ('En proceso', 'Corrección', 'Aprobada', 'Rechazada', 'Baja', 'Entregado')",
            name="solicitud_historial_estado_check",
        ),
        Index("solicitud_historial_solicitud_idx", "solicitud_id", "fecha", "id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    solicitud_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("solicitud.id", ondelete="CASCADE")
    )
    estado: Mapped[str]
    fecha: Mapped[datetime] = mapped_column(server_default=text("now()"))
    comentario: Mapped[str | None]
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class SolicitudTransicion(Base):
    """Which profile may move an application from one state to another (the database's rule)."""

    __tablename__ = "solicitud_transicion"
    __table_args__ = (
        CheckConstraint(
            "perfil IN ('funcionario', 'ventanilla', 'entrega')",
            name="solicitud_transicion_perfil_check",
        ),
    )
    desde: Mapped[str] = mapped_column(primary_key=True)
    hacia: Mapped[str] = mapped_column(primary_key=True)
    perfil: Mapped[str] = mapped_column(primary_key=True)
    comentario_requerido: Mapped[bool] = mapped_column(server_default=text("false"))
    descripcion: Mapped[str]


class Archivo(Base):
    __tablename__ = "archivo"
    __table_args__ = (
        CheckConstraint(
            (
                "((mime = 'application/pdf') AND (SUBSTRING(contenido FROM 1 FOR 5) = "
                "'\\x255044462d'::bytea)) OR ((mime = 'image/jpeg') AND (SUBSTRING(contenido "
                "FROM 1 FOR 3) = '\\xffd8ff'::bytea)) OR ((mime = 'image/png') AND "
                "(SUBSTRING(contenido FROM 1 FOR 8) = '\\x89504e470d0a1a0a'::bytea))"
            ),
            name="archivo_contenido_tipo",
        ),
        CheckConstraint("sha256 = encode(sha256(contenido), 'hex')", name="archivo_hash_real"),
        CheckConstraint(
            "mime IN ('application/pdf', 'image/jpeg', 'image/png')", name="archivo_mime_check"
        ),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="archivo_sha256_check"),
        CheckConstraint("tamano > 0", name="archivo_tamano_check"),
        CheckConstraint("tamano = octet_length(contenido)", name="archivo_tamano_real"),
    )
    sha256: Mapped[str] = mapped_column(CHAR(64), primary_key=True)
    mime: Mapped[str]
    tamano: Mapped[int]
    contenido: Mapped[bytes] = mapped_column(deferred=True)
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Documento(Base):
    __tablename__ = "documento"
    __table_args__ = (
        CheckConstraint(
            "fecha_escaneo IS NOT NULL",
            name="documento_fecha_escaneo_puesta",
            postgresql_not_valid=True,
        ),
        CheckConstraint("btrim(tipo) <> ''", name="documento_tipo_check"),
        Index("documento_ciudadano_idx", "ciudadano_id"),
        Index("documento_sha256_idx", "sha256"),
        Index("documento_solicitud_idx", "solicitud_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("ciudadano.id"))
    solicitud_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("solicitud.id"))
    tipo: Mapped[str]
    nombre_archivo: Mapped[str]
    sha256: Mapped[str] = mapped_column(CHAR(64), ForeignKey("archivo.sha256"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    # when its content was first scanned for this citizen (set by the database, kept on reuse;
    # None for a document stored before migration 0017: sipros_documento_fecha gives its day)
    fecha_escaneo: Mapped[date | None] = mapped_column(server_default=FetchedValue())


class Formulario(Base):
    """A form definition (sections, questions, conditions); a published version never changes."""

    __tablename__ = "formulario"
    __table_args__ = (
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="formulario_clave_check"),
        CheckConstraint(
            "jsonb_typeof(definicion -> 'secciones') = 'array'",
            name="formulario_definicion_check",
        ),
        CheckConstraint("btrim(nombre) <> ''", name="formulario_nombre_check"),
        CheckConstraint("version >= 1", name="formulario_version_check"),
        UniqueConstraint("clave", "version", name="formulario_clave_version_key"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    clave: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    nombre: Mapped[str]
    definicion: Mapped[dict[str, Any]] = mapped_column(JSONB)
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    publicado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class FormularioBorrador(Base):
    """A form being designed, not yet published (one per key)."""

    __tablename__ = "formulario_borrador"
    __table_args__ = (
        CheckConstraint("clave ~ '^[A-Z0-9_-]+$'", name="formulario_borrador_clave_check"),
        CheckConstraint(
            "jsonb_typeof(definicion -> 'secciones') = 'array'",
            name="formulario_borrador_definicion_check",
        ),
        CheckConstraint(
            "(btrim(nombre) <> '') AND (length(nombre) <= 200)",
            name="formulario_borrador_nombre_check",
        ),
    )
    id: Mapped[int] = mapped_column(Identity(always=True), primary_key=True)
    clave: Mapped[str] = mapped_column(String(30), unique=True)
    nombre: Mapped[str]
    definicion: Mapped[dict[str, Any]] = mapped_column(JSONB)
    basado_en: Mapped[int | None] = mapped_column(ForeignKey("formulario.id"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    creado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    actualizado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class Cuestionario(Base):
    """A socio-economic questionnaire captured for a citizen (answers with their form version)."""

    __tablename__ = "cuestionario"
    __table_args__ = (
        CheckConstraint(
            "jsonb_typeof(respuestas) = 'object'", name="cuestionario_respuestas_check"
        ),
        Index("cuestionario_ciudadano_idx", "ciudadano_id", "creado"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    formulario_id: Mapped[int] = mapped_column(ForeignKey("formulario.id"))
    respuestas: Mapped[dict[str, Any]] = mapped_column(JSONB)
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    # the business date of the capture (the household's ages are read against it)
    fecha: Mapped[date | None] = mapped_column(server_default=text("sipros_hoy()"))
