"""The Padrón Estatal de Beneficiarios: benefits, bulk loads (with their staging rows),
delivery events and QR vouchers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CargaMasiva(Base):
    __tablename__ = "carga_masiva"
    __table_args__ = (
        CheckConstraint("a_revision >= 0", name="carga_masiva_a_revision_check"),
        CheckConstraint("beneficios >= 0", name="carga_masiva_beneficios_check"),
        CheckConstraint("(filas_validas + filas_error) <= filas_total", name="carga_masiva_check"),
        CheckConstraint("ciudadanos_nuevos >= 0", name="carga_masiva_ciudadanos_nuevos_check"),
        CheckConstraint(
            "estado IN ('Validando', 'Aplicada', 'Rechazada', 'Revertida')",
            name="carga_masiva_estado_check",
        ),
        CheckConstraint("filas_error >= 0", name="carga_masiva_filas_error_check"),
        CheckConstraint("filas_total >= 0", name="carga_masiva_filas_total_check"),
        CheckConstraint("filas_validas >= 0", name="carga_masiva_filas_validas_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="carga_masiva_sha256_check"),
        CheckConstraint(
            "(estado = 'Revertida') = (revertida IS NOT NULL)", name="carga_revertida_estado"
        ),
        CheckConstraint(
            "(revertida IS NULL) = (revertida_por IS NULL)", name="carga_revertida_quien"
        ),
        Index("carga_masiva_creado_idx", "creado", "id"),
        Index("carga_masiva_sha_idx", "sha256", "programa_id"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    programa_id: Mapped[int | None] = mapped_column(ForeignKey("programa.id"))
    archivo_nombre: Mapped[str]
    sha256: Mapped[str] = mapped_column(CHAR(64))
    filas_total: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    filas_validas: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    filas_error: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    estado: Mapped[str] = mapped_column(default="Validando", server_default="Validando")
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    hoja: Mapped[str | None]
    ciudadanos_nuevos: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    beneficios: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    a_revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    monto_total: Mapped[Decimal] = mapped_column(
        Numeric(16, 2), default=Decimal(0), server_default=text("0")
    )
    aplicada: Mapped[datetime | None]
    revertida: Mapped[datetime | None]
    revertida_por: Mapped[str | None]
    motivo_reversion: Mapped[str | None]


class CargaMapeo(Base):
    """The column of an agency's rolls that each field comes from, remembered for its next
    load."""

    __tablename__ = "carga_mapeo"
    __table_args__ = (
        CheckConstraint(
            (
                "campo IN ('curp', 'nombre', 'apellido_paterno', 'apellido_materno', "
                "'fecha_nacimiento', 'sexo', 'municipio', 'localidad', 'colonia', "
                "'tipo_apoyo', 'monto', 'cantidad', 'fecha_entrega', 'telefono', 'ignorar')"
            ),
            name="carga_mapeo_campo_check",
        ),
        CheckConstraint(
            "(btrim(encabezado) <> '') AND (length(encabezado) <= 200)",
            name="carga_mapeo_encabezado_check",
        ),
    )
    id: Mapped[int] = mapped_column(Identity(), unique=True)
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"), primary_key=True)
    encabezado: Mapped[str] = mapped_column(primary_key=True)
    campo: Mapped[str]
    actualizado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class CargaFila(Base):
    """A row of a roll as read (text), staged for validation (UNLOGGED: rebuilt if lost)."""

    __tablename__ = "carga_fila"
    __table_args__ = (
        CheckConstraint("fila > 0", name="carga_fila_fila_check"),
        {"prefixes": ["UNLOGGED"]},
    )
    carga_masiva_id: Mapped[int] = mapped_column(
        ForeignKey("carga_masiva.id", ondelete="CASCADE"), primary_key=True
    )
    fila: Mapped[int] = mapped_column(primary_key=True)
    curp: Mapped[str | None]
    nombre: Mapped[str | None]
    apellido_paterno: Mapped[str | None]
    apellido_materno: Mapped[str | None]
    fecha_nacimiento: Mapped[str | None]
    sexo: Mapped[str | None]
    municipio: Mapped[str | None]
    localidad: Mapped[str | None]
    tipo_apoyo: Mapped[str | None]
    monto: Mapped[str | None]
    cantidad: Mapped[str | None]
    fecha_entrega: Mapped[str | None]
    telefono: Mapped[str | None]
    colonia: Mapped[str | None]


class CargaValor(Base):
    """A staged row's values once validated and matched, with its problems (UNLOGGED)."""

    __tablename__ = "carga_valor"
    __table_args__ = ({"prefixes": ["UNLOGGED"]},)
    carga_masiva_id: Mapped[int] = mapped_column(
        ForeignKey("carga_masiva.id", ondelete="CASCADE"), primary_key=True
    )
    fila: Mapped[int] = mapped_column(primary_key=True)
    curp: Mapped[str | None] = mapped_column(String(18, collation="C"))
    nombre: Mapped[str | None]
    paterno: Mapped[str | None]
    materno: Mapped[str | None]
    nacimiento: Mapped[date | None]
    sexo: Mapped[str | None] = mapped_column(CHAR(1))
    municipio_id: Mapped[int | None]
    localidad_id: Mapped[int | None]
    tipo_apoyo_id: Mapped[int | None]
    monto: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    cantidad: Mapped[int | None]
    entrega: Mapped[date | None]
    telefono: Mapped[str | None] = mapped_column(String(10))
    errores: Mapped[dict[str, Any]] = mapped_column(JSONB)
    ciudadano_id: Mapped[int | None] = mapped_column(BigInteger)
    candidato_id: Mapped[int | None] = mapped_column(BigInteger)
    colonia_id: Mapped[int | None]


