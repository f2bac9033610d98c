"""The business date of the test databases: frozen, so the suite gives the same result on any
day. ``SIPROS_PRUEBAS_HOY=AAAA-MM-DD`` runs the whole suite as if it were another day."""

from __future__ import annotations

import os
from datetime import date

HOY = date.fromisoformat(os.environ.get("SIPROS_PRUEBAS_HOY") or "2026-11-25")


def congelar(conexion) -> None:
    """Freeze ``sipros_hoy()`` of the database behind ``conexion`` (its owner) on ``HOY``."""
    conexion.execute(
        "CREATE OR REPLACE FUNCTION sipros_hoy() RETURNS date LANGUAGE sql STABLE PARALLEL SAFE "
        f"AS $$ SELECT DATE '{HOY.isoformat()}' $$"
    )
