"""Solicitudes with real widgets as an official of the demo database: filter, open, approve with
a comment, the correction loop, and a bulk approval whose cupo runs out half-way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from sipros_desktop.vistas.solicitudes.modelo import COL_ESTADO, COL_FOLIO
from tests.servicios.test_solicitudes import aprobadas_de
from tests.vistas.ayudas import captura, ventana_principal


@pytest.fixture
def oficial(personal):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


@pytest.fixture
def vista(qtbot, qapp, oficial):
    s = ventana_principal(qtbot, qapp, oficial, "solicitudes").vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.apoyo.count() > 1 and s.modelo.total is not None, timeout=10000)
    qtbot.waitUntil(lambda: not s.modelo.cargando, timeout=10000)
    return s


def _esperar(qtbot, s):
    qtbot.waitUntil(lambda: not s.modelo.cargando and s.modelo.total is not None, timeout=10000)


def _filtrar(qtbot, s, combo, dato):
    combo.setCurrentIndex(combo.findData(dato))
    _esperar(qtbot, s)


def test_filtrar_abrir_aprobar_y_ver_historial(qtbot, vista, sql, oficial):
    s = vista
    total = sql.execute("SELECT count(*) FROM solicitud").fetchone()[0]
    assert s.modelo.total_filtro() == total
    assert s.contadores["En proceso"].text().startswith("En proceso: ")
    _filtrar(qtbot, s, s.estado, "En proceso")
    en_proceso = sql.execute(
        "SELECT count(*) FROM solicitud WHERE estado = 'En proceso'"
    ).fetchone()[0]
    assert s.modelo.total_filtro() == en_proceso
    assert {s.modelo.index(i, COL_ESTADO).data() for i in range(s.modelo.rowCount())} == {
        "En proceso"
    }
    captura(s.window(), "solicitudes_bandeja")
    folio = s.modelo.index(0, COL_FOLIO).data()
    dialogos = []
    s.dialogo_abierto.connect(dialogos.append)
    s.tabla.selectRow(0)
    qtbot.keyClick(s.tabla, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialogos), timeout=5000)
    d = dialogos[-1]
    assert d.detalle.folio == folio
    historial_antes = d.tabla_historial.rowCount()
    assert historial_antes >= 1
    qtbot.keyClicks(d.comentario, "Cumple con los requisitos")
    qtbot.mouseClick(d.botones["Aprobada"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.detalle.estado == "Aprobada", timeout=5000)
    ultima = d.tabla_historial.rowCount() - 1
    assert ultima == historial_antes
    assert d.tabla_historial.item(ultima, 0).text() == "Aprobada"
    assert d.tabla_historial.item(ultima, 2).text() == "Cumple con los requisitos"
    assert d.tabla_historial.item(ultima, 3).text() == oficial.usuario
    captura(d, "solicitudes_ver_solicitud")
    # the queue (filtered to En proceso) no longer shows it
    _esperar(qtbot, s)
    assert folio not in [s.modelo.index(i, COL_FOLIO).data() for i in range(s.modelo.rowCount())]


def test_ciclo_de_correccion(qtbot, vista, sql):
    s = vista
    _filtrar(qtbot, s, s.estado, "En proceso")
    dialogos = []
    s.dialogo_abierto.connect(dialogos.append)
    s.abrir(s.modelo.fila(0).id)
    qtbot.waitUntil(lambda: bool(dialogos), timeout=5000)
    d = dialogos[-1]
    d.botones["Corrección"].click()
    qtbot.waitUntil(lambda: "comentario" in d.errores.text(), timeout=5000)
    assert d.detalle.estado == "En proceso"
    d.comentario.setPlainText("Corregir domicilio")
    d.botones["Corrección"].click()
    qtbot.waitUntil(lambda: d.detalle.estado == "Corrección", timeout=5000)
    assert set(d.botones) == {"En proceso"}  # from Corrección only back to process
    d.botones["En proceso"].click()
    qtbot.waitUntil(lambda: d.detalle.estado == "En proceso", timeout=5000)
    estados = [d.tabla_historial.item(i, 0).text() for i in range(d.tabla_historial.rowCount())]
    assert estados[-2:] == ["Corrección", "En proceso"]


def test_aprobacion_masiva_con_cupo_que_se_agota(qtbot, vista, sql):
    s = vista
    programa, proceso, conv = sql.execute(
        "SELECT c.programa_id, c.proceso, c.id FROM solicitud x "
        "JOIN convocatoria c ON c.id = x.convocatoria_id WHERE x.estado = 'En proceso' "
        "GROUP BY 1, 2, 3 HAVING count(*) >= 5 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    aprobadas = aprobadas_de(sql, conv)
    sql.execute("UPDATE convocatoria SET cupo = %s WHERE id = %s", (aprobadas + 2, conv))
    _filtrar(qtbot, s, s.apoyo, programa)
    _filtrar(qtbot, s, s.proceso, proceso)
    _filtrar(qtbot, s, s.estado, "En proceso")
    seleccion = s.tabla.selectionModel()
    for i in range(5):
        seleccion.select(
            s.modelo.index(i, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    ids = [s.modelo.fila(i).id for i in range(5)]
    dialogos = []
    s.dialogo_abierto.connect(dialogos.append)
    s.boton_masivo.click()
    qtbot.waitUntil(lambda: bool(dialogos), timeout=5000)
    d = dialogos[-1]
    qtbot.waitUntil(lambda: d.previa is not None, timeout=5000)
    assert "Cambiarán a «Aprobada»: <b>2</b>" in d.resumen.text()
    assert "No pueden cambiar: <b>3</b>" in d.resumen.text()
    assert d.detalle.toPlainText().count("cupo agotado") == 3
    captura(d, "solicitudes_dictamen_masivo")
    d.comentario.setPlainText("Comité del 23 de noviembre")
    d.boton_aplicar.click()
    qtbot.waitUntil(lambda: hasattr(d, "resultado"), timeout=10000)
    assert d.resultado.cambiadas == 2
    estados = dict(sql.execute("SELECT id, estado FROM solicitud WHERE id = ANY(%s)", (ids,)))
    assert sorted(estados.values()) == ["Aprobada"] * 2 + ["En proceso"] * 3


def test_descargar_el_filtro(qtbot, vista, sql, dialogos_falsos, tmp_path):
    from openpyxl import load_workbook

    s = vista
    _filtrar(qtbot, s, s.estado, "Entregado")
    dialogos_falsos.archivo = str(tmp_path / "entregadas")  # the extension is added
    s.boton_descargar.click()
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos), timeout=15000)
    assert not dialogos_falsos.errores
    hoja = load_workbook(tmp_path / "entregadas.xlsx").active
    entregadas = sql.execute(
        "SELECT count(*) FROM solicitud WHERE estado = 'Entregado'"
    ).fetchone()[0]
    assert hoja.max_row == entregadas + 1
    assert {hoja.cell(i, 12).value for i in range(2, hoja.max_row + 1)} == {"Entregado"}
    assert s.boton_descargar.isEnabled() and not s.progreso.isVisible()


def test_dos_funcionarios_sobre_la_misma_solicitud(qtbot, vista, sql):
    s = vista
    _filtrar(qtbot, s, s.estado, "En proceso")
    dialogos = []
    s.dialogo_abierto.connect(dialogos.append)
    sid = s.modelo.fila(0).id
    s.abrir(sid)
    qtbot.waitUntil(lambda: bool(dialogos), timeout=5000)
    d = dialogos[-1]
    # meanwhile another official asks for a correction (outside this window)
    with sql.transaction():
        sql.execute(
            "INSERT INTO solicitud_historial (solicitud_id, estado, comentario, usuario) "
            "VALUES (%s, 'Corrección', 'Falta INE', 'otro_funcionario')",
            (sid,),
        )
        sql.execute("UPDATE solicitud SET estado = 'Corrección' WHERE id = %s", (sid,))
    d.botones["Aprobada"].click()
    qtbot.waitUntil(lambda: "Otra persona cambió" in d.errores.text(), timeout=5000)
    qtbot.waitUntil(lambda: d.detalle.estado == "Corrección", timeout=5000)  # shows what they did
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "Corrección",
    )
    assert d.tabla_historial.item(d.tabla_historial.rowCount() - 1, 2).text() == "Falta INE"