class Beneficio(Base):
    __tablename__ = "beneficio"
    __table_args__ = (
        CheckConstraint("cantidad > 0", name="beneficio_cantidad_check"),
        CheckConstraint(
            "(origen = 'Solicitud') = (solicitud_id IS NOT NULL)", name="beneficio_check"
        ),
        CheckConstraint(
            "(origen = 'Carga masiva') = (carga_masiva_id IS NOT NULL)", name="beneficio_check1"
        ),
        CheckConstraint("monto >= 0", name="beneficio_monto_check"),
        CheckConstraint("origen IN ('Solicitud', 'Carga masiva')", name="beneficio_origen_check"),
        Index(
            "beneficio_carga_idx",
            "carga_masiva_id",
            postgresql_where=text("carga_masiva_id IS NOT NULL"),
        ),
        Index(
            "beneficio_carga_unico",
            "ciudadano_id",
            "programa_id",
            "tipo_apoyo_id",
            "fecha_entrega",
            unique=True,
            postgresql_where=text("origen = 'Carga masiva'"),
        ),
        Index("beneficio_ciudadano_idx", "ciudadano_id", "fecha_entrega"),
        # each person's benefits newest first, read alone for the poverty figures (0023)
        Index(
            "beneficio_ciudadano_fecha_idx",
            "ciudadano_id",
            text("fecha_entrega DESC"),
            text("id DESC"),
            postgresql_include=["municipio_id", "programa_id", "dependencia_id", "monto"],
        ),
        Index(
            "beneficio_colonia_idx",
            "colonia_id",
            "fecha_entrega",
            "id",
            postgresql_where=text("colonia_id IS NOT NULL"),
        ),
        Index("beneficio_fecha_idx", "fecha_entrega", "id"),
        Index(
            "beneficio_localidad_idx",
            "localidad_id",
            "fecha_entrega",
            "id",
            postgresql_where=text("localidad_id IS NOT NULL"),
        ),
        Index("beneficio_programa_idx", "programa_id", "fecha_entrega"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("ciudadano.id"))
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    tipo_apoyo_id: Mapped[int | None] = mapped_column(ForeignKey("tipo_apoyo.id"))
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    solicitud_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("solicitud.id"), unique=True
    )
    carga_masiva_id: Mapped[int | None] = mapped_column(ForeignKey("carga_masiva.id"))
    origen: Mapped[str]
    fecha_entrega: Mapped[date]
    monto: Mapped[Decimal] = mapped_column(
        Numeric(14, 2), default=Decimal(0), server_default=text("0")
    )
    cantidad: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    municipio_id: Mapped[int | None] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    # the beneficiary's sex and birth date, kept by the database (indicators)
    sexo: Mapped[str | None] = mapped_column(CHAR(1))
    nacimiento: Mapped[date | None]
    # where it was given down to the colonia: the roll's, or the citizen's address at delivery
    # (set by the database, 0017)
    colonia_id: Mapped[int | None] = mapped_column(ForeignKey("colonia.id"))


