"""CONEVAL's multidimensional poverty measure: the poverty lines by month (a catalogue of the
state) and the measure of each citizen's household, which only the database writes (see
migraciones/funciones/pobreza/)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    SmallInteger,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

CLASIFICACIONES = (
    "pobreza_extrema", "pobreza_moderada", "vulnerable_carencias", "vulnerable_ingresos",
    "no_pobre_no_vulnerable", "sin_datos",
)  # fmt: skip


class LineaPobreza(Base):
    """The monthly value per person of the food basket (extreme poverty line) and of the food
    and non-food baskets (poverty line), urban and rural."""

    __tablename__ = "linea_pobreza"
    __table_args__ = (
        CheckConstraint("extract(day FROM mes) = 1", name="linea_pobreza_mes_check"),
        CheckConstraint("extrema_urbana > 0", name="linea_pobreza_extrema_urbana_check"),
        CheckConstraint("extrema_rural > 0", name="linea_pobreza_extrema_rural_check"),
        CheckConstraint("btrim(fuente) <> ''", name="linea_pobreza_fuente_check"),
        CheckConstraint("pobreza_urbana > extrema_urbana", name="linea_pobreza_urbana_orden"),
        CheckConstraint("pobreza_rural > extrema_rural", name="linea_pobreza_rural_orden"),
    )
    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    mes: Mapped[date] = mapped_column(unique=True)
    extrema_urbana: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pobreza_urbana: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    extrema_rural: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pobreza_rural: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    fuente: Mapped[str]
    registrado: Mapped[datetime] = mapped_column(server_default=text("now()"))
    registrado_por: Mapped[str] = mapped_column(server_default=text("SESSION_USER"))


class PobrezaMedicion(Base):
    """The measure of a citizen's household from the citizen's latest questionnaire: each
    deprivation (NULL: «sin datos suficientes»), the income per person against the lines,
    and the classification, with the questionnaire, its version and the lines used. Narrow:
    the reasons are in PobrezaHogar."""

    __tablename__ = "pobreza_medicion"
    __table_args__ = (
        CheckConstraint("ambito IN ('U', 'R')", name="pobreza_medicion_ambito_check"),
        CheckConstraint("integrantes >= 0", name="pobreza_medicion_integrantes_check"),
        CheckConstraint("ingreso_hogar >= 0", name="pobreza_medicion_ingreso_hogar_check"),
        CheckConstraint("carencias BETWEEN 0 AND 6", name="pobreza_medicion_carencias_check"),
        CheckConstraint(
            "carencias_sin_datos BETWEEN 0 AND 6",
            name="pobreza_medicion_carencias_sin_datos_check",
        ),
        CheckConstraint(
            "clasificacion IN ('pobreza_extrema', 'pobreza_moderada', 'vulnerable_carencias', "
            "'vulnerable_ingresos', 'no_pobre_no_vulnerable', 'sin_datos')",
            name="pobreza_medicion_clasificacion_check",
        ),
        CheckConstraint("ingreso_pc_min <= ingreso_pc_max", name="pobreza_medicion_ingreso_orden"),
        Index("pobreza_medicion_municipio_idx", "municipio_id", "clasificacion"),
        Index("pobreza_medicion_cuestionario_idx", "cuestionario_id"),
        Index("pobreza_medicion_pam_idx", "ciudadano_id", postgresql_where=text("pam_depende")),
        # the figures by municipality read from the index alone
        Index(
            "pobreza_medicion_cifras_idx",
            "ciudadano_id",
            postgresql_include=[
                "municipio_id",
                "clasificacion",
                "rezago_educativo",
                "salud",
                "seguridad_social",
                "vivienda",
                "servicios",
                "alimentacion",
            ],
        ),
        # half of each page free: new poverty lines update every row in place (HOT)
        {"postgresql_with": {"fillfactor": 50}},
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("ciudadano.id", ondelete="CASCADE"), unique=True
    )
    cuestionario_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("cuestionario.id", ondelete="CASCADE")
    )
    formulario_id: Mapped[int] = mapped_column(ForeignKey("formulario.id"))
    linea_id: Mapped[int | None] = mapped_column(
        ForeignKey("linea_pobreza.id", ondelete="SET NULL")
    )
    municipio_id: Mapped[int | None] = mapped_column(ForeignKey("municipio.id"))
    ambito: Mapped[str | None] = mapped_column(CHAR(1))
    integrantes: Mapped[int] = mapped_column(SmallInteger)
    ingreso_hogar: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    ingreso_pc_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    ingreso_pc_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    bajo_lpei: Mapped[bool | None] = mapped_column(Boolean)
    bajo_lpi: Mapped[bool | None] = mapped_column(Boolean)
    rezago_educativo: Mapped[bool | None] = mapped_column(Boolean)
    salud: Mapped[bool | None] = mapped_column(Boolean)
    seguridad_social: Mapped[bool | None] = mapped_column(Boolean)
    vivienda: Mapped[bool | None] = mapped_column(Boolean)
    servicios: Mapped[bool | None] = mapped_column(Boolean)
    alimentacion: Mapped[bool | None] = mapped_column(Boolean)
    carencias: Mapped[int] = mapped_column(SmallInteger)
    carencias_sin_datos: Mapped[int] = mapped_column(SmallInteger)
    clasificacion: Mapped[str]
    pam_depende: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    calculado: Mapped[datetime] = mapped_column(server_default=text("now()"))


class PobrezaHogar(Base):
    """The reasons of a household's measure: each deprivation of each member with its motivo,
    the home's and the household's, and the income (sipros_hogar_medir), written with the
    measure and read one household at a time."""

    __tablename__ = "pobreza_hogar"
    __table_args__ = (
        CheckConstraint("jsonb_typeof(hogar) = 'object'", name="pobreza_hogar_hogar_check"),
    )
    ciudadano_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("pobreza_medicion.ciudadano_id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    hogar: Mapped[dict[str, Any]]
