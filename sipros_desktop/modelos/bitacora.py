"""The audit log, written only by triggers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Identity,
    Index,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Bitacora(Base):
    __tablename__ = "bitacora"
    __table_args__ = (
        CheckConstraint(
            "operacion IN ('INSERT', 'UPDATE', 'DELETE', 'CONSULTA')",
            name="bitacora_operacion_check",
        ),
        Index(
            "bitacora_consulta_curp_idx",
            "usuario",
            "clave",
            "fecha",
            postgresql_where=text(
                "(operacion = 'CONSULTA') AND ((despues ->> 'modulo') = 'consulta')"
            ),
        ),
        Index(
            "bitacora_consulta_idx",
            "usuario",
            "fecha",
            postgresql_where=text(
                "(operacion = 'CONSULTA') AND (tabla = 'ciudadano') AND ((despues ->> "
                "'modulo') = 'consulta')"
            ),
        ),
        Index("bitacora_fecha_idx", "fecha", "id"),
        Index("bitacora_tabla_idx", "tabla", "fecha"),
        Index("bitacora_usuario_idx", "usuario", "fecha"),
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    fecha: Mapped[datetime] = mapped_column(server_default=text("now()"))
    usuario: Mapped[str] = mapped_column(server_default=text("CURRENT_USER"))
    tabla: Mapped[str]
    operacion: Mapped[str]
    clave: Mapped[str | None]
    antes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    despues: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
