"""Ver solicitud with the evidence, driven as an official: the citizen (Registro Civil with the
fields that differ, contact, address), the questionnaire, the other applications and benefits,
and the button that opens the citizen's file; and the questionnaire in the front desk's
expediente."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.vistas.ayudas import captura, ventana_principal

# an application of a demo citizen whose Registro Civil differs, with other applications and
# with benefits (the demo gives every 37th citizen another second surname in the extract)
_CON_TODO = """
SELECT s.id, s.folio, c.id, c.curp, c.apellido_materno
FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id
WHERE c.id % 37 = 0
  AND EXISTS (SELECT 1 FROM registro_civil r WHERE r.curp = c.curp)
  AND EXISTS (SELECT 1 FROM cuestionario q WHERE q.ciudadano_id = c.id)
  AND EXISTS (SELECT 1 FROM solicitud o WHERE o.ciudadano_id = c.id AND o.id <> s.id)
  AND EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id)
ORDER BY s.id LIMIT 1
"""


@pytest.fixture
def vista(qtbot, qapp, personal):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta, "solicitudes", tamano=(1280, 720))
    s = v.vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.modelo.total is not None and not s.modelo.cargando, timeout=10000)
    return s


def _abrir(qtbot, s, solicitud_id):
    abiertos = []
    s.dialogo_abierto.connect(abiertos.append)
    s.abrir(solicitud_id)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    d.resize(1280, 720)
    return d


def test_ver_solicitud_muestra_toda_la_evidencia(qtbot, vista, sql):
    sid, folio, cid, curp, materno = sql.execute(_CON_TODO).fetchone()
    otras = sql.execute(
        "SELECT count(*) FROM solicitud WHERE ciudadano_id = %s AND id <> %s", (cid, sid)
    ).fetchone()[0]
    beneficios = sql.execute(
        "SELECT count(*) FROM beneficio WHERE ciudadano_id = %s", (cid,)
    ).fetchone()[0]
    rc_materno = sql.execute(
        "SELECT apellido_materno FROM registro_civil WHERE curp = %s", (curp,)
    ).fetchone()[0]
    d = _abrir(qtbot, vista, sid)
    assert d.detalle.folio == folio
    assert d.evidencia is not None  # it opened complete: nothing left to load
    # the citizen: the Registro Civil says what differs, captured beside registered
    d.pestanas.setCurrentIndex(d.pestanas.indexOf(d.pestanas.widget(4)))
    assert d.pestanas.tabText(4) == "Ciudadano"
    assert d.rc_estado.text() == "Registro Civil: con discrepancias en segundo apellido"
    assert d.tabla_discrepancias.rowCount() == 1
    fila = [d.tabla_discrepancias.item(0, j).text() for j in range(3)]
    assert fila == ["segundo apellido", materno or "—", rc_materno]
    telefono, calle = sql.execute(
        "SELECT c.telefono, d.calle FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id "
        "WHERE c.id = %s",
        (cid,),
    ).fetchone()
    textos = [w.text() for w in d.contacto.findChildren(type(d.rc_estado))]
    assert (telefono or "—") in textos
    assert calle in [w.text() for w in d.domicilio.findChildren(type(d.rc_estado))]
    captura(d, "ver_solicitud_ciudadano")
    # the questionnaire: questions with their answers, in sections
    d.pestanas.setCurrentWidget(d.cuestionario)
    assert d.pestanas.tabText(d.pestanas.currentIndex()) == "Cuestionario socioeconómico"
    assert len(d.cuestionario.respuestas) >= 10
    assert d.cuestionario.encabezado.text().startswith("Cuestionario Único")
    captura(d, "ver_solicitud_cuestionario")
    # concurrence: every other application and benefit of the person (state-wide official)
    d.pestanas.setCurrentWidget(d.pestana_otras)
    assert d.tabla_otras.rowCount() == otras
    assert d.tabla_beneficios.rowCount() == beneficios
    assert d.nota_alcance.text().startswith("Todas las solicitudes")
    folios = {d.tabla_otras.item(i, 0).text() for i in range(otras)}
    assert folio not in folios
    captura(d, "ver_solicitud_otras")
    # the citizen's file, from the button
    abiertos = []
    d.dialogo_abierto.connect(abiertos.append)
    qtbot.mouseClick(d.boton_expediente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    ficha = abiertos[-1]
    assert ficha.ficha.curp == curp
    assert ficha.cuestionario.respuestas == d.cuestionario.respuestas
    ficha.close()
    d.close()


def test_ventana_cabe_en_1280x720(qtbot, vista, sql):
    sid = sql.execute(_CON_TODO).fetchone()[0]
    d = _abrir(qtbot, vista, sid)
    assert d.width() <= 1280 and d.height() <= 720
    assert d.minimumSizeHint().height() <= 720
    d.close()


def test_consulta_por_folio_y_luego_por_curp(qtbot, qapp, personal, sql):
    folio, curp, nombre = sql.execute(
        "SELECT s.folio, c.curp, c.nombre FROM solicitud s JOIN ciudadano c ON c.id = "
        "s.ciudadano_id WHERE EXISTS (SELECT 1 FROM documento d WHERE d.solicitud_id = s.id) "
        "ORDER BY s.id LIMIT 1"
    ).fetchone()
    otra_curp, otro_nombre = sql.execute(
        "SELECT curp, nombre FROM ciudadano WHERE curp <> %s AND nombre <> %s ORDER BY id LIMIT 1",
        (curp, nombre),
    ).fetchone()
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    ventana = ventana_principal(qtbot, qapp, cuenta, "consulta", tamano=(1280, 720))
    v = ventana.vistas["consulta"]
    # the folio as the citizen reads it from the acuse
    qtbot.keyClicks(v.curp, folio.lower())
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: v.expediente is not None, timeout=10000)
    assert v.expediente.curp == curp
    assert v.ciudadano.text().startswith(nombre) and curp in v.ciudadano.text()
    assert f"El folio {folio} es de este ciudadano." in v.mensaje.text()
    fila = v.solicitudes.selectionModel().selectedRows()[0].row()
    assert v.solicitudes.item(fila, 0).text() == folio  # that application first
    documentos = [
        r[0]
        for r in sql.execute(
            "SELECT d.tipo FROM documento d JOIN solicitud s ON s.id = d.solicitud_id "
            "WHERE s.folio = %s ORDER BY d.id",
            (folio,),
        )
    ]
    # what it carries, by name, under the table
    assert v.pendiente.text().endswith("Documentos: " + ", ".join(documentos))
    assert v.convocatorias.rowCount() == len(v.expediente.convocatorias) > 0
    situaciones = {v.convocatorias.item(i, 4).text() for i in range(v.convocatorias.rowCount())}
    assert situaciones <= {c.motivo or "Puede solicitarla en Ventanilla"
                           for c in v.expediente.convocatorias}  # fmt: skip
    captura(v.window(), "consulta_por_folio")
    v.pestanas.setCurrentWidget(v.convocatorias)
    captura(v.window(), "consulta_convocatorias")
    # then a CURP: the other citizen, nothing of the previous one
    v.curp.clear()
    qtbot.keyClicks(v.curp, otra_curp)
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: v.expediente is not None and v.expediente.curp == otra_curp,
                    timeout=10000)  # fmt: skip
    assert v.ciudadano.text().startswith(otro_nombre)
    assert "folio" not in v.mensaje.text()
    textos = [
        t.item(i, j).text()
        for t in (v.solicitudes, v.beneficios, v.historial)
        for i in range(t.rowCount())
        for j in range(t.columnCount())
    ]
    assert folio not in " ".join(textos)


def test_consulta_folio_que_no_existe(qtbot, qapp, personal):
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta, "consulta", tamano=(1280, 720)).vistas["consulta"]
    qtbot.keyClicks(v.curp, "01/01/2020-NOEXISTE-99999")
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not v.ocupada, timeout=10000)
    assert "No existe ninguna solicitud con el folio 01/01/2020-NOEXISTE-99999" in (
        v.mensaje.text()
    )
    assert not v.contenido.isVisible()
