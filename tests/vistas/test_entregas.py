"""The Entregas window with real widgets: a scanner is a keyboard (the code, then Enter), the
clerk confirms with Enter; double scan, cancelled voucher, unknown code, a voucher the clerk
reprinted (someone else delivers it); offline delivery from the kit and the sync with conflicts
(delivered elsewhere, a time edited in the journal); planning an event and issuing its
vouchers."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from sipros_desktop.servicios import comprobantes, entregas
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.vistas.ayudas import captura, ventana_principal


@pytest.fixture
def escritorio(qtbot, qapp, personal, sql):
    evento, _ids = evento_con_aprobadas(sql, 3)
    emisor = personal.crear(["entrega"], alcance="estatal")  # who issues does not deliver
    personal.activar_como(emisor)
    codigos = codigos_del_pdf(comprobantes.emitir(evento).pdf)
    cuenta = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta, "entregas", tamano=(1280, 720))
    vista = v.vistas["entregas"]
    panel = vista.entregar
    qtbot.waitUntil(lambda: panel.evento.findData(evento) >= 0, timeout=10000)
    panel.evento.setCurrentIndex(panel.evento.findData(evento))
    return v, panel, evento, codigos, cuenta


def _escanear(qtbot, panel, codigo: str) -> None:
    panel.escaner.setFocus()
    qtbot.keyClicks(panel.escaner, codigo)
    qtbot.keyClick(panel.escaner, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.ocupado and panel.resultado.text() != "Listo para escanear",
                    timeout=10000)  # fmt: skip


def test_escanear_y_entregar_con_el_teclado(qtbot, escritorio, sql):
    v, panel, evento, codigos, cuenta = escritorio
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text().startswith("Por entregar")
    assert panel.boton_entregar.hasFocus() and panel.datos["folio"].text() != "—"
    captura(v, "entregas_por_entregar_1280x720")
    qtbot.keyClick(panel.boton_entregar, Qt.Key.Key_Return)  # one key confirms
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert panel.escaner.hasFocus() and panel.escaner.text() == ""
    assert panel.recientes.count() == 1
    captura(v, "entregas_entregado_1280x720")
    # the same voucher again: red, with when and by whom
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text() == "YA ENTREGADO" and cuenta.usuario in panel.motivo.text()
    assert not panel.boton_entregar.isEnabled()
    captura(v, "entregas_ya_entregado_1280x720")
    # a cancelled voucher and a code that is not one
    k = sql.execute(
        "SELECT id FROM comprobante WHERE evento_id = %s AND estado = 'Vigente' ORDER BY id "
        "LIMIT 1",
        (evento,),
    ).fetchone()[0]
    comprobantes.cancelar(k, "Extravío reportado por el beneficiario")
    cancelado = next(
        c for c in codigos[1:]
        if sql.execute("SELECT estado FROM comprobante WHERE codigo_hash = %s",
                       (comprobantes.hash_de(c),)).fetchone()[0] == "Cancelado"
    )  # fmt: skip
    _escanear(qtbot, panel, cancelado)
    assert panel.resultado.text() == "COMPROBANTE CANCELADO" and "Extravío" in panel.motivo.text()
    _escanear(qtbot, panel, "HOLA")
    assert panel.resultado.text() == "CÓDIGO NO VÁLIDO" and "4 de 26" in panel.motivo.text()
    assert sql.execute(
        "SELECT count(*) FROM comprobante WHERE evento_id = %s AND estado = 'Entregado'", (evento,)
    ).fetchone() == (1,)


def test_quien_reimprime_no_entrega(qtbot, escritorio, sql):
    """The clerk reprints a voucher (a new code it knows): the desk says in red that someone
    else delivers it, and does not offer to deliver."""
    v, panel, evento, _codigos, _cuenta = escritorio
    k = sql.execute(
        "SELECT id FROM comprobante WHERE evento_id = %s ORDER BY id LIMIT 1", (evento,)
    ).fetchone()[0]
    (nuevo,) = codigos_del_pdf(comprobantes.reimprimir([k]))
    _escanear(qtbot, panel, nuevo)
    assert panel.resultado.text() == "LO ENTREGA OTRA PERSONA"
    assert "separación de funciones" in panel.motivo.text()
    assert not panel.boton_entregar.isEnabled() and panel.datos["folio"].text() != "—"
    captura(v, "entregas_separacion_1280x720")
    assert sql.execute("SELECT estado FROM comprobante WHERE id = %s", (k,)).fetchone() == (
        "Vigente",
    )


def _atrasar_en_el_diario(folio: str, dias: int) -> None:
    """Someone edits the journal with a text editor: that delivery's time goes back."""
    ruta = entregas.Diario().ruta
    lineas = []
    for linea in ruta.read_text(encoding="utf-8").splitlines():
        r = json.loads(linea)
        if r.get("folio") == folio:
            r["cuando"] = (datetime.fromisoformat(r["cuando"]) - timedelta(days=dias)).isoformat()
        lineas.append(json.dumps(r, ensure_ascii=False))
    ruta.with_suffix(".tmp").write_text("\n".join(lineas) + "\n", encoding="utf-8")
    os.replace(ruta.with_suffix(".tmp"), ruta)


