"""«Registrar entrega…» in Solicitudes with real widgets, as a delivery clerk of the área: an
approved application paid by transfer is marked delivered once; what is missing is said before
anything is sent, and a second attempt is refused with when and how it was delivered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sipros_desktop.vistas.solicitudes.modelo import COL_ESTADO
from tests.servicios.test_entrega_directa import _aprobada
from tests.vistas.ayudas import captura, dialogo_abierto, ventana_principal


def test_registrar_entrega_por_transferencia_desde_solicitudes(
    qtbot, qapp, personal, sql, dialogos_falsos
):
    (sid,), area = _aprobada(sql)
    folio = sql.execute("SELECT folio FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
    clerk = personal.crear(["entrega"], area=area, alcance="area")
    sql.execute("UPDATE funcionario SET nombre = 'Rosa Ibarra Luna' WHERE usuario = %s",
                (clerk.usuario,))  # fmt: skip
    personal.activar_como(clerk)
    v = ventana_principal(qtbot, qapp, clerk, "solicitudes", tamano=(1280, 720))
    s = v.vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.modelo.total is not None and not s.modelo.cargando, timeout=10000)
    # the delivery clerk sees the applications of its área, without dictamen buttons
    s.estado.setCurrentIndex(s.estado.findData("Aprobada"))
    qtbot.waitUntil(lambda: s.modelo.total is not None and not s.modelo.cargando, timeout=10000)
    assert s.modelo.rowCount() > 0
    assert not s.boton_masivo.isVisible() and not s.boton_filtro.isVisible()
    assert {s.modelo.index(i, COL_ESTADO).data() for i in range(s.modelo.rowCount())} == {
        "Aprobada"
    }
    d = dialogo_abierto(qtbot, s, lambda: s.abrir(sid))
    assert d.boton_entrega.isVisible() and not d.grupo_dictamen.isVisible()
    assert not d.pestanas.isTabVisible(2)  # no documents for delivery staff
    # nor the evidence for deciding (the citizen's file, questionnaire, other applications)
    assert [d.pestanas.isTabVisible(i) for i in range(d.pestanas.count())][4:] == [False] * (
        d.pestanas.count() - 4
    )
    assert not d.boton_expediente.isVisible()
    qtbot.mouseClick(d.boton_entrega, Qt.MouseButton.LeftButton)
    e = d.dialogo_entrega
    qtbot.waitUntil(e.isVisible, timeout=5000)
    # without the reference nothing is asked nor sent
    qtbot.mouseClick(e.boton_registrar, Qt.MouseButton.LeftButton)
    assert "Escriba la referencia" in e.errores.text() and not dialogos_falsos.preguntas
    e.metodo.setCurrentIndex(e.metodo.findData("Transferencia"))
    qtbot.keyClicks(e.referencia, "SPEI 2611 0045 7788")
    assert not e.errores.text()  # typing clears what was said
    captura(e, "entrega_sin_evento_registrar")
    qtbot.mouseClick(e.boton_registrar, Qt.MouseButton.LeftButton)
    assert folio in dialogos_falsos.preguntas[-1]
    assert "Transferencia, referencia SPEI 2611 0045 7788" in dialogos_falsos.preguntas[-1]
    qtbot.waitUntil(lambda: d.detalle.estado == "Entregado", timeout=10000)
    assert not d.boton_entrega.isVisible()
    assert "Transferencia, referencia SPEI 2611 0045 7788" in d.detalle.entrega_sin_evento
    assert d.detalle.entrega_sin_evento.endswith("(registró Rosa Ibarra Luna)")  # never a login
    assert d.tabla_historial.item(d.tabla_historial.rowCount() - 1, 0).text() == "Entregado"
    captura(d, "entrega_sin_evento_solicitud")
    assert sql.execute(
        "SELECT s.estado, e.metodo, e.registrado_por, (SELECT count(*) FROM beneficio b "
        "WHERE b.solicitud_id = s.id) FROM solicitud s JOIN entrega_directa e "
        "ON e.solicitud_id = s.id WHERE s.id = %s",
        (sid,),
    ).fetchone() == ("Entregado", "Transferencia", clerk.usuario, 1)


def test_una_segunda_entrega_se_rechaza_en_la_pantalla(qtbot, qapp, personal, sql):
    (sid,), area = _aprobada(sql)
    clerk = personal.crear(["entrega"], area=area, alcance="area")
    otro = personal.crear(["entrega"], area=area, alcance="area")
    personal.activar_como(clerk)
    v = ventana_principal(qtbot, qapp, clerk, "solicitudes", tamano=(1280, 720))
    s = v.vistas["solicitudes"]
    d = dialogo_abierto(qtbot, s, lambda: s.abrir(sid))
    qtbot.mouseClick(d.boton_entrega, Qt.MouseButton.LeftButton)
    e = d.dialogo_entrega
    # meanwhile another clerk registered it from another PC
    with otro.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar_sin_evento(%s, 'Cheque', '0009911')", (sid,))
    e.metodo.setCurrentIndex(e.metodo.findData("Tarjeta"))
    qtbot.keyClicks(e.referencia, "5204 1234")
    qtbot.mouseClick(e.boton_registrar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(e.errores.text()), timeout=10000)
    assert "ya se entregó el" in e.errores.text() and "cheque 0009911" in e.errores.text()
    assert e.isVisible() and e.boton_registrar.isEnabled()
