"""The Padrón Estatal de Beneficiarios: benefits, bulk loads and QR vouchers."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CargaMasiva(Base):
    __tablename__ = "carga_masiva"
    id: Mapped[int] = mapped_column(primary_key=True)
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    programa_id: Mapped[int | None] = mapped_column(ForeignKey("programa.id"))
    archivo_nombre: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64))
    filas_total: Mapped[int] = mapped_column(default=0)
    filas_validas: Mapped[int] = mapped_column(default=0)
    filas_error: Mapped[int] = mapped_column(default=0)
    estado: Mapped[str] = mapped_column(default="Validando")
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    usuario: Mapped[str] = mapped_column(server_default="session_user")
    hoja: Mapped[str | None]
    ciudadanos_nuevos: Mapped[int] = mapped_column(default=0)
    beneficios: Mapped[int] = mapped_column(default=0)
    a_revision: Mapped[int] = mapped_column(default=0)
    monto_total: Mapped[Decimal] = mapped_column(default=Decimal(0))
    aplicada: Mapped[datetime | None]
    revertida: Mapped[datetime | None]
    revertida_por: Mapped[str | None]
    motivo_reversion: Mapped[str | None]


class Beneficio(Base):
    __tablename__ = "beneficio"
    id: Mapped[int] = mapped_column(primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(ForeignKey("ciudadano.id"))
    programa_id: Mapped[int] = mapped_column(ForeignKey("programa.id"))
    tipo_apoyo_id: Mapped[int | None] = mapped_column(ForeignKey("tipo_apoyo.id"))
    dependencia_id: Mapped[int] = mapped_column(ForeignKey("dependencia.id"))
    solicitud_id: Mapped[int | None] = mapped_column(ForeignKey("solicitud.id"), unique=True)
    carga_masiva_id: Mapped[int | None] = mapped_column(ForeignKey("carga_masiva.id"))
    origen: Mapped[str]
    fecha_entrega: Mapped[date]
    monto: Mapped[Decimal] = mapped_column(default=Decimal(0))
    cantidad: Mapped[int] = mapped_column(default=1)
    municipio_id: Mapped[int | None] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None] = mapped_column(ForeignKey("localidad.id"))
    # where it was given down to the colonia: the roll's, or the citizen's address at delivery
    # (set by the database, 0017)
    colonia_id: Mapped[int | None] = mapped_column(ForeignKey("colonia.id"))
    sexo: Mapped[str | None]  # the beneficiary's, kept by the database (indicators)
    nacimiento: Mapped[date | None]
    creado: Mapped[datetime] = mapped_column(server_default="now()")


class EventoEntrega(Base):
    """A delivery event: a call's beneficiaries receive their support at a place and time."""

    __tablename__ = "evento_entrega"
    id: Mapped[int] = mapped_column(primary_key=True)
    convocatoria_id: Mapped[int] = mapped_column(ForeignKey("convocatoria.id"))
    nombre: Mapped[str]
    municipio_id: Mapped[int] = mapped_column(ForeignKey("municipio.id"))
    localidad_id: Mapped[int | None]
    domicilio: Mapped[str]
    fecha: Mapped[date]
    hora_inicio: Mapped[time]
    hora_fin: Mapped[time]
    responsable: Mapped[str]
    creado: Mapped[datetime] = mapped_column(server_default="now()")
    creado_por: Mapped[str] = mapped_column(server_default="session_user")


class Comprobante(Base):
    """A voucher: the database keeps only the SHA-256 of its code (printed only on paper)."""

    __tablename__ = "comprobante"
    id: Mapped[int] = mapped_column(primary_key=True)
    solicitud_id: Mapped[int] = mapped_column(ForeignKey("solicitud.id"))
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento_entrega.id"))
    codigo_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    estado: Mapped[str] = mapped_column(server_default="Vigente")
    emitido: Mapped[datetime] = mapped_column(server_default="now()")
    emitido_por: Mapped[str] = mapped_column(server_default="session_user")
    impresiones: Mapped[int] = mapped_column(server_default="1")
    cancelado: Mapped[datetime | None]
    cancelado_por: Mapped[str | None]
    motivo_cancelacion: Mapped[str | None]
    entregado: Mapped[datetime | None]
    entregado_por: Mapped[str | None]
    identificacion: Mapped[str | None]
    entrega_registrada: Mapped[datetime | None]
    entrega_sin_conexion: Mapped[bool] = mapped_column(server_default="false")


class EntregaDirecta(Base):
    """A delivery without an event (transfer, card, cheque): one per application, written only
    by ``sipros_entregar_sin_evento``."""

    __tablename__ = "entrega_directa"
    solicitud_id: Mapped[int] = mapped_column(ForeignKey("solicitud.id"), primary_key=True)
    metodo: Mapped[str]
    referencia: Mapped[str] = mapped_column(String(60))
    fecha: Mapped[date]
    registrado: Mapped[datetime] = mapped_column(server_default="now()")
    registrado_por: Mapped[str] = mapped_column(server_default="session_user")
