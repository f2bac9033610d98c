"""Ciudadano (one file per CURP) and what hangs from it: domicilio, the words of its name,
its other CURPs, duplicates and merges, corrections, the civil-registry extract and the
consulta desk's traces."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    Computed,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Ciudadano(Base):
    __tablename__ = "ciudadano"
    __table_args__ = (
        CheckConstraint("btrim(apellido_paterno) <> ''", name="ciudadano_apellido_paterno_check"),
        CheckConstraint("correo ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'", name="ciudadano_correo_check"),
        CheckConstraint("substr(curp, 12, 2) = entidad_nacimiento", name="ciudadano_curp_entidad"),
        CheckConstraint(
            "substr(curp, 5, 6) = to_char((fecha_nacimiento)::timestamp with time zone, 'YYMMDD')",
            name="ciudadano_curp_fecha",
        ),
        CheckConstraint("substr(curp, 11, 1) = sexo", name="ciudadano_curp_sexo"),
        CheckConstraint(
            "(fecha_nacimiento < '2000-01-01'::date) = (substr(curp, 17, 1) ~ '^[0-9]$')",
            name="ciudadano_curp_siglo",
        ),
        CheckConstraint("sipros_curp_valida(curp)", name="ciudadano_curp_valida"),
        CheckConstraint(
            "fecha_nacimiento BETWEEN '1900-01-01' AND '2100-12-31'",
            name="ciudadano_fecha_nacimiento_check",
        ),
        CheckConstraint("btrim(nombre) <> ''", name="ciudadano_nombre_check"),
        CheckConstraint("sexo IN ('H', 'M', 'X')", name="ciudadano_sexo_check"),
        CheckConstraint("telefono ~ '^[0-9]{10}$'", name="ciudadano_telefono_check"),
        Index(
            "ciudadano_carga_idx",
            "carga_masiva_id",
            postgresql_where=text("carga_masiva_id IS NOT NULL"),
        ),
        Index("ciudadano_nacimiento_idx", "fecha_nacimiento", "id"),
        Index(
            "ciudadano_nacimiento_sexo_nombre_idx",
            "fecha_nacimiento",
            "sexo",
            postgresql_include=["nombre_orden", "curp", "id"],
        ),
        Index("ciudadano_nombre_busqueda_idx", "nombre_busqueda", postgresql_using="gin"),
        Index("ciudadano_nombre_orden_idx", "nombre_orden", "id"),
        Index(
            "ciudadano_registrado_idx",
            "registrado_por",
            "creado",
            postgresql_where=text("registrado_por IS NOT NULL"),
        ),
        Index("ciudadano_telefono_idx", "telefono", postgresql_where=text("telefono IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    curp: Mapped[str] = mapped_column(String(18, collation="C"), unique=True)
    nombre: Mapped[str]
    apellido_paterno: Mapped[str]
    apellido_materno: Mapped[str | None]
    fecha_nacimiento: Mapped[date]
    sexo: Mapped[str] = mapped_column(CHAR(1))
    entidad_nacimiento: Mapped[str] = mapped_column(String(2))
    telefono: Mapped[str | None] = mapped_column(String(10))
    correo: Mapped[str | None]
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    nombre_orden: Mapped[str | None] = mapped_column(
        Text(collation="C"),
        Computed(
            "sipros_normaliza(apellido_paterno || ' ' || coalesce(apellido_materno, '')"
            " || ' ' || nombre)",
            persisted=True,
        ),
    )
    nombre_busqueda: Mapped[str | None] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('simple'::regconfig, sipros_normaliza(nombre || ' ' || "
            "apellido_paterno || ' ' || coalesce(apellido_materno, '')))",
            persisted=True,
        ),
        deferred=True,
    )
    aviso_privacidad: Mapped[datetime | None]
    clave_captura: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    registrado_por: Mapped[str | None] = mapped_column(Text(collation="C"))  # set by the database
    # the load that opened the file (origin: carga masiva)
    carga_masiva_id: Mapped[int | None] = mapped_column(ForeignKey("carga_masiva.id"))
    acepta_sms: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.apellido_paterno, self.apellido_materno) if p)


class CiudadanoPalabra(Base):
    """Each word of each citizen's name with its sort key (search by name), kept by triggers."""

    __tablename__ = "ciudadano_palabra"
    __table_args__ = (
        {
            "comment": "Cada palabra del nombre de cada ciudadano con su clave de orden "
            "(búsqueda por nombre). Derivada de ciudadano por disparadores; sin permisos para "
            "el personal."
        },
    )
    palabra: Mapped[str] = mapped_column(Text(collation="C"), primary_key=True)
    nombre_orden: Mapped[str] = mapped_column(Text(collation="C"), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class CiudadanoAlcance(Base):
    """The programmes of each citizen's applications and benefits (the scope of whoever sees
    citizens by programme), kept by triggers (migration 0024)."""

    __tablename__ = "ciudadano_alcance"
    __table_args__ = (
        CheckConstraint("cardinality(programas) > 0", name="ciudadano_alcance_programas_check"),
        PrimaryKeyConstraint(
            "ciudadano_id", name="ciudadano_alcance_pkey", postgresql_include=["programas"]
        ),
        {
            "comment": "Los programas de las solicitudes y los beneficios de cada ciudadano (el "
            "alcance de quien ve ciudadanos por programa). Derivada de solicitud y beneficio por "
            "disparadores; sin permisos para el personal."
        },
    )
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    programas: Mapped[list[int]] = mapped_column(ARRAY(Integer))


class CiudadanoAlias(Base):
    """Another CURP that leads to the same file (a merge, a corrected CURP)."""

    __tablename__ = "ciudadano_alias"
    __table_args__ = (
        CheckConstraint("sipros_curp_valida(curp)", name="ciudadano_alias_curp_check"),
        CheckConstraint(
            "origen IN ('Fusión', 'Misma persona en carga', 'Corrección de CURP')",
            name="ciudadano_alias_origen_check",
        ),
        Index("ciudadano_alias_ciudadano_idx", "ciudadano_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    curp: Mapped[str] = mapped_column(String(18, collation="C"), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    origen: Mapped[str]
    nombre: Mapped[str | None]
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class Domicilio(Base):
    __tablename__ = "domicilio"
    __table_args__ = (
        CheckConstraint("btrim(calle) <> ''", name="domicilio_calle_check"),
        CheckConstraint("codigo_postal ~ '^[0-9]{5}$'", name="domicilio_codigo_postal_check"),
        CheckConstraint("latitud BETWEEN -90 AND 90", name="domicilio_latitud_check"),
        CheckConstraint("longitud BETWEEN -180 AND 180", name="domicilio_longitud_check"),
        Index("domicilio_municipio_idx", "municipio_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE"), unique=True
    )
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    colonia_id: Mapped[int | None] = mapped_column(ForeignKey("colonia.id"))
    calle: Mapped[str]
    numero_exterior: Mapped[str | None] = mapped_column(String(20))
    numero_interior: Mapped[str | None] = mapped_column(String(20))
    codigo_postal: Mapped[str | None] = mapped_column(String(5))
    latitud: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitud: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class DuplicadoDecision(Base):
    """What a clerk decided about a possible duplicate shown before saving a new citizen."""

    __tablename__ = "duplicado_decision"
    __table_args__ = (
        CheckConstraint("ciudadano_id <> candidato_id", name="duplicado_decision_check"),
        CheckConstraint(
            "decision IN ('Personas distintas', 'Posible duplicado')",
            name="duplicado_decision_decision_check",
        ),
        UniqueConstraint(
            "ciudadano_id", "candidato_id", name="duplicado_decision_ciudadano_id_candidato_id_key"
        ),
        Index("duplicado_candidato_idx", "candidato_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    candidato_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    decision: Mapped[str]
    comentario: Mapped[str | None]
    fecha: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class DuplicadoRevision(Base):
    """A possible duplicate waiting for (or given) a decision: from a load, the front desk or a
    search of the whole registry."""

    __tablename__ = "duplicado_revision"
    __table_args__ = (
        CheckConstraint(
            "(origen = 'Carga masiva') = (fila IS NOT NULL)", name="duplicado_revision_check"
        ),
        CheckConstraint(
            "(fila IS NOT NULL) OR (candidato_id IS NOT NULL) OR (estado <> 'Pendiente')",
            name="duplicado_revision_check1",
        ),
        CheckConstraint("ciudadano_id <> candidato_id", name="duplicado_revision_check2"),
        CheckConstraint(
            "(estado = 'Pendiente') = (decidido IS NULL)", name="duplicado_revision_check3"
        ),
        CheckConstraint("length(comentario) <= 500", name="duplicado_revision_comentario_check"),
        CheckConstraint(
            "estado IN ('Pendiente', 'Personas distintas', 'Misma persona', 'Descartada')",
            name="duplicado_revision_estado_check",
        ),
        CheckConstraint(
            "origen IN ('Carga masiva', 'Ventanilla', 'Búsqueda')",
            name="duplicado_revision_origen_check",
        ),
        Index("duplicado_revision_candidato_idx", "candidato_id"),
        Index(
            "duplicado_revision_carga_idx",
            "carga_masiva_id",
            postgresql_where=text("carga_masiva_id IS NOT NULL"),
        ),
        Index("duplicado_revision_ciudadano_idx", "ciudadano_id"),
        Index(
            "duplicado_revision_par",
            text("LEAST(ciudadano_id, candidato_id)"),
            text("GREATEST(ciudadano_id, candidato_id)"),
            unique=True,
            postgresql_where=text("(ciudadano_id IS NOT NULL) AND (candidato_id IS NOT NULL)"),
        ),
        Index("duplicado_revision_pendiente_idx", "estado", "creado", "id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="SET NULL")
    )
    candidato_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="SET NULL")
    )
    carga_masiva_id: Mapped[int | None] = mapped_column(ForeignKey("carga_masiva.id"))
    fila: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    origen: Mapped[str]
    similitud: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))
    estado: Mapped[str] = mapped_column(server_default="Pendiente")
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    decidido: Mapped[datetime | None]
    decidido_por: Mapped[str | None]
    conservado_id: Mapped[int | None] = mapped_column(BigInteger)
    detalle: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    comentario: Mapped[str | None]


class Fusion(Base):
    """Two files merged into one, with what it takes to separate them again."""

    __tablename__ = "fusion"
    __table_args__ = (
        CheckConstraint("(separado IS NULL) = (separado_por IS NULL)", name="fusion_check"),
        CheckConstraint("length(motivo) <= 500", name="fusion_motivo_check"),
        Index("fusion_conservado_idx", "conservado_id"),
        Index("fusion_revision_idx", "revision_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    revision_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("duplicado_revision.id"))
    conservado_id: Mapped[int] = mapped_column(BigInteger)
    absorbido_id: Mapped[int] = mapped_column(BigInteger)
    absorbido: Mapped[dict[str, Any]] = mapped_column(JSONB)
    restaurar: Mapped[dict[str, Any]] = mapped_column(JSONB)
    movido: Mapped[dict[str, Any]] = mapped_column(JSONB)
    fusionado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    fusionado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    separado: Mapped[datetime | None]
    separado_por: Mapped[str | None]
    motivo: Mapped[str | None]


class RegistroCivil(Base):
    """A row of the civil-registry extract used to verify captured CURPs."""

    __tablename__ = "registro_civil"
    __table_args__ = (CheckConstraint("sexo IN ('H', 'M', 'X')", name="registro_civil_sexo_check"),)
    curp: Mapped[str] = mapped_column(String(18, collation="C"), primary_key=True)
    nombre: Mapped[str]
    apellido_paterno: Mapped[str]
    apellido_materno: Mapped[str | None]
    fecha_nacimiento: Mapped[date]
    sexo: Mapped[str] = mapped_column(CHAR(1))
    importado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Correccion(Base):
    """A correction of a citizen's file or of an application: written only by the database
    (triggers of migration 0017), never by a client."""

    __tablename__ = "correccion"
    __table_args__ = (
        CheckConstraint(
            (
                "apartado IN ('datos personales', 'CURP', 'domicilio', 'contacto', "
                "'cuestionario', 'respuestas', 'tipo de apoyo')"
            ),
            name="correccion_apartado_check",
        ),
        CheckConstraint(
            "(length(btrim(motivo)) >= 5) AND (length(btrim(motivo)) <= 1000)",
            name="correccion_motivo_check",
        ),
        Index("correccion_ciudadano_idx", "ciudadano_id", "creado"),
        Index(
            "correccion_solicitud_idx",
            "solicitud_id",
            postgresql_where=text("solicitud_id IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    solicitud_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("solicitud.id", ondelete="CASCADE")
    )
    apartado: Mapped[str]
    antes: Mapped[dict[str, Any]] = mapped_column(JSONB)
    ahora: Mapped[dict[str, Any]] = mapped_column(JSONB)
    motivo: Mapped[str]
    funcionario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class Atencion(Base):
    """The citizens each clerk is serving today (opened by exact CURP); only the database's
    functions read or write it."""

    __tablename__ = "atencion"
    __table_args__ = (Index("atencion_ciudadano_idx", "ciudadano_id"),)
    usuario: Mapped[str] = mapped_column(primary_key=True, server_default=text("SESSION_USER"))
    fecha: Mapped[date] = mapped_column(primary_key=True, server_default=text("CURRENT_DATE"))
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE"), primary_key=True
    )
    desde: Mapped[datetime] = mapped_column(server_default=text("now()"))


class ConsultaCuota(Base):
    """The turn of each staff member who looks citizens up (the consulta limit); only the
    database's functions touch it."""

    __tablename__ = "consulta_cuota"
    usuario: Mapped[str] = mapped_column(primary_key=True)
    ultima: Mapped[datetime]


class ContactoCambio(Base):
    """A change of a citizen's phone, SMS consent or e-mail, with the identification shown."""

    __tablename__ = "contacto_cambio"
    __table_args__ = (
        CheckConstraint(
            "identificacion = ANY (sipros_identificaciones())",
            name="contacto_cambio_identificacion_check",
        ),
        CheckConstraint(
            "(identificacion IS NULL) = (referencia IS NULL)",
            name="contacto_cambio_identificacion_completa",
        ),
        CheckConstraint(
            (
                "(identificacion IS NOT NULL) OR ((NOT (telefono_antes IS DISTINCT FROM "
                "telefono_despues)) AND (acepta_sms_antes = acepta_sms_despues))"
            ),
            name="contacto_cambio_identificacion_requerida",
        ),
        CheckConstraint("referencia ~ '^[A-Z0-9]{4}$'", name="contacto_cambio_referencia_check"),
        Index("contacto_cambio_ciudadano_idx", "ciudadano_id", "id"),
        Index("contacto_cambio_curp_idx", "curp"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    ciudadano_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="SET NULL")
    )
    curp: Mapped[str]
    fecha: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    identificacion: Mapped[str | None]
    referencia: Mapped[str | None]
    telefono_antes: Mapped[str | None]
    telefono_despues: Mapped[str | None]
    acepta_sms_antes: Mapped[bool]
    acepta_sms_despues: Mapped[bool]
    correo_cambio: Mapped[bool]
    aviso_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("mensaje.id", ondelete="SET NULL")
    )
