"""Field brigades: the kits downloaded before leaving and the provenance of each offline
capture synchronised (migration 0022; the rules are in migraciones/funciones/brigadas/)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, BigInteger, CheckConstraint, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class BrigadaKit(Base):
    """A kit: whose, of which municipalities and calls, valid until when. Written only by
    ``sipros_brigada_kit``."""

    __tablename__ = "brigada_kit"
    __table_args__ = (
        CheckConstraint(
            "vence > creado AND vence <= (creado + '31 days'::interval)",
            name="brigada_kit_vigencia",
        ),
        CheckConstraint(
            "cardinality(municipios) >= 1 AND cardinality(municipios) <= 20",
            name="brigada_kit_municipios",
        ),
        CheckConstraint(
            "array_position(municipios, NULL::integer) IS NULL",
            name="brigada_kit_municipios_sin_nulos",
        ),
        CheckConstraint(
            "array_position(convocatorias, NULL::integer) IS NULL",
            name="brigada_kit_convocatorias",
        ),
        CheckConstraint("corto ~ '^[0-9A-F]{6}$'", name="brigada_kit_corto_check"),
        Index("brigada_kit_usuario_idx", "usuario", text("creado DESC")),
        {
            "comment": "Paquetes de brigada descargados: de quién, de qué municipios y "
            "convocatorias, hasta cuándo valen. Los escribe sipros_brigada_kit; nadie los cambia."
        },
    )
    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True, server_default=text("gen_random_uuid()")
    )
    usuario: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
    creado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    vence: Mapped[datetime]
    municipios: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    convocatorias: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    huellas: Mapped[int] = mapped_column(server_default=text("0"))
    huellas_en: Mapped[datetime | None]  # when its hashes were handed out (once per kit)
    corto: Mapped[str] = mapped_column(unique=True)  # the prefix of its provisional folios


class BrigadaCaptura(Base):
    """An offline capture that reached the database: its key (that of the file or application
    it opened), its provisional folio, when it was captured and when synchronised."""

    __tablename__ = "brigada_captura"
    __table_args__ = (
        CheckConstraint(
            "tipo = ANY (ARRAY['registro'::text, 'solicitud'::text])",
            name="brigada_captura_tipo_check",
        ),
        CheckConstraint(
            "folio_provisional ~ '^BR-[0-9A-F]{6}-[0-9]{4,}$'",
            name="brigada_captura_folio_provisional_check",
        ),
        CheckConstraint(
            "(tipo = 'solicitud'::text) = (solicitud_id IS NOT NULL)",
            name="brigada_captura_solicitud",
        ),
        Index("brigada_captura_kit_idx", "kit_id"),
        Index("brigada_captura_ciudadano_idx", "ciudadano_id"),
        {
            "comment": "Procedencia de cada captura de brigada sincronizada: su clave (la del "
            "expediente o la solicitud que abrió), su folio provisional y cuándo se capturó sin "
            "conexión."
        },
    )
    clave: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("brigada_kit.id"))
    tipo: Mapped[str]
    capturada: Mapped[datetime]
    folio_provisional: Mapped[str | None] = mapped_column(unique=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE")
    )
    solicitud_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("solicitud.id", ondelete="CASCADE"), unique=True
    )
    sincronizada: Mapped[datetime] = mapped_column(server_default=text("now()"))
    sincronizada_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))