def test_sin_conexion_y_sincronizar_con_conflicto(
    qtbot, escritorio, personal, dialogos_falsos, sql
):
    v, panel, _evento_id, codigos, _cuenta = escritorio
    qtbot.mouseClick(panel.boton_paquete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete de" in panel.estado.text(), timeout=10000)
    # another PC delivers the second voucher online meanwhile
    otra = personal.crear(["entrega"], alcance="estatal")
    with otra.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s)", (codigos[1],))
    panel.sin_conexion.setChecked(True)
    assert panel.kit is not None and "Sin conexión" in panel.estado.text()
    folios = []
    for codigo in codigos:
        _escanear(qtbot, panel, codigo)
        assert panel.resultado.text().startswith("Por entregar")
        folios.append(panel.datos["folio"].text())
        qtbot.keyClick(panel.boton_entregar, Qt.Key.Key_Return)
        assert panel.resultado.text() == "ENTREGADO" and "sincronizar" in panel.motivo.text()
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text() == "YA ENTREGADO" and "sin conexión" in panel.motivo.text()
    captura(v, "entregas_sin_conexion_1280x720")
    # the third delivery's time is moved three days back in the journal
    _atrasar_en_el_diario(folios[2], 3)
    panel.sin_conexion.setChecked(False)
    assert panel.boton_sincronizar.text() == "Sincronizar (3)"
    qtbot.mouseClick(panel.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos or dialogos_falsos.errores), timeout=10000)
    assert not dialogos_falsos.errores, dialogos_falsos.errores
    aviso = dialogos_falsos.avisos[-1]
    assert "Aplicadas: 1" in aviso and "Conflictos: 2" in aviso
    assert f"{folios[1]}: Ya se entregó" in aviso and otra.usuario in aviso
    assert f"{folios[2]}: La hora anotada" in aviso and "fuera del horario del evento" in aviso
    assert "Conflictos: 2" in panel.estado.text() and "fuera del horario" in panel.estado.text()
    assert panel.boton_sincronizar.text() == "Sincronizar"
    captura(v, "entregas_conflictos_1280x720")
    # they stay to review: the status line says so whenever the desk opens again
    panel.actualizar_pendientes()
    assert panel.estado.text() == "2 conflictos por revisar"
    assert sql.execute(
        "SELECT count(*) FROM comprobante WHERE codigo_hash = %s AND estado = 'Vigente'",
        (comprobantes.hash_de(codigos[2]),),
    ).fetchone() == (1,)


