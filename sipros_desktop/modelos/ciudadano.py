"""Ciudadano (one file per CURP) and its domicilio."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Computed, ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Ciudadano(Base):
    __tablename__ = "ciudadano"
    id: Mapped[int] = mapped_column(primary_key=True)
    curp: Mapped[str] = mapped_column(String(18, collation="C"), unique=True)
    nombre: Mapped[str]
    apellido_paterno: Mapped[str]
    apellido_materno: Mapped[str | None]
    fecha_nacimiento: Mapped[date]
    sexo: Mapped[str] = mapped_column(String(1))
    entidad_nacimiento: Mapped[str] = mapped_column(String(2))
    telefono: Mapped[str | None] = mapped_column(String(10))
    acepta_sms: Mapped[bool] = mapped_column(default=False)
    correo: Mapped[str | None]
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    actualizado: Mapped[datetime] = mapped_column(server_default="now()")
    aviso_privacidad: Mapped[datetime | None]
    clave_captura: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    carga_masiva_id: Mapped[int | None]  # the load that opened the file (origin: carga masiva)
    nombre_orden: Mapped[str] = mapped_column(
        Computed(
            "sipros_normaliza(apellido_paterno || ' ' || coalesce(apellido_materno, '')"
            " || ' ' || nombre)"
        )
    )
    nombre_busqueda: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('simple'::regconfig, sipros_normaliza(nombre || ' ' || "
            "apellido_paterno || ' ' || coalesce(apellido_materno, '')))"
        ),
        deferred=True,
    )

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.apellido_paterno, self.apellido_materno) if p)


class Domicilio(Base):
    __tablename__ = "domicilio"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"), unique=True)
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    colonia_id: Mapped[int | None] = mapped_column(ForeignKey("colonia.id"))
    calle: Mapped[str]
    numero_exterior: Mapped[str | None] = mapped_column(String(20))
    numero_interior: Mapped[str | None] = mapped_column(String(20))
    codigo_postal: Mapped[str | None] = mapped_column(String(5))
    latitud: Mapped[Decimal | None]
    longitud: Mapped[Decimal | None]
    actualizado: Mapped[datetime] = mapped_column(server_default="now()")


class DuplicadoDecision(Base):
    """What a clerk decided about a possible duplicate shown before saving a new citizen."""

    __tablename__ = "duplicado_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    candidato_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    decision: Mapped[str]
    comentario: Mapped[str | None]
    fecha: Mapped[datetime] = mapped_column(server_default="now()")
    usuario: Mapped[str] = mapped_column(server_default="session_user")


class RegistroCivil(Base):
    """A row of the civil-registry extract used to verify captured CURPs."""

    __tablename__ = "registro_civil"
    curp: Mapped[str] = mapped_column(String(18, collation="C"), primary_key=True)
    nombre: Mapped[str]
    apellido_paterno: Mapped[str]
    apellido_materno: Mapped[str | None]
    fecha_nacimiento: Mapped[date]
    sexo: Mapped[str] = mapped_column(String(1))
    importado: Mapped[datetime] = mapped_column(server_default="now()")


class Correccion(Base):
    """A correction of a citizen's file or of an application: written only by the database
    (triggers of migration 0017), never by a client."""

    __tablename__ = "correccion"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    solicitud_id: Mapped[int | None] = mapped_column(ForeignKey("solicitud.id"))
    apartado: Mapped[str]
    antes: Mapped[dict[str, Any]] = mapped_column(JSONB)
    ahora: Mapped[dict[str, Any]] = mapped_column(JSONB)
    motivo: Mapped[str]
    funcionario: Mapped[str] = mapped_column(server_default="session_user")
    creado: Mapped[datetime] = mapped_column(server_default="now()")
