"""Every time shown or printed is on the offices' clock (America/Mexico_City), whatever zone
the PC is set to: a PC left in UTC writes the same hour as every other screen."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from sipros_desktop.servicios import horario
from sipros_desktop.vistas.comun import formato


@pytest.fixture(params=["UTC", "Asia/Tokyo", "America/Mexico_City"])
def zona_del_equipo(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_la_misma_hora_en_todas_las_pantallas_sea_cual_sea_la_zona_del_equipo(zona_del_equipo):
    # 00:37 UTC on the 5th is 18:37 on the 4th in Querétaro
    instante = datetime(2026, 12, 5, 0, 37, tzinfo=UTC)
    assert formato.fecha_hora(instante) == "04/12/2026 18:37"
    assert horario.fecha_hora(instante, segundos=True) == "04/12/2026 18:37:00"
    assert horario.hora(instante) == "18:37"
    assert os.environ["TZ"] == zona_del_equipo


def test_un_dia_de_filtro_es_el_dia_de_las_oficinas(zona_del_equipo):
    desde, hasta = horario.inicio_del_dia(date(2026, 12, 4)), horario.fin_del_dia(date(2026, 12, 4))
    assert desde.astimezone(UTC) == datetime(2026, 12, 4, 6, tzinfo=UTC)
    assert (hasta - desde).total_seconds() == 24 * 3600