def test_planear_evento_y_emitir_comprobantes(qtbot, qapp, personal, sql, dialogos_falsos):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    v = ventana_principal(qtbot, qapp, admin, "entregas", tamano=(1920, 1080))
    vista = v.vistas["entregas"]
    qtbot.waitUntil(lambda: not vista.pestanas.isTabEnabled(0), timeout=10000)
    panel = vista.eventos
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    conv, municipio, n = sql.execute(
        "SELECT s.convocatoria_id, s.municipio_id, count(*) FROM solicitud s WHERE s.estado = "
        "'Aprobada' AND NOT EXISTS (SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) "
        "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1"
    ).fetchone()
    qtbot.mouseClick(panel.botones["nuevo"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    d.convocatoria.setCurrentIndex(d.convocatoria.findData(conv))
    d.municipio.setCurrentIndex(d.municipio.findData(municipio))
    d.guardar()  # empty name, address, responsible: said, nothing saved
    qtbot.waitUntil(lambda: bool(d.errores.text()), timeout=5000)
    assert "Escriba el nombre del evento" in d.errores.text()
    d.nombre.setText("Entrega en la cabecera")
    d.domicilio.setText("Jardín Guerrero s/n")
    d.responsable.setText("Laura Ugalde")
    captura(d, "entregas_evento")
    d.guardar()
    qtbot.waitUntil(lambda: hasattr(d, "nuevo_id"), timeout=5000)
    qtbot.waitUntil(lambda: panel.evento_id() == d.nuevo_id, timeout=10000)
    qtbot.mouseClick(panel.botones["asignar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel._fila() is not None and panel._fila().asignadas == n,
                    timeout=10000)  # fmt: skip
    qtbot.mouseClick(panel.botones["emitir"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) == 2, timeout=20000)
    pdf = abiertos[-1].pdf
    assert len(codigos_del_pdf(pdf)) == n
    qtbot.waitUntil(
        lambda: (
            panel._fila().vigentes == n
            and panel.lista.rowCount() == n
            and all(panel.lista.item(i, 4).text() == "Vigente" for i in range(n))
        ),
        timeout=10000,
    )
    captura(v, "entregas_eventos_1920x1080")
    qtbot.mouseClick(panel.botones["acta"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) == 3, timeout=20000)
    assert abiertos[-1].pdf.startswith(b"%PDF")


def test_quitar_del_evento_y_borrar_evento(qtbot, qapp, personal, sql, dialogos_falsos):
    from datetime import date, time

    from sipros_desktop.servicios import entregas

    evento, _ids = evento_con_aprobadas(sql, 2)
    cuenta = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(cuenta)
    emision = comprobantes.emitir(evento)
    comprobantes.cancelar(emision.comprobantes[0], "Datos del domicilio erróneos")
    vacio = entregas.guardar_evento(entregas.DatosEvento(
        entregas.evento(evento).convocatoria_id, "Evento capturado por error",
        entregas.evento(evento).municipio_id, "Plaza", date(2026, 12, 1), time(9), time(10),
        "Nadie"))  # fmt: skip
    v = ventana_principal(qtbot, qapp, cuenta, "entregas", tamano=(1280, 720))
    panel = v.vistas["entregas"].eventos
    v.vistas["entregas"].pestanas.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: any(f.id == evento for f in panel.filas), timeout=10000)
    panel.tabla.selectRow(next(i for i, f in enumerate(panel.filas) if f.id == evento))
    qtbot.waitUntil(lambda: panel.lista.rowCount() == 2, timeout=10000)
    # the one whose voucher was cancelled can leave the event; the other (live voucher) not
    fila = next(i for i, b in enumerate(panel.beneficiarios) if b.estado == "Sin comprobante")
    panel.lista.selectRow(fila)
    qtbot.mouseClick(panel.boton_quitar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.lista.rowCount() == 1, timeout=10000)
    assert panel.beneficiarios[0].estado == "Vigente"
    # an event with applications is not deleted; the empty one is
    qtbot.mouseClick(panel.botones["borrar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.errores), timeout=10000)
    assert "tiene solicitudes o comprobantes" in dialogos_falsos.errores[-1]
    panel.tabla.selectRow(next(i for i, f in enumerate(panel.filas) if f.id == vacio))
    qtbot.mouseClick(panel.botones["borrar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(f.id != vacio for f in panel.filas), timeout=10000)
    assert sql.execute(
        "SELECT count(*) FROM evento_entrega WHERE id = %s", (vacio,)
    ).fetchone() == (0,)
    captura(v, "entregas_eventos_1280x720")


def test_elegir_solicitudes_de_cualquier_municipio(qtbot, qapp, personal, sql):
    """Besides all of its municipality, an event takes a selection of the call's approved
    applications without an event, from any municipality."""
    from sipros_desktop.servicios import entregas

    evento, _ids = evento_con_aprobadas(sql, 1)
    cuenta = personal.crear(["entrega"], alcance="estatal")
    personal.activar_como(cuenta)
    libres = entregas.sin_evento(evento, solo_municipio=False)
    if len(libres) < 2:
        pytest.skip("la demostración no dejó dos solicitudes aprobadas libres en la convocatoria")
    v = ventana_principal(qtbot, qapp, cuenta, "entregas", tamano=(1280, 720))
    panel = v.vistas["entregas"].eventos
    v.vistas["entregas"].pestanas.setCurrentWidget(panel)
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    qtbot.waitUntil(lambda: any(f.id == evento for f in panel.filas), timeout=10000)
    panel.tabla.selectRow(next(i for i, f in enumerate(panel.filas) if f.id == evento))
    qtbot.mouseClick(panel.botones["elegir"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    assert d.tabla.rowCount() == len(libres)
    d.asignar()  # nothing ticked: said, nothing assigned
    assert "Marque las solicitudes" in d.errores.text()
    for i in (0, 1):
        d.tabla.item(i, 0).setCheckState(Qt.CheckState.Checked)
    captura(d, "entregas_elegir")
    d.asignar()
    qtbot.waitUntil(lambda: panel._fila() is not None and panel._fila().asignadas == 3,
                    timeout=10000)  # fmt: skip
    elegidas = {libres[0].solicitud_id, libres[1].solicitud_id}
    assert {
        r[0]
        for r in sql.execute(
            "SELECT solicitud_id FROM evento_solicitud WHERE evento_id = %s", (evento,)
        )
    } >= elegidas
