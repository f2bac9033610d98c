"""The Entregas window with real widgets at 1280 × 720, as a delivery clerk with a USB scanner
uses it under a queue: a scanner is a keyboard that types the 26 characters of a code and Enter
at once, into whatever has the focus (qtbot.keyClicks on the focused widget, then Key_Return).
A scan always goes to the code field — also with the focus on the event, the session list, the
menu, the identification type or «Entregar» — and never confirms the voucher on screen; a new
code replaces a voucher waiting to be delivered. The identification type is INE again for each
person and Enter keeps delivering. The desk works on one event (today's) and says when a
voucher or a date does not match, online and offline. Offline deliveries go to the server
before the desk is online again, an online scan of one of them is refused while it is not
applied, and the conflicts show in the desk and on Inicio. Times are the offices' on a PC in
UTC. Planning events is the administrators'."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sipros_desktop import bd
from sipros_desktop.servicios import comprobantes, entregas, horario
from tests.datos import codigos_del_pdf, evento_con_aprobadas
from tests.vistas.ayudas import captura, ventana_principal


def _emitir(personal, emisor, cuenta, evento: int) -> list[str]:
    personal.activar_como(emisor)
    try:
        return codigos_del_pdf(comprobantes.emitir(evento).pdf)
    finally:
        personal.activar_como(cuenta)


@pytest.fixture
def escritorio(qtbot, qapp, personal, sql):
    evento, _ids = evento_con_aprobadas(sql, 3)
    emisor = personal.crear(["entrega"], alcance="estatal")  # who issues does not deliver
    cuenta = personal.crear(["entrega"], alcance="estatal")
    codigos = _emitir(personal, emisor, cuenta, evento)
    v = ventana_principal(qtbot, qapp, cuenta, "entregas", tamano=(1280, 720))
    panel = v.vistas["entregas"].entregar
    # the desk takes today's event by itself
    qtbot.waitUntil(lambda: panel.evento.currentData() == evento, timeout=10000)
    qtbot.waitUntil(panel.escaner.hasFocus, timeout=5000)
    return v, panel, evento, codigos, cuenta, emisor


def _como_escaner(qtbot, codigo: str, widget=None):
    """A USB scanner: the code's characters and Enter, all at once, sent to the widget that has
    the focus when the scan starts (or ``widget``). Returns that widget."""
    foco = widget or QApplication.focusWidget()
    qtbot.keyClicks(foco, codigo)
    qtbot.keyClick(foco, Qt.Key.Key_Return)
    return foco


def _al_foco(qtbot, texto: str) -> None:
    """Each key to whatever has the focus at that moment (as a real keyboard does)."""
    for c in texto:
        qtbot.keyClick(QApplication.focusWidget(), c)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _respuesta(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel.ocupado and panel._banda not in ("espera", "leyendo"),
                    timeout=10000)  # fmt: skip


def _escanear(qtbot, panel, codigo: str) -> None:
    panel.escaner.setFocus()
    _como_escaner(qtbot, codigo, panel.escaner)
    _respuesta(qtbot, panel)


def _estado(sql, codigo: str) -> tuple[str, str | None]:
    return sql.execute(
        "SELECT estado, identificacion FROM comprobante WHERE codigo_hash = %s",
        (comprobantes.hash_de(codigo),),
    ).fetchone()


def _nombre(sql, codigo: str) -> str:
    return sql.execute(
        "SELECT c.nombre || ' ' || c.apellido_paterno || coalesce(' ' || c.apellido_materno, '') "
        "FROM comprobante k JOIN solicitud s ON s.id = k.solicitud_id JOIN ciudadano c "
        "ON c.id = s.ciudadano_id WHERE k.codigo_hash = %s",
        (comprobantes.hash_de(codigo),),
    ).fetchone()[0]


# --------------------------------------------------------------------------- the scan


def test_escanear_y_entregar_con_el_teclado(qtbot, escritorio, sql):
    v, panel, evento, codigos, cuenta, _emisor = escritorio
    assert panel.resultado.text() == "Listo para escanear" and not panel.aviso_evento.isVisible()
    assert panel.evento.currentText().startswith("HOY · ")
    captura(v, "entregas_espera_1280x720")
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text() == "Por entregar: revise la identificación"
    assert panel.persona.text() == _nombre(sql, codigos[0])  # the name, big, in the banner
    assert panel.senal.forma == "revisar" and "(INE)" in panel.motivo.text()
    assert panel.boton_entregar.hasFocus() and panel.datos["folio"].text() != "—"
    assert panel.escaner.text() == ""
    captura(v, "entregas_por_entregar_1280x720")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # one key confirms
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert panel.senal.forma == "bien" and panel.persona.text() == _nombre(sql, codigos[0])
    entregado = sql.execute(
        "SELECT entregado FROM comprobante WHERE codigo_hash = %s",
        (comprobantes.hash_de(codigos[0]),),
    ).fetchone()[0]
    assert panel.motivo.text() == f"Entregado a las {horario.hora(entregado)} con INE."
    assert panel.escaner.hasFocus() and panel.escaner.text() == ""
    assert panel.recientes.count() == 1 and panel.recientes.item(0).text().startswith(
        horario.hora(entregado)
    )
    captura(v, "entregas_entregado_1280x720")
    # the same voucher again: another colour, another shape, other words — and when, by whom
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text() == "NO ENTREGAR: YA SE ENTREGÓ"
    assert panel.senal.forma == "alto" and cuenta.usuario in panel.motivo.text()
    assert f"a las {horario.hora(entregado)}" in panel.motivo.text()
    assert panel.persona.text() == _nombre(sql, codigos[0])
    assert not panel.boton_entregar.isEnabled()
    assert "#b00020" in panel.banda.styleSheet() and "#1b7f3b" not in panel.banda.styleSheet()
    captura(v, "entregas_ya_entregado_1280x720")
    # a cancelled voucher and a code that is not one
    k = sql.execute("SELECT id FROM comprobante WHERE codigo_hash = %s",
                    (comprobantes.hash_de(codigos[1]),)).fetchone()[0]  # fmt: skip
    comprobantes.cancelar(k, "Extravío reportado por el beneficiario")
    _escanear(qtbot, panel, codigos[1])
    assert panel.resultado.text() == "NO ENTREGAR: COMPROBANTE CANCELADO"
    assert "Extravío" in panel.motivo.text()
    _escanear(qtbot, panel, "HOLA")
    assert panel.resultado.text() == "CÓDIGO NO VÁLIDO" and "4 de 26" in panel.motivo.text()
    assert panel.escaner.text() == "HOLA" and panel.escaner.hasFocus()  # left to correct
    assert sql.execute(
        "SELECT count(*) FROM comprobante WHERE evento_id = %s AND estado = 'Entregado'", (evento,)
    ).fetchone() == (1,)


def test_un_codigo_nuevo_reemplaza_al_que_espera_y_no_lo_entrega(qtbot, escritorio, sql):
    """With a voucher on «Por entregar» and the focus on «Entregar», the next citizen's scan
    (its Enter included) does not deliver the previous person: it replaces it, with a note."""
    _v, panel, _evento, (a, b, c), _cuenta, _emisor = escritorio
    _escanear(qtbot, panel, a)
    assert panel.boton_entregar.hasFocus()
    foco = _como_escaner(qtbot, b)  # typed at «Entregar», Enter included
    assert foco is panel.boton_entregar
    _respuesta(qtbot, panel)
    assert panel.resultado.text().startswith("Por entregar")
    assert panel.persona.text() == _nombre(sql, b)
    assert f"{_nombre(sql, a)} (" in panel.estado.text() and "no se entregó" in panel.estado.text()
    assert _estado(sql, a) == ("Vigente", None) and _estado(sql, b) == ("Vigente", None)
    # the same with the focus on the identification type
    panel.identificacion.setFocus()
    _como_escaner(qtbot, c)
    _respuesta(qtbot, panel)
    assert panel.persona.text() == _nombre(sql, c) and _estado(sql, b) == ("Vigente", None)
    # Enter now delivers the one on screen, and only it
    qtbot.keyClick(panel.boton_entregar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert panel.persona.text() == _nombre(sql, c)
    assert [_estado(sql, x)[0] for x in (a, b, c)] == ["Vigente", "Vigente", "Entregado"]


def test_un_escaneo_con_el_foco_en_otro_lado_llega_al_campo(qtbot, escritorio, sql):
    """The focus in the event list, the session list or the window's menu: the characters of a
    scan go to the code field (the event and the module stay), and the previous person's big
    ENTREGADO goes away as the new code comes in."""
    v, panel, evento, (a, b, _c), _cuenta, _emisor = escritorio
    _escanear(qtbot, panel, a)
    qtbot.keyClick(panel.boton_entregar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    panel.evento.setFocus()
    qtbot.keyClicks(panel.evento, b[:10])
    assert panel.resultado.text() == "Leyendo el código…" and panel.persona.text() == ""
    qtbot.keyClicks(panel.evento, b[10:])
    qtbot.keyClick(panel.evento, Qt.Key.Key_Return)
    _respuesta(qtbot, panel)
    assert panel.evento.currentData() == evento  # the scan did not switch the event
    assert panel.persona.text() == _nombre(sql, b) and panel.resultado.text().startswith(
        "Por entregar"
    )
    for lugar in (panel.recientes, v.navegacion, panel.sin_conexion):
        qtbot.keyClick(panel, Qt.Key.Key_Escape)
        lugar.setFocus()
        assert QApplication.focusWidget() is lugar
        _al_foco(qtbot, b)  # a real scanner: each key to whatever has the focus then
        _respuesta(qtbot, panel)
        assert panel.persona.text() == _nombre(sql, b), lugar.objectName()
        assert v.modulo_actual() == "entregas" and panel.evento.currentData() == evento
        assert not panel.sin_conexion.isChecked()
    assert _estado(sql, b) == ("Vigente", None)


def test_un_escaneo_mientras_llega_la_respuesta_del_anterior(qtbot, escritorio, sql):
    """Two codes in a row faster than the server answers: the first is not left waiting
    (nor delivered) behind the second; the second is the one on screen."""
    _v, panel, _evento, (a, b, _c), _cuenta, _emisor = escritorio
    panel.escaner.setFocus()
    _como_escaner(qtbot, a)
    assert panel.ocupado  # its answer is on the way
    _como_escaner(qtbot, b)
    qtbot.waitUntil(lambda: panel.persona.text() == _nombre(sql, b), timeout=10000)
    _respuesta(qtbot, panel)
    assert panel.lectura.folio == panel.datos["folio"].text()
    assert "no se entregó" in panel.estado.text() and _nombre(sql, a) in panel.estado.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert _estado(sql, a)[0] == "Vigente" and _estado(sql, b)[0] == "Entregado"


def test_la_identificacion_vuelve_a_ine_y_enter_sigue_entregando(qtbot, escritorio, sql):
    _v, panel, _evento, (a, b, _c), _cuenta, _emisor = escritorio
    _escanear(qtbot, panel, a)
    panel.identificacion.setFocus()
    qtbot.keyClick(panel.identificacion, Qt.Key.Key_Down)  # the clerk picks «Pasaporte»
    assert panel.identificacion.currentText() == "Pasaporte"
    assert "(Pasaporte)" in panel.motivo.text()
    assert panel.boton_entregar.hasFocus()  # back on «Entregar»
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert _estado(sql, a) == ("Entregado", "Pasaporte")
    assert panel.identificacion.currentText() == "INE"  # the next person starts from INE
    _escanear(qtbot, panel, b)
    assert "(INE)" in panel.motivo.text() and panel.identificacion.currentText() == "INE"
    panel.identificacion.setFocus()  # Enter on the type of identification delivers too
    qtbot.keyClick(panel.identificacion, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    assert _estado(sql, b) == ("Entregado", "INE")


def test_quien_reimprime_no_entrega(qtbot, escritorio, sql):
    """The clerk reprints a voucher (a new code it knows): the desk says in red that someone
    else delivers it, and does not offer to deliver."""
    v, panel, evento, _codigos, _cuenta, _emisor = escritorio
    k = sql.execute(
        "SELECT id FROM comprobante WHERE evento_id = %s ORDER BY id LIMIT 1", (evento,)
    ).fetchone()[0]
    (nuevo,) = codigos_del_pdf(comprobantes.reimprimir([k]))
    _escanear(qtbot, panel, nuevo)
    assert panel.resultado.text() == "NO ENTREGAR: LO ENTREGA OTRA PERSONA"
    assert "separación de funciones" in panel.motivo.text()
    assert not panel.boton_entregar.isEnabled() and panel.datos["folio"].text() != "—"
    captura(v, "entregas_separacion_1280x720")
    assert sql.execute("SELECT estado FROM comprobante WHERE id = %s", (k,)).fetchone() == (
        "Vigente",
    )


# --------------------------------------------------------------------------- one event


def _otro_evento(sql, evento: int, n: int, nombre: str, dias: int = 0) -> int:
    """An event of the same call in Corregidora, ``dias`` after ``evento``, with ``n`` approved
    applications of the call that had no event."""
    otro = sql.execute(
        "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
        "hora_inicio, hora_fin, responsable) SELECT e.convocatoria_id, %s, m.id, 'Auditorio', "
        "e.fecha + %s, e.hora_inicio, e.hora_fin, e.responsable FROM evento_entrega e, "
        "municipio m WHERE e.id = %s AND m.clave = '22006' RETURNING id",
        (nombre, dias, evento),
    ).fetchone()[0]
    ids = [r[0] for r in sql.execute(
        "SELECT s.id FROM solicitud s JOIN evento_entrega e ON e.convocatoria_id = "
        "s.convocatoria_id WHERE e.id = %s AND s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 "
        "FROM evento_solicitud a WHERE a.solicitud_id = s.id) ORDER BY s.id LIMIT %s",
        (otro, n))]  # fmt: skip
    assert len(ids) == n
    sql.execute("SELECT sipros_asignar_evento(%s, %s)", (otro, ids))
    return otro


def test_el_escritorio_trabaja_con_un_evento_y_dice_cuando_la_fecha_no_es_hoy(
    qtbot, qapp, personal, sql, dialogos_falsos
):
    """Today's event and next week's, of the same call: the desk takes today's; next week's
    voucher is «of another event»; choosing next week's event asks first (and says it all the
    time); offline only on the event's day."""
    hoy, _ids = evento_con_aprobadas(sql, 1)
    semana = _otro_evento(sql, hoy, 1, "Entrega de la semana próxima", dias=7)
    emisor = personal.crear(["entrega"], alcance="estatal")
    cuenta = personal.crear(["entrega"], alcance="estatal")
    (de_hoy,) = _emitir(personal, emisor, cuenta, hoy)
    (de_semana,) = _emitir(personal, emisor, cuenta, semana)
    v = ventana_principal(qtbot, qapp, cuenta, "entregas", tamano=(1280, 720))
    panel = v.vistas["entregas"].entregar
    qtbot.waitUntil(lambda: panel.evento.currentData() == hoy, timeout=10000)
    assert panel.evento.itemData(1) == semana  # then the coming ones
    fecha = horario.hoy() + timedelta(days=7)
    _escanear(qtbot, panel, de_semana)
    assert panel.resultado.text() == "NO ENTREGAR: ES DE OTRO EVENTO"
    assert panel.motivo.text() == (
        f"Es de otro evento: «Entrega de la semana próxima» del {fecha:%d/%m/%Y} en Corregidora."
    )
    # choosing next week's event: asked, and «no» leaves today's
    dialogos_falsos.responder = False
    panel.evento.setCurrentIndex(1)
    assert panel.evento.currentData() == hoy and not panel.aviso_evento.isVisible()
    assert (
        f"es del {fecha:%d/%m/%Y} y hoy es {horario.hoy():%d/%m/%Y}"
        in (dialogos_falsos.preguntas[-1])
    )
    dialogos_falsos.responder = True
    panel.evento.setCurrentIndex(1)
    assert panel.evento.currentData() == semana and panel.aviso_evento.isVisible()
    assert f"es del {fecha:%d/%m/%Y}, no de hoy" in panel.aviso_evento.text()
    captura(v, "entregas_evento_de_otro_dia_1280x720")
    _escanear(qtbot, panel, de_hoy)
    assert panel.resultado.text() == "NO ENTREGAR: ES DE OTRO EVENTO"
    _escanear(qtbot, panel, de_semana)
    assert panel.resultado.text().startswith("Por entregar")
    assert f"El evento es del {fecha:%d/%m/%Y}, no de hoy." in panel.motivo.text()
    # without connection, only on the event's day
    entregas.descargar_kit(semana)
    panel.sin_conexion.setChecked(True)
    assert not panel.sin_conexion.isChecked() and panel.kit is None
    assert "solo se entrega el día del evento" in dialogos_falsos.errores[-1]
    # the event's choice stays when the events are read again
    with qtbot.waitSignal(v.vistas["entregas"].eventos.eventos_cargados, timeout=10000):
        v.vistas["entregas"].pestanas.setCurrentIndex(1)
        v.vistas["entregas"].pestanas.setCurrentIndex(0)
    assert panel.evento.currentData() == semana and len(dialogos_falsos.preguntas) == 2


