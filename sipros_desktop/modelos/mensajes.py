"""SMS outbox (transactional: written in the same transaction as its event) and templates."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Mensaje(Base):
    __tablename__ = "mensaje"
    __table_args__ = (
        CheckConstraint("(estado = 'Enviado') = (enviado IS NOT NULL)", name="mensaje_check"),
        CheckConstraint(
            "(estado <> 'Cancelado') OR (cancelado_por IS NOT NULL)", name="mensaje_check1"
        ),
        CheckConstraint(
            "estado IN ('Pendiente', 'Enviando', 'Enviado', 'Fallido', 'Incierto', 'Cancelado')",
            name="mensaje_estado_check",
        ),
        CheckConstraint(
            (
                "evento IN ('solicitud_registrada', 'correccion', 'aprobada', 'comprobante', "
                "'entregada', 'manual', 'reenvio', 'prueba', 'cambio_telefono')"
            ),
            name="mensaje_evento_check",
        ),
        CheckConstraint("intentos >= 0", name="mensaje_intentos_check"),
        CheckConstraint("length(respuesta) <= 500", name="mensaje_respuesta_check"),
        CheckConstraint("telefono ~ '^\\+52[0-9]{10}$'", name="mensaje_telefono_check"),
        CheckConstraint(
            "(btrim(texto) <> '') AND (length(texto) <= 918)", name="mensaje_texto_check"
        ),
        Index("mensaje_ciudadano_idx", "ciudadano_id", "id"),
        Index("mensaje_creado_idx", "creado", "id"),
        Index("mensaje_enviando_idx", "tomado", postgresql_where=text("estado = 'Enviando'")),
        Index(
            "mensaje_pendiente_ciudadano_idx",
            "ciudadano_id",
            postgresql_where=text("estado = 'Pendiente'"),
        ),
        Index(
            "mensaje_pendiente_idx",
            "proximo_intento",
            postgresql_where=text("estado = 'Pendiente'"),
        ),
        Index(
            "mensaje_pendiente_solicitud_idx",
            "solicitud_id",
            postgresql_where=text("estado = 'Pendiente'"),
        ),
        Index(
            "mensaje_problema_idx",
            "estado",
            "id",
            postgresql_where=text("estado IN ('Fallido', 'Incierto')"),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    clave: Mapped[uuid.UUID] = mapped_column(unique=True, server_default=text("gen_random_uuid()"))
    evento: Mapped[str]
    ciudadano_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="SET NULL")
    )
    solicitud_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("solicitud.id", ondelete="SET NULL")
    )
    telefono: Mapped[str]
    texto: Mapped[str]
    estado: Mapped[str] = mapped_column(server_default="Pendiente")
    intentos: Mapped[int] = mapped_column(server_default=text("0"))
    proximo_intento: Mapped[datetime] = mapped_column(server_default=text("now()"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    creado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    tomado: Mapped[datetime | None]
    tomado_por: Mapped[str | None]
    enviado: Mapped[datetime | None]
    proveedor: Mapped[str | None]
    id_proveedor: Mapped[str | None]
    respuesta: Mapped[str | None]
    cancelado_por: Mapped[str | None]


class PlantillaMensaje(Base):
    __tablename__ = "plantilla_mensaje"
    __table_args__ = (
        CheckConstraint(
            "(btrim(texto) <> '') AND (length(texto) <= 480)", name="plantilla_mensaje_texto_check"
        ),
    )
    evento: Mapped[str] = mapped_column(primary_key=True)
    nombre: Mapped[str]
    variables: Mapped[list[str]] = mapped_column(ARRAY(Text))
    texto: Mapped[str]
    activa: Mapped[bool] = mapped_column(server_default=text("true"))
    sin_acentos: Mapped[bool] = mapped_column(server_default=text("true"))
    orden: Mapped[int]
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    actualizado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
