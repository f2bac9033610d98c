"""Solicitudes with real widgets as an official of the demo database: filter, open, approve with
a comment, the correction loop, and a bulk approval whose cupo runs out half-way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from sipros_desktop.vistas.solicitudes.modelo import COL_ACCIONES, COL_ESTADO, COL_FOLIO
from tests.servicios.test_solicitudes import aprobadas_de
from tests.vistas.ayudas import captura, en_reposo, ventana_principal


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
    # the preview lists the folios that will change: the two oldest
    primeras = [
        f for (f,) in sql.execute(
            "SELECT folio FROM solicitud WHERE id = ANY(%s) ORDER BY fecha_solicitud, id "
            "LIMIT 2", (ids,))
    ]  # fmt: skip
    lineas = d.detalle.toPlainText().splitlines()
    assert lineas[:3] == ["Cambiarán a «Aprobada» (2):", *primeras]
    captura(d, "solicitudes_dictamen_masivo")
    d.comentario.setPlainText("Comité del 23 de noviembre")
    d.boton_aplicar.click()
    qtbot.waitUntil(lambda: hasattr(d, "resultado"), timeout=10000)
    assert d.resultado.cambiadas == 2
    estados = dict(sql.execute("SELECT id, estado FROM solicitud WHERE id = ANY(%s)", (ids,)))
    assert sorted(estados.values()) == ["Aprobada"] * 2 + ["En proceso"] * 3


def test_rechazo_masivo_pide_comentario_y_confirmacion(qtbot, vista, sql, dialogos_falsos):
    """The preview says the comment is required; applying without it says so; once applied,
    that old error is gone; a rejection is confirmed first, and «No» changes nothing."""
    s = vista
    _filtrar(qtbot, s, s.estado, "En proceso")
    ids = [s.modelo.fila(i).id for i in range(3)]
    abiertos = []
    s.dialogo_abierto.connect(abiertos.append)
    s._masivo(ids)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    d = abiertos[0]
    qtbot.waitUntil(lambda: d.previa is not None, timeout=5000)
    d.previa = None
    d.hacia.setCurrentIndex(d.hacia.findData("Rechazada"))
    qtbot.waitUntil(lambda: d.previa is not None, timeout=5000)
    assert "Pasar a «Rechazada» requiere un comentario." in d.resumen.text()
    assert d.etiqueta_comentario.text() == "Comentario (obligatorio):"
    d.boton_aplicar.click()
    assert "Escriba el comentario" in d.errores.text() and not dialogos_falsos.preguntas
    d.comentario.setPlainText("Fuera de la zona de atención del programa")
    dialogos_falsos.responder = False
    d.boton_aplicar.click()
    assert dialogos_falsos.preguntas[-1].startswith("¿Pasar 3 solicitudes a «Rechazada»?")
    en_reposo(qtbot)
    estados = {e for (e,) in sql.execute("SELECT estado FROM solicitud WHERE id = ANY(%s)",
                                          (ids,))}  # fmt: skip
    assert estados == {"En proceso"}
    dialogos_falsos.responder = True
    d.boton_aplicar.click()
    qtbot.waitUntil(lambda: hasattr(d, "resultado"), timeout=10000)
    assert d.resultado.cambiadas == 3 and d.errores.text() == ""
    estados = {e for (e,) in sql.execute("SELECT estado FROM solicitud WHERE id = ANY(%s)",
                                          (ids,))}  # fmt: skip
    assert estados == {"Rechazada"}


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


# ------------------------------------------------------------------ the desk in real use


def _dialogos_ver(s):
    from sipros_desktop.vistas.solicitudes.detalle import DialogoVerSolicitud

    return [d for d in s.findChildren(DialogoVerSolicitud) if d.isVisible()]


def test_doble_clic_abre_una_sola_ventana(qtbot, vista, sql):
    """One double click, one Ver Solicitud; opening it again brings that one to the front; a
    decision there is the official's own (no «Otra persona cambió…» about it)."""
    s = vista
    _filtrar(qtbot, s, s.estado, "En proceso")
    abiertos = []
    s.dialogo_abierto.connect(abiertos.append)
    rect = s.tabla.visualRect(s.modelo.index(0, COL_FOLIO))
    qtbot.mouseClick(s.tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(s.tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    en_reposo(qtbot)  # a second load, if the gesture started one, has ended too
    assert len(abiertos) == 1 and len(_dialogos_ver(s)) == 1
    d = abiertos[0]
    s.abrir(d.detalle.id)  # again (Enter, the link, the button): the same window
    en_reposo(qtbot)
    assert len(abiertos) == 1 and _dialogos_ver(s) == [d]
    d.botones["Aprobada"].click()
    qtbot.waitUntil(lambda: d.detalle.estado == "Aprobada", timeout=5000)
    assert d.errores.text() == ""
    d.close()
    qtbot.waitUntil(lambda: not _dialogos_ver(s), timeout=5000)
    s.abrir(s.modelo.fila(0).id)  # once closed, an application opens again
    qtbot.waitUntil(lambda: len(abiertos) == 2, timeout=5000)


def test_el_enlace_ver_solicitud_la_abre(qtbot, vista):
    s = vista
    fila = s.modelo.fila(2)
    s.tabla.scrollTo(s.modelo.index(2, COL_ACCIONES))
    rect = s.tabla.visualRect(s.modelo.index(2, COL_ACCIONES))
    abiertos = []
    s.dialogo_abierto.connect(abiertos.append)
    qtbot.mouseClick(s.tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    assert abiertos[0].detalle.folio == fila.folio
    assert s.modelo.index(2, COL_ACCIONES).data(Qt.ItemDataRole.FontRole).underline()
    # a click elsewhere in the row only selects it
    qtbot.mouseClick(
        s.tabla.viewport(),
        Qt.MouseButton.LeftButton,
        pos=s.tabla.visualRect(s.modelo.index(3, COL_FOLIO)).center(),
    )
    en_reposo(qtbot)
    assert len(abiertos) == 1 and s.tabla.selectionModel().isRowSelected(3)


def test_fecha_tecleada_y_calendario_en_hoy(qtbot, vista, sql):
    """«Del / al»: dd/mm/aaaa typed with the digits alone, Tab leaves and filters; a wrong date
    says so and filters nothing; the calendar opens at the business date (sipros_hoy)."""
    from PySide6.QtCore import QDate

    s = vista
    desde = sql.execute(
        "SELECT fecha_solicitud FROM solicitud ORDER BY fecha_solicitud "
        "OFFSET (SELECT count(*) / 2 FROM solicitud) LIMIT 1"
    ).fetchone()[0]
    s.desde.texto.setFocus()
    qtbot.keyClicks(s.desde.texto, desde.strftime("%d%m%Y"))
    assert s.desde.texto.text() == desde.strftime("%d/%m/%Y")
    qtbot.keyClick(s.desde.texto, Qt.Key.Key_Tab)
    assert not s.desde.texto.hasFocus()  # Tab leaves the field
    qtbot.waitUntil(lambda: s.modelo.filtro.desde == desde, timeout=5000)
    _esperar(qtbot, s)
    esperado = sql.execute(
        "SELECT count(*) FROM solicitud WHERE fecha_solicitud >= %s", (desde,)
    ).fetchone()[0]
    assert s.modelo.total_filtro() == esperado
    assert min(s.modelo.fila(i).fecha_solicitud for i in range(s.modelo.rowCount())) >= desde
    captura(s.window(), "solicitudes_del_al")

    # a date that does not exist: said beside the table, and no date filter meanwhile
    s.hasta.texto.setFocus()
    qtbot.keyClicks(s.hasta.texto, "31/02/2026")
    qtbot.keyClick(s.hasta.texto, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "dd/mm/aaaa" in s.errores.text(), timeout=5000)
    assert s.hasta.fecha() is None and s.hasta.texto.property("invalida")
    s.hasta.texto.clear()
    qtbot.waitUntil(lambda: s.errores.text() == "", timeout=5000)

    # the calendar opens at today of the offices' database, not at January 2000
    hoy = sql.execute("SELECT sipros_hoy()").fetchone()[0]
    qtbot.mouseClick(s.hasta.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(s.hasta.menu.isVisible, timeout=5000)
    cal = s.hasta.calendario
    assert (cal.yearShown(), cal.monthShown()) == (hoy.year, hoy.month)
    assert cal.selectedDate() == QDate(hoy)
    captura(s.hasta.menu, "solicitudes_calendario")
    cal.setSelectedDate(QDate(hoy.year, hoy.month, 1))
    cal.activated.emit(cal.selectedDate())  # Enter or a double click on a day
    assert not s.hasta.menu.isVisible()
    assert s.hasta.texto.text() == f"01/{hoy.month:02d}/{hoy.year}"
    qtbot.waitUntil(lambda: s.modelo.filtro.hasta == hoy.replace(day=1), timeout=5000)


def test_opcion_resaltada_de_una_lista_se_ve(qtbot, vista):
    """In a drop-down list the highlighted option has its own colour and its text shows
    (it was white on white)."""
    combo = vista.estado
    combo.showPopup()
    lista = combo.view()
    qtbot.waitUntil(lista.isVisible, timeout=5000)
    lista.setCurrentIndex(combo.model().index(2, 0))

    def se_ve_resaltada() -> None:  # (as soon as the list is painted with it)
        imagen = lista.viewport().grab().toImage()
        resaltada = lista.visualRect(combo.model().index(2, 0))
        otra = lista.visualRect(combo.model().index(4, 0))
        derecha = min(resaltada.right(), imagen.width() - 1)
        x = derecha - 4  # right of the text: the row's background
        fondo_resaltada = imagen.pixelColor(x, resaltada.center().y())
        fondo_otra = imagen.pixelColor(x, otra.center().y())
        assert fondo_resaltada != fondo_otra
        colores = {
            imagen.pixelColor(i, j).rgb()
            for i in range(resaltada.left(), derecha)
            for j in range(resaltada.top(), resaltada.bottom())
        }
        assert len(colores) > 3  # the text is drawn in another colour than its background

    qtbot.waitUntil(se_ve_resaltada, timeout=5000)
    captura(lista.window(), "lista_desplegable")
    combo.hidePopup()


def _abrir_en_proceso(qtbot, s):
    _filtrar(qtbot, s, s.estado, "En proceso")
    abiertos = []
    s.dialogo_abierto.connect(abiertos.append)
    s.abrir(s.modelo.fila(0).id)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    return abiertos[0]


def _historial(sql, sid):
    return sql.execute(
        "SELECT count(*) FROM solicitud_historial WHERE solicitud_id = %s", (sid,)
    ).fetchone()[0]


def test_aprobar_y_rechazar_piden_confirmacion(qtbot, vista, sql, dialogos_falsos):
    s = vista
    d = _abrir_en_proceso(qtbot, s)
    sid, folio, nombre = d.detalle.id, d.detalle.folio, d.detalle.nombre_completo
    antes = _historial(sql, sid)

    # «Rechazar» without the comment it needs: said, nothing asked
    d.botones["Rechazada"].click()
    assert "comentario" in d.errores.text() and not dialogos_falsos.preguntas
    d.comentario.setPlainText("No cumple con el requisito de residencia")
    dialogos_falsos.responder = False  # «No»
    d.botones["Rechazada"].click()
    pregunta = dialogos_falsos.preguntas[-1]
    assert pregunta.startswith("¿Rechazar la solicitud")
    assert folio in pregunta and nombre in pregunta and "definitivo" in pregunta
    en_reposo(qtbot)
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "En proceso",
    )
    assert _historial(sql, sid) == antes and d.detalle.estado == "En proceso"
    assert d.comentario.toPlainText() == "No cumple con el requisito de residencia"
    assert all(b.isEnabled() for b in d.botones.values())

    # «Aprobar»: asked as well; «No» changes nothing, «Sí» approves
    d.comentario.clear()
    d.botones["Aprobada"].click()
    assert dialogos_falsos.preguntas[-1].startswith(f"¿Aprobar la solicitud {folio} de {nombre}?")
    en_reposo(qtbot)
    assert _historial(sql, sid) == antes
    dialogos_falsos.responder = True
    d.botones["Aprobada"].click()
    qtbot.waitUntil(lambda: d.detalle.estado == "Aprobada", timeout=5000)
    assert _historial(sql, sid) == antes + 1

    # asking for a correction can be undone: no question
    d2 = _abrir_en_proceso(qtbot, s)
    preguntas = len(dialogos_falsos.preguntas)
    d2.comentario.setPlainText("Falta comprobante de domicilio")
    d2.botones["Corrección"].click()
    qtbot.waitUntil(lambda: d2.detalle.estado == "Corrección", timeout=5000)
    assert len(dialogos_falsos.preguntas) == preguntas


def test_inicio_abre_la_mas_antigua_primero(qtbot, qapp, oficial, sql):
    """Inicio says «La más antigua es del …»: the queue opens with that one on top."""
    from sipros_desktop.vistas.solicitudes.modelo import COL_FECHA

    v = ventana_principal(qtbot, qapp, oficial, "inicio")
    inicio = v.vistas["inicio"]
    qtbot.waitUntil(lambda: bool(inicio.tarjetas), timeout=10000)
    tarjeta = next(t for t in inicio.tarjetas if t.pendiente.clave == "dictamen")
    antigua = sql.execute(
        "SELECT min(fecha_solicitud) FROM solicitud WHERE estado = 'En proceso'"
    ).fetchone()[0]
    assert f"{antigua:%d/%m/%Y}" in tarjeta.pendiente.detalle
    qtbot.mouseClick(tarjeta.boton, Qt.MouseButton.LeftButton)
    s = v.vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.modelo.rowCount() > 0 and not s.modelo.cargando, timeout=10000)
    _esperar(qtbot, s)
    fechas = [s.modelo.fila(i).fecha_solicitud for i in range(s.modelo.rowCount())]
    assert fechas[0] == antigua and fechas == sorted(fechas)
    assert {s.modelo.fila(i).estado for i in range(s.modelo.rowCount())} == {"En proceso"}
    cabecera = s.tabla.horizontalHeader()
    assert cabecera.sortIndicatorSection() == COL_FECHA
    assert cabecera.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
