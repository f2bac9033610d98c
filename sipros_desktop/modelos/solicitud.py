"""Solicitud, its history (every state change), and its documents."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import FetchedValue, ForeignKey, LargeBinary, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Solicitud(Base):
    __tablename__ = "solicitud"
    id: Mapped[int] = mapped_column(primary_key=True)
    folio: Mapped[str] = mapped_column(String(40, collation="C"), unique=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    convocatoria_id: Mapped[int] = mapped_column(ForeignKey("convocatoria.id"))
    tipo_apoyo_id: Mapped[int] = mapped_column(ForeignKey("tipo_apoyo.id"))
    # the citizen's municipality at filing, set by the database
    municipio_id: Mapped[int | None] = mapped_column(ForeignKey("municipio.id"))
    fecha_solicitud: Mapped[date] = mapped_column(server_default=text("sipros_hoy()"))
    estado: Mapped[str] = mapped_column(server_default="En proceso")
    respuestas: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    formulario_id: Mapped[int | None] = mapped_column(ForeignKey("formulario.id"))
    clave_captura: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    version: Mapped[int] = mapped_column(server_default="1")
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    actualizado: Mapped[datetime] = mapped_column(server_default="now()")


class SolicitudHistorial(Base):
    __tablename__ = "solicitud_historial"
    id: Mapped[int] = mapped_column(primary_key=True)
    solicitud_id: Mapped[int] = mapped_column(ForeignKey("solicitud.id"))
    estado: Mapped[str]
    fecha: Mapped[datetime] = mapped_column(server_default="now()")
    comentario: Mapped[str | None]
    usuario: Mapped[str] = mapped_column(server_default="current_user")


class Archivo(Base):
    __tablename__ = "archivo"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str]
    tamano: Mapped[int]
    contenido: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    creado: Mapped[datetime] = mapped_column(server_default="now()")


class Documento(Base):
    __tablename__ = "documento"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    solicitud_id: Mapped[int | None] = mapped_column(ForeignKey("solicitud.id"))
    tipo: Mapped[str]
    nombre_archivo: Mapped[str]
    sha256: Mapped[str] = mapped_column(ForeignKey("archivo.sha256"))
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    usuario: Mapped[str] = mapped_column(server_default="current_user")
    # when its content was first scanned for this citizen (set by the database, kept on reuse;
    # None for a document stored before migration 0017: sipros_documento_fecha gives its day)
    fecha_escaneo: Mapped[date | None] = mapped_column(server_default=FetchedValue())


class Formulario(Base):
    """A form definition (sections, questions, conditions); a published version never changes."""

    __tablename__ = "formulario"
    id: Mapped[int] = mapped_column(primary_key=True)
    clave: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(default=1)
    nombre: Mapped[str]
    definicion: Mapped[dict[str, Any]] = mapped_column(JSONB)
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    publicado_por: Mapped[str] = mapped_column(server_default="session_user")


class Cuestionario(Base):
    """A socio-economic questionnaire captured for a citizen (answers with their form version)."""

    __tablename__ = "cuestionario"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    formulario_id: Mapped[int] = mapped_column(ForeignKey("formulario.id"))
    respuestas: Mapped[dict[str, Any]] = mapped_column(JSONB)
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    usuario: Mapped[str] = mapped_column(server_default="session_user")
