"""bench/concurrencia.py for a few seconds with three people (a clerk, an official, a delivery
desk) on the test database: the JSON the README's table comes from, and the end-of-run checks
(folios, deliveries, SMS, history) passing on real work — the accounts removed afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg

from sipros_desktop import bd
from tests.conftest import PROPIETARIO

BENCH = Path(__file__).resolve().parents[2] / "bench" / "concurrencia.py"


def test_tres_personas_a_la_vez_sin_escrituras_perdidas(bd_demo, datos_locales):
    dueno = bd_demo.set(username=PROPIETARIO)
    r = subprocess.run(
        [sys.executable, str(BENCH), "--url", dueno.render_as_string(hide_password=False),
         "--sesiones", "3", "--minutos", "0.15", "--pensar", "0.4", "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    salida = json.loads(r.stdout)
    assert salida["sesiones"] == 3 and salida["errores"] == 0
    assert salida["perfiles"] == {"ventanilla": 1, "funcionario": 1, "entrega": 1}
    # one connection each (and the watcher's, the dispatcher's), never two per person
    assert 3 <= salida["conexiones_max"] <= 3 + 4
    assert salida["conexiones_por_persona_max"] == 1
    acciones = salida["acciones"]
    for nombre in ("inicio", "buscar_curp", "abrir_expediente", "cola", "escanear", "entregar"):
        a = acciones[nombre]
        assert a["n"] > 0 and 0 < a["p50_ms"] <= a["p95_ms"] <= a["peor_ms"], nombre
        assert isinstance(a["interactiva"], bool)
    assert salida["deadlocks"] == 0
    i = salida["integridad"]
    assert i["ok"], i
    assert (
        i["entregas"]["entregadas"] > 0
        and i["entregas"]["en_base"] == (i["entregas"]["entregadas"])
    )
    assert i["historial"]["en_base"] == i["historial"]["avisadas"] > 0
    assert i["sms"]["dobles"] == i["sms"]["sin_enviar"] == 0
    # the run's accounts are gone
    with psycopg.connect(bd.dsn(dueno)) as c:
        quedan = c.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'conc%%\\_%%'"
        ).fetchone()[0]
        fichas = c.execute(
            "SELECT count(*) FROM funcionario WHERE usuario LIKE 'conc%%\\_%%'"
        ).fetchone()[0]
    assert quedan == fichas == 0
