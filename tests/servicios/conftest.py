"""Fixtures the service tests of field brigades share."""

from __future__ import annotations

import pytest


@pytest.fixture
def claves(sql):
    """(TARUN's open call, municipality 22014)."""
    conv = sql.execute(
        "SELECT c.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "WHERE p.clave = 'TARUN' AND c.abierta AND c.fecha_cierre >= sipros_hoy() "
        "AND c.fecha_apertura <= sipros_hoy() ORDER BY c.id LIMIT 1"
    ).fetchone()[0]
    mun = sql.execute("SELECT id FROM municipio WHERE clave = '22014'").fetchone()[0]
    return conv, mun


@pytest.fixture
def clerk(personal, datos_locales):
    """A front-desk clerk of state-wide scope, logged in (every bd.sesion() is theirs)."""
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta
