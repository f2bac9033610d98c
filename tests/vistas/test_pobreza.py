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
        "h.hogar -> 'vivienda' ->> 'motivo' FROM pobreza_medicion p JOIN pobreza_hogar h "
        "ON h.ciudadano_id = p.ciudadano_id WHERE p.ciudadano_id = %s",
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


def test_indicadores_y_mapa_de_pobreza_por_municipio(qtbot, qapp, personal, sql, tmp_path):
    """Indicators by classification and deprivation per municipality: the share of the
    beneficiaries in moderate poverty as bars, the table with every class and deprivation
    (and its total), the same for the registered population; the map by deprivation."""
    from sipros_desktop.servicios import geografia
    from sipros_desktop.vistas.aplicacion import aplicar_estilo
    from sipros_desktop.vistas.reportes.indicadores import PanelIndicadores
    from tests.geojson import limites_sinteticos
    from tests.vistas.test_indicadores import _colores

    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    claves = [r[0] for r in sql.execute("SELECT clave FROM municipio")]
    geografia.importar(limites_sinteticos(tmp_path / "m.geojson", claves))
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    aplicar_estilo(qapp)
    p = PanelIndicadores()
    qtbot.addWidget(p)
    p.resize(1280, 660)
    p.show()
    qtbot.waitUntil(lambda: p.tabla.rowCount() > 0, timeout=15000)
    p.vista.setCurrentIndex(p.vista.findData("pobreza"))
    assert p.poblacion.isVisible() and p.medida.currentData() == "pobreza_moderada"
    qtbot.waitUntil(lambda: p.tabla.columnCount() == 14 and p.tabla.rowCount() > 1,
                    timeout=15000)  # fmt: skip
    assert p.tabla.horizontalHeaderItem(13).text() == "Alimentación"
    total = p.tabla.rowCount() - 1
    assert p.tabla.item(total, 0).text() == "Total"
    # the beneficiaries with a measured household, once each
    medidos = sql.execute(
        "SELECT count(*) FROM (SELECT DISTINCT b.ciudadano_id FROM beneficio b "
        "JOIN pobreza_medicion m ON m.ciudadano_id = b.ciudadano_id) x"
    ).fetchone()[0]
    assert p.tabla.item(total, 1).text() == f"{medidos:,}"
    assert _colores(p.grafica.grab().toImage()) > 3
    captura(p, "indicadores_pobreza_1280x720")
    p.poblacion.setCurrentIndex(p.poblacion.findData("registrados"))
    registrados = sql.execute("SELECT count(*) FROM pobreza_medicion").fetchone()[0]
    qtbot.waitUntil(lambda: p.tabla.item(p.tabla.rowCount() - 1, 1).text()
                    == f"{registrados:,}", timeout=15000)  # fmt: skip
    # the map: the share with carencia por acceso a la alimentación, by municipality
    p.vista.setCurrentIndex(p.vista.findData("mapa_pobreza"))
    p.medida.setCurrentIndex(p.medida.findData("carencia:alimentacion"))
    qtbot.waitUntil(lambda: p.dibujo.currentWidget() is p.mapa and p.tabla.columnCount() == 2
                    and p.tabla.rowCount() > 0, timeout=15000)  # fmt: skip
    assert p.tabla.horizontalHeaderItem(1).text() == "% de las personas"
    assert p.tabla.item(0, 1).text().endswith(" %")
    assert _colores(p.mapa.grab().toImage()) > 4
    captura(p, "mapa_pobreza_1280x720")
    # back to the amounts of benefits: the measures are those again
    p.vista.setCurrentIndex(p.vista.findData("municipio"))
    assert p.medida.itemData(0) == "beneficiarios" and not p.poblacion.isVisible()


def test_padron_por_pobreza_del_hogar(qtbot, qapp, personal, sql):
    from PySide6.QtCore import Qt

    from tests.vistas.test_cargas import _vista

    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    v, vista = _vista(qtbot, qapp, funcionario, (1920, 1080))
    panel = vista.padron
    qtbot.waitUntil(lambda: "beneficiarios únicos" in panel.totales.text(), timeout=15000)
    panel.vistas.setCurrentIndex(2)
    qtbot.waitUntil(lambda: "beneficiarios en los filtros" in panel.estado_pobreza.text(),
                    timeout=15000)  # fmt: skip
    assert panel.tabla_pobreza.rowCount() == 7
    assert panel.tabla_pobreza.item(0, 0).text() == "Pobreza extrema"
    extrema = sql.execute(
        "SELECT count(DISTINCT b.ciudadano_id) FROM beneficio b JOIN pobreza_medicion m ON "
        "m.ciudadano_id = b.ciudadano_id WHERE m.clasificacion = 'pobreza_extrema'"
    ).fetchone()[0]
    assert panel.tabla_pobreza.item(0, 1).text() == f"{extrema:,}"
    captura(v, "padron_pobreza_1920x1080")
    # the filter by classification: only the beneficiaries in extreme poverty
    panel.clasificacion.setCurrentIndex(panel.clasificacion.findData("pobreza_extrema"))
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"{extrema:,} beneficiarios únicos" in panel.totales.text(),
                    timeout=15000)  # fmt: skip