class EventoEntrega(Base):
    """A delivery event: a call's beneficiaries receive their support at a place and time."""

    __tablename__ = "evento_entrega"
    __table_args__ = (
        CheckConstraint("hora_fin > hora_inicio", name="evento_entrega_check"),
        CheckConstraint(
            "(btrim(domicilio) <> '') AND (length(domicilio) <= 300)",
            name="evento_entrega_domicilio_check",
        ),
        CheckConstraint(
            "(btrim(nombre) <> '') AND (length(nombre) <= 200)", name="evento_entrega_nombre_check"
        ),
        CheckConstraint(
            "(btrim(responsable) <> '') AND (length(responsable) <= 200)",
            name="evento_entrega_responsable_check",
        ),
        ForeignKeyConstraint(
            ["localidad_id", "municipio_id"],
            ["localidad.id", "localidad.municipio_id"],
            name="evento_entrega_localidad_id_municipio_id_fkey",
        ),
        Index("evento_entrega_convocatoria_idx", "convocatoria_id", "fecha"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    convocatoria_id: Mapped[int] = mapped_column(ForeignKey("convocatoria.id"))
    nombre: Mapped[str]
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None]
    domicilio: Mapped[str]
    fecha: Mapped[date]
    hora_inicio: Mapped[time]
    hora_fin: Mapped[time]
    responsable: Mapped[str]
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    creado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class EventoSolicitud(Base):
    """The event an approved application is assigned to."""

    __tablename__ = "evento_solicitud"
    __table_args__ = (Index("evento_solicitud_evento_idx", "evento_id"),)
    solicitud_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("solicitud.id"), primary_key=True
    )
    evento_id: Mapped[int] = mapped_column(ForeignKey("evento_entrega.id"))
    asignado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    asignado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class Comprobante(Base):
    """A voucher: the database keeps only the SHA-256 of its code (printed only on paper)."""

    __tablename__ = "comprobante"
    __table_args__ = (
        CheckConstraint(
            (
                "(estado = 'Cancelado') = ((cancelado IS NOT NULL) AND (cancelado_por IS NOT "
                "NULL) AND (motivo_cancelacion IS NOT NULL))"
            ),
            name="comprobante_cancelado_estado",
        ),
        CheckConstraint("(entregado IS NULL) = (entregado_por IS NULL)", name="comprobante_check"),
        CheckConstraint(
            (
                "(estado = 'Entregado') = ((entregado IS NOT NULL) AND (entrega_registrada "
                "IS NOT NULL))"
            ),
            name="comprobante_entregado_estado",
        ),
        CheckConstraint(
            "estado IN ('Vigente', 'Entregado', 'Cancelado')", name="comprobante_estado_check"
        ),
        CheckConstraint("octet_length(codigo_hash) = 32", name="comprobante_hash_sha256"),
        CheckConstraint(
            "(identificacion IS NULL) OR (length(identificacion) <= 60)",
            name="comprobante_identificacion_check",
        ),
        CheckConstraint("impresiones >= 1", name="comprobante_impresiones_check"),
        CheckConstraint(
            "(motivo_cancelacion IS NULL) OR (length(motivo_cancelacion) <= 300)",
            name="comprobante_motivo_check",
        ),
        CheckConstraint(
            (
                "(entregado_por IS NULL) OR ((entregado_por <> emitido_por) AND "
                "(entregado_por <> ALL (reimpreso_por)))"
            ),
            name="comprobante_separacion_de_funciones",
            postgresql_not_valid=True,
        ),
        Index("comprobante_evento_idx", "evento_id"),
        Index(
            "comprobante_vivo_key",
            "solicitud_id",
            unique=True,
            postgresql_where=text("estado <> 'Cancelado'"),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    solicitud_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("solicitud.id"))
    emitido: Mapped[datetime] = mapped_column(server_default=text("now()"))
    entregado: Mapped[datetime | None]
    entregado_por: Mapped[str | None]
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento_entrega.id"))
    codigo_hash: Mapped[bytes] = mapped_column(unique=True)
    estado: Mapped[str] = mapped_column(server_default="Vigente")
    emitido_por: Mapped[str] = mapped_column(
        server_default=text("SESSION_USER"), comment="Quien emitió el comprobante: no lo entrega."
    )
    impresiones: Mapped[int] = mapped_column(server_default=text("1"))
    cancelado: Mapped[datetime | None]
    cancelado_por: Mapped[str | None]
    motivo_cancelacion: Mapped[str | None]
    identificacion: Mapped[str | None]
    entrega_registrada: Mapped[datetime | None]
    entrega_sin_conexion: Mapped[bool] = mapped_column(server_default=text("false"))
    entrega_clave: Mapped[uuid.UUID | None]
    reimpreso: Mapped[datetime | None] = mapped_column(
        comment="Cuándo se hizo el código vigente, si se reimprimió."
    )
    reimpreso_por: Mapped[list[str]] = mapped_column(
        ARRAY(Text),
        server_default=text("'{}'::text[]"),
        comment="Quienes reimprimieron el comprobante (código nuevo), en orden: no lo entregan.",
    )


class EntregaDirecta(Base):
    """A delivery without an event (transfer, card, cheque): one per application, written only
    by ``sipros_entregar_sin_evento``."""

    __tablename__ = "entrega_directa"
    __table_args__ = (
        CheckConstraint(
            "metodo IN ('Transferencia', 'Tarjeta', 'Cheque', 'Orden de pago')",
            name="entrega_directa_metodo_check",
        ),
        CheckConstraint(
            (
                "(btrim(referencia) <> '') AND (length(referencia) <= 60) AND (referencia !~ "
                "'[[:cntrl:]]')"
            ),
            name="entrega_directa_referencia_check",
        ),
        {"comment": "Entrega sin evento (transferencia, tarjeta, cheque): una por solicitud."},
    )
    solicitud_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("solicitud.id"), primary_key=True
    )
    metodo: Mapped[str]
    referencia: Mapped[str]
    fecha: Mapped[date]
    registrado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    registrado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
