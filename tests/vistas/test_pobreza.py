"""The household and its poverty measure on screen, as an official and at the front desk: the
tab «Hogar y pobreza» of Ver solicitud, of the citizen's file and of the front desk's expediente
shows the classification with why, the six deprivations with their reasons and each member."""

from __future__ import annotations

import pytest

from sipros_desktop.servicios import ciudadanos
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha
from tests.vistas.ayudas import captura, ventana_principal

# an application of a citizen in poverty with several members
_EN_POBREZA = """
SELECT s.id, p.ciudadano_id, p.clasificacion, p.integrantes FROM pobreza_medicion p
JOIN solicitud s ON s.ciudadano_id = p.ciudadano_id
WHERE p.clasificacion IN ('pobreza_moderada', 'pobreza_extrema') AND p.integrantes >= 3
  AND p.carencias_sin_datos = 0
ORDER BY s.id LIMIT 1
"""


@pytest.fixture
def solicitudes(qtbot, qapp, personal):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta, "solicitudes", tamano=(1280, 720))
    s = v.vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.modelo.total is not None and not s.modelo.cargando, timeout=10000)
    return s


def test_ver_solicitud_muestra_el_hogar_y_su_pobreza(qtbot, solicitudes, sql):
    sid, cid, clase, integrantes = sql.execute(_EN_POBREZA).fetchone()
    abiertos = []
    solicitudes.dialogo_abierto.connect(abiertos.append)
    solicitudes.abrir(sid)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    d.pestanas.setCurrentWidget(d.hogar)
    assert d.pestanas.tabText(d.pestanas.currentIndex()) == "Hogar y pobreza"
    h = d.hogar
    etiqueta = {"pobreza_moderada": "Pobreza moderada", "pobreza_extrema": "Pobreza extrema"}
    assert h.clase.text() == etiqueta[clase]
    # why: the income against the lines, the deprivations counted, the rule of the class
    renglones = h.por_que.text().split("\n")
    assert renglones[0].startswith("Ingreso: $") and "línea" in renglones[0]
    assert renglones[1].startswith("Carencias sociales: ")
    assert renglones[-1].startswith(etiqueta[clase] + ": ingreso menor que la línea de pobreza")
    # the six deprivations, each with its state and reason, as the database keeps them
    fila = sql.execute(
        "SELECT rezago_educativo, salud, seguridad_social, vivienda, servicios, alimentacion, "
        "hogar -> 'vivienda' ->> 'motivo' FROM pobreza_medicion WHERE ciudadano_id = %s",
        (cid,),
    ).fetchone()
    estados = [h.carencias.item(i, 1).text() for i in range(6)]
    assert estados == [{True: "Sí", False: "No"}[c] for c in fila[:6]]
    assert h.carencias.item(3, 0).text() == "Calidad y espacios de la vivienda"
    assert h.carencias.item(3, 2).text() == fila[6]
    # every member, with their own classification and personal deprivations (reason: tooltip)
    assert h.integrantes.rowCount() == integrantes
    assert h.integrantes.item(0, 0).text() == "1"
    assert h.integrantes.item(0, 8).toolTip()  # the reason of the social security
    assert "versión 2" in h.fuente.text() and "enero de 2026" in h.fuente.text()
    for ancho, alto in ((1280, 720), (1920, 1080)):
        d.resize(ancho, alto)
        qtbot.wait(50)
        captura(d, f"ver_solicitud_hogar_{ancho}x{alto}")
    d.close()


def test_el_expediente_dice_cuando_el_hogar_no_esta_medido(qtbot, qapp, personal, sql):
    """A citizen without a questionnaire (as a load registers them): the tab says the household
    is not measured; one with a questionnaire shows it."""
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    sin = sql.execute(
        "SELECT ciudadano_id FROM pobreza_medicion ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    sql.execute("DELETE FROM cuestionario WHERE ciudadano_id = %s", (sin,))  # its measure goes
    assert sql.execute(
        "SELECT count(*) FROM pobreza_medicion WHERE ciudadano_id = %s", (sin,)
    ).fetchone() == (0,)
    d = DialogoFicha(ciudadanos.ficha(sin))
    qtbot.addWidget(d)
    d.pestanas.setCurrentWidget(d.hogar)
    assert d.hogar.clase.text().startswith("El hogar del ciudadano no está medido")
    assert d.hogar.carencias.rowCount() == 0
    con = sql.execute("SELECT ciudadano_id FROM pobreza_medicion ORDER BY id LIMIT 1").fetchone()[0]
    d2 = DialogoFicha(ciudadanos.ficha(con))
    qtbot.addWidget(d2)
    d2.show()
    d2.pestanas.setCurrentWidget(d2.hogar)
    assert d2.hogar.carencias.rowCount() == 6 and d2.hogar.medicion is not None
    captura(d2, "expediente_hogar")