# --------------------------------------------------------------------------- offline


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


def _sin_conexion(qtbot, panel) -> None:
    qtbot.mouseClick(panel.boton_paquete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Paquete de" in panel.estado.text(), timeout=10000)
    panel.sin_conexion.setChecked(True)
    assert panel.kit is not None and "Sin conexión" in panel.estado.text()


def test_sin_conexion_sincroniza_antes_de_volver_en_linea(
    qtbot, escritorio, personal, dialogos_falsos, sql
):
    """Three offline deliveries; unticking «Sin conexión» synchronises first. The one the
    server could not apply (its time was edited) is not delivered again online, the conflicts
    are in the desk and on Inicio, each with its reason."""
    v, panel, _evento_id, codigos, cuenta, _emisor = escritorio
    otra = personal.crear(["entrega"], alcance="estatal")
    _sin_conexion(qtbot, panel)
    with otra.conectar() as c:  # another PC delivers the second one online meanwhile
        c.execute("SELECT * FROM sipros_entregar(%s)", (codigos[1],))
    folios = []
    for codigo in codigos:
        _escanear(qtbot, panel, codigo)
        assert panel.resultado.text().startswith("Por entregar")
        folios.append(panel.datos["folio"].text())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert panel.resultado.text() == "ENTREGADO" and "sincronizar" in panel.motivo.text()
    _escanear(qtbot, panel, codigos[0])
    assert panel.resultado.text() == "NO ENTREGAR: YA SE ENTREGÓ"
    assert "sin conexión" in panel.motivo.text()
    captura(v, "entregas_sin_conexion_1280x720")
    _atrasar_en_el_diario(folios[2], 3)  # the third one's time, three days back
    assert panel.boton_sincronizar.text() == "Sincronizar (3)"
    panel.sin_conexion.setChecked(False)  # back online: the journal goes first
    qtbot.waitUntil(lambda: panel.kit is None and not panel.ocupado, timeout=10000)
    assert panel.estado.text().startswith("De nuevo en línea. Aplicadas: 1.")
    assert "Conflictos: 2" in dialogos_falsos.avisos[-1]
    assert f"{folios[1]}: Ya se entregó" in dialogos_falsos.avisos[-1]
    assert otra.usuario in dialogos_falsos.avisos[-1]
    assert f"{folios[2]}: La hora anotada" in dialogos_falsos.avisos[-1]
    assert panel.boton_sincronizar.text() == "Sincronizar"
    assert panel.boton_conflictos.isVisible() and panel.boton_conflictos.text() == (
        "Conflictos (2)…"
    )
    assert v.width() == 1280  # the desk with every button still fits the laptop's screen
    # online: the one not applied reads as handed over here, and is not delivered again
    _escanear(qtbot, panel, codigos[2])
    assert panel.resultado.text() == "NO ENTREGAR: YA SE ENTREGÓ"
    assert "sin conexión en este equipo" in panel.motivo.text()
    assert "conflicto por revisar" in panel.motivo.text()
    assert _estado(sql, codigos[2]) == ("Vigente", None)
    _escanear(qtbot, panel, codigos[0])  # applied: the server answers
    assert panel.resultado.text() == "NO ENTREGAR: YA SE ENTREGÓ"
    assert cuenta.usuario in panel.motivo.text()
    # each conflict with its reason
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    qtbot.mouseClick(panel.boton_conflictos, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    assert d.lista.count() == 2
    filas = {d.lista.item(i).text().split(" · ")[0]: d.lista.item(i).text() for i in range(2)}
    assert "Motivo: La hora anotada" in filas[folios[2]]
    assert "fuera del horario del evento" in filas[folios[2]]
    assert otra.usuario in filas[folios[1]]
    assert all(c.nombre and c.nombre in filas[c.folio] for c in d.filas)  # from the kit here
    captura(d, "entregas_conflictos")
    d.close()
    # Inicio: a card for this PC's deliveries not synchronised, one for the conflicts
    v.ir_a("inicio")  # shown again: read again
    inicio = v.vistas["inicio"]
    qtbot.waitUntil(
        lambda: any(
            t.pendiente.clave == "conflictos_entrega" and t.pendiente.cantidad == 2
            for t in inicio.tarjetas
        ),
        timeout=10000,
    )
    tarjetas = {t.pendiente.clave: t for t in inicio.tarjetas}
    assert tarjetas["sincronizar"].cantidad.text() == "0"
    assert tarjetas["conflictos_entrega"].cantidad.text() == "2"
    captura(v, "inicio_conflictos_entrega_1280x720")
    qtbot.mouseClick(tarjetas["conflictos_entrega"].boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) == 2, timeout=10000)
    assert v.modulo_actual() == "entregas" and abiertos[-1].lista.count() == 2


def test_sin_servidor_el_escritorio_sigue_sin_conexion(
    qtbot, escritorio, personal, dialogos_falsos, sql
):
    """The clerk unticks «Sin conexión» where there is no server: the desk says why it cannot
    go online and keeps working from the kit; with the server back, it synchronises and goes
    online."""
    _v, panel, _evento, codigos, cuenta, _emisor = escritorio
    _sin_conexion(qtbot, panel)
    _escanear(qtbot, panel, codigos[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert panel.resultado.text() == "ENTREGADO"
    bd.activar(cuenta.url.set(port=1), probar=False)  # no server at the point
    panel.sin_conexion.setChecked(False)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.errores), timeout=20000)
    assert "sigue sin conexión" in dialogos_falsos.errores[-1]
    assert panel.sin_conexion.isChecked() and panel.kit is not None
    _escanear(qtbot, panel, codigos[1])  # still delivering from the kit
    assert panel.resultado.text().startswith("Por entregar")
    personal.activar_como(cuenta)  # the server is back
    panel.reiniciar()
    panel.sin_conexion.setChecked(False)
    qtbot.waitUntil(lambda: panel.kit is None and not panel.ocupado, timeout=10000)
    assert "De nuevo en línea. Aplicadas: 1." in panel.estado.text()
    assert _estado(sql, codigos[0])[0] == "Entregado"


def test_comprobante_de_otro_evento_sin_conexion(qtbot, escritorio, personal, sql):
    """Without connection, a genuine voucher of another event of the call reads as online:
    «es de otro evento … en Corregidora» (not «código no válido»)."""
    v, panel, evento, _codigos, cuenta, emisor = escritorio
    otro = _otro_evento(sql, evento, 1, "Entrega en Corregidora")
    (ajeno,) = _emitir(personal, emisor, cuenta, otro)
    _escanear(qtbot, panel, ajeno)
    en_linea = panel.motivo.text()
    assert panel.resultado.text() == "NO ENTREGAR: ES DE OTRO EVENTO" and "Corregidora" in en_linea
    _sin_conexion(qtbot, panel)
    _escanear(qtbot, panel, ajeno)
    assert panel.resultado.text() == "NO ENTREGAR: ES DE OTRO EVENTO"
    assert panel.motivo.text() == en_linea
    captura(v, "entregas_otro_evento_sin_conexion_1280x720")


# --------------------------------------------------------------------------- the other tab


def test_eventos_y_comprobantes_cuenta_lo_entregado_al_volver(qtbot, escritorio):
    v, panel, evento, codigos, _cuenta, _emisor = escritorio
    vista = v.vistas["entregas"]
    eventos = vista.eventos
    qtbot.waitUntil(lambda: any(f.id == evento for f in eventos.filas), timeout=10000)
    assert next(f for f in eventos.filas if f.id == evento).entregados == 0
    _escanear(qtbot, panel, codigos[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
    vista.pestanas.setCurrentWidget(eventos)  # no «reload»: shown, it reads again
    qtbot.waitUntil(
        lambda: next(f for f in eventos.filas if f.id == evento).entregados == 1, timeout=10000
    )
    fila = next(i for i, f in enumerate(eventos.filas) if f.id == evento)
    assert eventos.tabla.item(fila, 8).text() == "1"
    assert eventos.tabla.item(fila, 0).text() == str(eventos.filas[fila].id)  # its number
    # the delivery profile issues, reprints and prints; it does not plan events
    assert not eventos.botones["nuevo"].isVisible() and not eventos.botones["borrar"].isVisible()
    assert eventos.botones["emitir"].isVisible() and eventos.nota_planear.isVisible()


def test_la_misma_hora_en_todas_las_pantallas_en_un_equipo_en_utc(
    qtbot, escritorio, sql, monkeypatch
):
    """The PC's clock in UTC: the desk, its session list, the events' list of beneficiaries and
    the database's own message say the same hour (Mexico City's)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        v, panel, evento, codigos, cuenta, _emisor = escritorio
        _escanear(qtbot, panel, codigos[0])
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.resultado.text() == "ENTREGADO", timeout=10000)
        (en_mexico,) = sql.execute(
            "SELECT to_char(entregado AT TIME ZONE 'America/Mexico_City', 'DD/MM/YYYY HH24:MI') "
            "FROM comprobante WHERE codigo_hash = %s",
            (comprobantes.hash_de(codigos[0]),),
        ).fetchone()
        hora = en_mexico[-5:]
        assert datetime.now().astimezone().utcoffset() == timedelta(0)
        assert panel.motivo.text() == f"Entregado a las {hora} con INE."
        assert panel.recientes.item(0).text().startswith(f"{hora} · ")
        _escanear(qtbot, panel, codigos[0])
        assert f"el {en_mexico[:10]} a las {hora} por {cuenta.usuario}" in panel.motivo.text()
        eventos = v.vistas["entregas"].eventos
        with qtbot.waitSignal(eventos.eventos_cargados, timeout=10000):
            v.vistas["entregas"].pestanas.setCurrentWidget(eventos)
        eventos.tabla.selectRow(next(i for i, f in enumerate(eventos.filas) if f.id == evento))
        qtbot.waitUntil(lambda: eventos.lista.rowCount() == 3, timeout=10000)
        entregados = [eventos.lista.item(i, 6).text() for i in range(3)]
        assert en_mexico in entregados
    finally:
        monkeypatch.undo()
        time.tzset()


# --------------------------------------------------------------------------- planning


def test_planear_evento_y_emitir_comprobantes(qtbot, qapp, personal, sql, dialogos_falsos):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    v = ventana_principal(qtbot, qapp, admin, "entregas", tamano=(1920, 1080))
    vista = v.vistas["entregas"]
    qtbot.waitUntil(lambda: not vista.pestanas.isTabEnabled(0), timeout=10000)
    panel = vista.eventos
    assert panel.botones["nuevo"].isVisible() and not panel.nota_planear.isVisible()
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
    from datetime import date
    from datetime import time as hora

    evento, _ids = evento_con_aprobadas(sql, 2)
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    emision = comprobantes.emitir(evento)
    comprobantes.cancelar(emision.comprobantes[0], "Datos del domicilio erróneos")
    vacio = entregas.guardar_evento(entregas.DatosEvento(
        entregas.evento(evento).convocatoria_id, "Evento capturado por error",
        entregas.evento(evento).municipio_id, "Plaza", date(2026, 12, 1), hora(9), hora(10),
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
    # an event with one application, and two more of its call approved and free
    evento, ids = evento_con_aprobadas(sql, 3)
    quitadas = sql.execute("SELECT sipros_quitar_de_evento(%s, %s)", (evento, ids[1:]))
    assert quitadas.fetchone() == (2,)
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    libres = entregas.sin_evento(evento, solo_municipio=False)
    assert set(ids[1:]) <= {p.solicitud_id for p in libres}
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


def test_a_1920_la_lista_de_la_sesion_va_al_lado_y_la_banda_crece(qtbot, escritorio):
    """On a 1920 × 1080 screen the desk does not leave a half-empty box below: the session's
    list goes beside the desk and the banner takes the height; a 1280 × 720 laptop keeps the
    list below."""
    v, panel, *_ = escritorio
    assert panel.recientes.y() > panel.boton_entregar.y()  # 1280 × 720: below
    alto_laptop = panel.banda.height()
    v.resize(1920, 1080)
    qtbot.waitUntil(lambda: panel.recientes.x() > panel.escaner.geometry().right(), timeout=3000)
    captura(v, "entregas_espera_1920x1080")
    assert panel.recientes.height() > panel.height() * 0.7  # the whole height, beside
    assert panel.banda.height() > 2 * alto_laptop
    assert panel.boton_entregar.geometry().bottom() > panel.height() * 0.8
    v.resize(1280, 720)
    qtbot.waitUntil(lambda: panel.recientes.y() > panel.boton_entregar.y(), timeout=3000)


def test_revisar_conflictos_en_entregas_con_nota(qtbot, escritorio, personal, sql):
    """A conflict (delivered online by another clerk meanwhile) and an unreadable line of the
    journal: the list says what, where, when and why; «Marcar revisado» needs a note; each
    review takes one off the count, and with none left the journal is archived."""
    v, panel, evento, codigos, cuenta, _emisor = escritorio
    otra = personal.crear(["entrega"], alcance="estatal")
    kit = entregas.descargar_kit(evento)
    with otra.conectar() as c:
        c.execute("SELECT * FROM sipros_entregar(%s)", (codigos[1],))
    entregas.entregar_sin_conexion(kit, codigos[1], "INE")
    with open(entregas.Diario().ruta, "ab") as f:
        f.write(b'{"tipo": "entrega", "clave": "cortado\n')
    assert len(entregas.sincronizar().conflictos) == 1
    panel.actualizar_pendientes()
    assert panel.boton_conflictos.text() == "Conflictos (2)…"
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    qtbot.mouseClick(panel.boton_conflictos, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    assert d.titulo.text() == "2 conflictos por revisar" and d.lista.count() == 2
    fila = next(i for i, c in enumerate(d.filas) if not c.ilegible)
    d.lista.setCurrentRow(fila)
    detalle = d.detalle.text()
    assert d.filas[fila].folio in detalle and otra.usuario in detalle  # delivered by whom
    assert f"diario de {cuenta.usuario}" in detalle and entregas.equipo() in detalle
    assert d.detalle.textFormat() == Qt.TextFormat.PlainText
    captura(d, "entregas_conflictos_revisar")
    # the note is required: nothing is written without it
    antes = entregas.Diario().ruta.read_bytes()
    qtbot.mouseClick(d.boton_revisado, Qt.MouseButton.LeftButton)
    assert "Escriba la nota de la revisión" in d.error.text() and d.lista.count() == 2
    assert entregas.Diario().ruta.read_bytes() == antes
    qtbot.keyClicks(d.nota, "Confirmado con el responsable: una sola entrega.")  # (ASCII keys)
    qtbot.mouseClick(d.boton_revisado, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.lista.count() == 1, timeout=10000)
    assert d.titulo.text() == "1 conflicto por revisar"
    assert panel.boton_conflictos.text() == "Conflictos (1)…" and d.nota.toPlainText() == ""
    # the unreadable line, with its raw text
    assert d.filas[0].ilegible and d.crudo.isVisible()
    assert d.crudo.toPlainText() == '{"tipo": "entrega", "clave": "cortado'
    assert "Renglón ilegible del diario" in d.detalle.text()
    qtbot.keyClicks(d.nota, "Renglon cortado: no hubo entrega.")
    qtbot.mouseClick(d.boton_revisado, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.lista.count() == 0, timeout=10000)
    assert d.titulo.text() == "No quedan conflictos por revisar en este equipo."
    assert not panel.boton_conflictos.isVisible()
    assert not entregas.Diario().ruta.exists()  # archived: nothing pending, nothing to review
    assert sql.execute(
        "SELECT count(*) FROM bitacora WHERE tabla = 'revision_entrega_sin_conexion' "
        "AND usuario = %s",
        (cuenta.usuario,),
    ).fetchone() == (1,)  # the delivery's review; the unreadable line names no voucher
    d.close()
    v.ir_a("inicio")  # Inicio's card counts them too: none left
    inicio = v.vistas["inicio"]
    qtbot.waitUntil(
        lambda: any(
            t.pendiente.clave == "conflictos_entrega" and t.cantidad.text() == "0"
            for t in inicio.tarjetas
        ),
        timeout=10000,
    )


def test_un_paquete_danado_se_dice_al_entregar_sin_conexion(qtbot, escritorio, dialogos_falsos):
    """The event's kit on this PC cannot be read: the desk says so, and why, instead of «download
    it» as if it were missing; it stays online."""
    _v, panel, evento, _codigos, _cuenta, _emisor = escritorio
    kit = entregas.descargar_kit(evento)
    kit.ruta.write_text('{"evento_id": ', encoding="utf-8")
    panel.sin_conexion.setChecked(True)
    assert not panel.sin_conexion.isChecked() and panel.kit is None
    assert dialogos_falsos.errores[-1] == (
        "El paquete de este evento en este equipo no se puede leer: no es JSON válido "
        "(renglón 1): está dañado. Descárguelo de nuevo (con conexión) antes de entregar sin "
        "conexión."
    )
