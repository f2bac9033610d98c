"""Consulta ciudadana and Administración → Mensajes with real widgets: the desk by CURP with
the history of an application in Corrección, the phone change with the identification checked
(and the notice to the previous number in the citizen's history), the database's limit of
look-ups on the status line, the constancia; the template editor's segment counter; the outbox
with a failed message retried."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sipros_desktop.servicios import pdf, solicitudes, telefonos
from tests.seguridad import Personal
from tests.vistas.ayudas import captura, dialogo_abierto, ventana_principal


@pytest.fixture
def en_correccion(personal: Personal, sql) -> tuple[str, str]:
    """(CURP, folio) of a citizen whose application an official sent back for correction."""
    cid, curp = sql.execute(
        "SELECT c.id, c.curp FROM ciudadano c WHERE c.telefono IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c.id AND s.estado = 'En proceso') "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = c.id "
        "AND s.estado = 'Corrección') "
        "AND EXISTS (SELECT 1 FROM beneficio b WHERE b.ciudadano_id = c.id) ORDER BY c.id LIMIT 1"
    ).fetchone()
    sql.execute("UPDATE ciudadano SET acepta_sms = true WHERE id = %s", (cid,))
    sid, version, folio = sql.execute(
        "SELECT id, version, folio FROM solicitud WHERE ciudadano_id = %s "
        "AND estado = 'En proceso' ORDER BY id LIMIT 1", (cid,)).fetchone()  # fmt: skip
    personal.activar_como(personal.crear(["funcionario"], alcance="estatal"))
    solicitudes.dictaminar(sid, version, "Corrección", "Falta acta de nacimiento legible")
    return curp, folio


def test_escritorio_de_consulta(qtbot, qapp, personal: Personal, sql, en_correccion,
                                dialogos_falsos):  # fmt: skip
    curp, folio = en_correccion
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    ventana = ventana_principal(qtbot, qapp, cuenta, "consulta", tamano=(1280, 720))
    v = ventana.vistas["consulta"]
    assert not v.contenido.isVisible()

    # a CURP with a typo: said at once, nothing looked up
    qtbot.keyClicks(v.curp, curp[:17] + ("0" if curp[17] != "0" else "1"))
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    assert "no es válida" in v.mensaje.text() and not v.ocupada

    v.curp.clear()  # the scanner reads the QR of the CURP certificate
    qtbot.keyClicks(v.curp, f"{curp}|APELLIDO|OTRO|NOMBRE|HOMBRE|01/01/1980|QUERETARO|22")
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: v.expediente is not None and v.contenido.isVisible(), timeout=10000)
    assert curp in v.ciudadano.text() and v.curp.text() == curp
    # the application in Corrección comes first selected, with what to fix and its history
    fila = v.solicitudes.currentRow()
    assert v.solicitudes.item(fila, 0).text() == folio
    assert v.solicitudes.item(fila, 4).text() == "Corrección"
    assert "Falta acta de nacimiento legible" in v.pendiente.text()
    ultimo = v.historial.rowCount() - 1
    assert v.historial.item(ultimo, 0).text() == "Corrección"
    assert v.historial.item(ultimo, 2).text() == "Falta acta de nacimiento legible"
    assert v.beneficios.rowCount() == len(v.expediente.beneficios) > 0
    # the correction was announced by SMS, in the same transaction as the dictamen
    assert v.mensajes.rowCount() == 1 and v.mensajes.item(0, 1).text() == "Corrección solicitada"
    captura(ventana, "consulta_ciudadana")

    # phone change: in a dialog that asks for the identification checked
    anterior = v.expediente.telefono
    d = dialogo_abierto(qtbot, v, v.cambiar_contacto)
    d.telefono.clear()
    qtbot.keyClicks(d.telefono, "442 55")
    qtbot.mouseClick(d.boton_guardar, Qt.MouseButton.LeftButton)
    assert "dígitos" in d.errores.text() and d.isVisible()
    d.telefono.clear()
    qtbot.keyClicks(d.telefono, "(442) 318-90-12")
    # it says before saving that the previous number will be warned
    assert f"número anterior, {telefonos.legible(anterior)}" in d.aviso.text()
    qtbot.mouseClick(d.boton_guardar, Qt.MouseButton.LeftButton)
    assert "elija la identificación que revisó" in d.errores.text() and d.isVisible()
    d.identificacion.setCurrentIndex(d.identificacion.findData("INE"))
    qtbot.keyClicks(d.referencia, "48z1x")  # (four characters at most)
    assert d.referencia.text() == "48Z1"
    qtbot.wait(50)  # (the labels' new height)
    captura(d, "consulta_contacto")
    qtbot.mouseClick(d.boton_guardar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos), timeout=10000)
    assert dialogos_falsos.avisos[-1] == (
        "Datos de contacto guardados. Se envía un SMS de aviso al número anterior "
        f"({telefonos.legible(anterior)})."
    )
    qtbot.waitUntil(lambda: v.expediente.telefono == "4423189012", timeout=10000)
    assert v.telefono.text() == "442 318 9012"
    antes, despues = sql.execute(
        "SELECT antes ->> 'telefono', despues ->> 'telefono' FROM bitacora WHERE usuario = %s "
        "AND tabla = 'ciudadano' AND operacion = 'UPDATE' ORDER BY id DESC LIMIT 1",
        (cuenta.usuario,),
    ).fetchone()
    assert despues == "4423189012" and antes == anterior
    # the citizen's history shows the change, the identification and the notice
    v.pestanas.setCurrentWidget(v.contactos)
    assert v.pestanas.tabText(3) == "Cambios de contacto (1)"
    assert v.contactos.item(0, 1).text() == (
        f"Teléfono: {telefonos.legible(anterior)} → 442 318 9012"
    )
    assert v.contactos.item(0, 2).text() == "INE terminada en 48Z1"
    assert v.contactos.item(0, 3).text() == cuenta.usuario
    assert v.contactos.item(0, 4).text() == f"Pendiente al {telefonos.legible(anterior)}"
    captura(ventana, "consulta_cambios_de_contacto")
    v.pestanas.setCurrentIndex(0)

    # the constancia: the PDF shown, printed through the print dialog
    v.constancia()
    qtbot.waitUntil(lambda: hasattr(v, "dialogo_constancia"), timeout=10000)
    d = v.dialogo_constancia
    qtbot.waitUntil(d.isVisible)
    texto = pdf.texto(d.pdf)
    assert folio in texto and "Debe corregir" in texto and curp in texto
    qtbot.waitUntil(lambda: 0 in d.paginas.renderizadas, timeout=10000)
    captura(d, "consulta_constancia")
    qtbot.mouseClick(d.boton_imprimir, Qt.MouseButton.LeftButton)
    assert dialogos_falsos.impresiones == [d.pdf]
    d.accept()

    # a message written at the desk, with its count of parts
    from sipros_desktop.vistas.consulta.vista import DialogoSms

    sms_d = DialogoSms(v.expediente, v)
    qtbot.addWidget(sms_d)
    sms_d.show()
    sms_d.editor.texto.insertPlainText("Su corrección vence el viernes")  # (as typed or pasted)
    assert "UCS-2" in sms_d.editor.contador.text() and "ó" in sms_d.editor.contador.text()
    qtbot.mouseClick(sms_d.editor.boton_acentos, Qt.MouseButton.LeftButton)
    assert sms_d.editor.valor() == "Su correccion vence el viernes"
    assert sms_d.editor.contador.text().startswith("30 caracteres GSM-7 → 1 mensaje SMS")
    sms_d.enviar()
    qtbot.waitUntil(lambda: sms_d.result() == sms_d.DialogCode.Accepted, timeout=10000)
    assert sql.execute(
        "SELECT telefono, texto, creado_por FROM mensaje WHERE evento = 'manual' "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("+524423189012", "Su correccion vence el viernes", cuenta.usuario)


def test_limite_de_consultas_en_pantalla(qtbot, qapp, personal: Personal, sql, dialogos_falsos):
    curps = [r[0] for r in sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 3")]
    sql.execute("UPDATE ajuste SET valor = '2' WHERE clave = 'consulta_limite'")
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    ventana = ventana_principal(qtbot, qapp, cuenta, "consulta", tamano=(1280, 720))
    v = ventana.vistas["consulta"]
    for curp in curps[:2]:
        v.buscar(curp)
        qtbot.waitUntil(lambda c=curp: v.expediente is not None and v.expediente.curp == c
                        and not v.ocupada, timeout=10000)  # fmt: skip
    assert v.mensaje.text().endswith("Le quedan 0 de 2 consultas en 10 minutos.")
    # the third: the database's refusal on the status line, nothing of the last citizen left
    v.curp.clear()
    qtbot.keyClicks(v.curp, curps[2])
    qtbot.keyClick(v.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not v.ocupada, timeout=10000)
    assert v.mensaje.text().startswith(
        "Su usuario llegó al límite de Consulta ciudadana: 2 consultas por CURP cada 10 "
        "minutos. Podrá consultar de nuevo en "
    )
    assert v.expediente is None and not v.contenido.isVisible() and v.ayuda.isVisible()
    assert dialogos_falsos.errores == []  # said on the screen, not in a box with a traceback
    captura(ventana, "consulta_limite")


def test_mensajes_plantillas_y_bandeja(qtbot, qapp, personal: Personal, sql, dialogos_falsos):
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    fallido = sql.execute("SELECT sipros_sms_a_telefono('4421230000', 'Aviso', true)").fetchone()
    sql.execute("UPDATE mensaje SET estado = 'Fallido', respuesta = 'HTTP 400 · número dado de "
                "baja' WHERE id = %s", fallido)  # fmt: skip
    ventana = ventana_principal(qtbot, qapp, admin, "administracion", tamano=(1280, 720))
    adm = ventana.vistas["administracion"]
    adm.pestanas.setCurrentWidget(adm.mensajes)
    m = adm.mensajes
    qtbot.waitUntil(lambda: m.bandeja.modelo.rowCount() > 0 and bool(m.bandeja.modelo.total),
                    timeout=10000)  # fmt: skip
    assert "Fallido: 1" in m.bandeja.cuenta.text()
    m.bandeja.estado.setCurrentIndex(m.bandeja.estado.findData("Fallido"))
    qtbot.waitUntil(lambda: m.bandeja.modelo.rowCount() == 1 and not m.bandeja.modelo.cargando)
    m.bandeja.tabla.selectRow(0)
    # the provider's reason, in full, as plain text
    assert "Respuesta del proveedor: HTTP 400 · número dado de baja" in (
        m.bandeja.detalle.toPlainText()
    )
    captura(ventana, "mensajes_bandeja")
    qtbot.mouseClick(m.bandeja.boton_reintentar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: m.bandeja.modelo.rowCount() == 0 and not m.bandeja.modelo.cargando,
                    timeout=10000)  # fmt: skip
    assert sql.execute("SELECT estado FROM mensaje WHERE id = %s", fallido).fetchone() == (
        "Pendiente",
    )

    # the template editor: placeholders, live count, preview with sample data, saved
    m.pestanas.setCurrentWidget(m.plantillas)
    p = m.plantillas
    qtbot.waitUntil(lambda: p.cargadas and p.previa.text() != "", timeout=10000)
    p.lista.setCurrentRow(1)  # Corrección solicitada
    assert "{comentario}" in p.variables.text()
    p.editor.texto.selectAll()
    p.editor.texto.insertPlainText(
        "{nombre}: corrija {comentario}. Acuda a la oficina más cercana."
    )
    assert "UCS-2" in p.editor.contador.text() and "á" in p.editor.contador.text()
    qtbot.mouseClick(p.editor.boton_acentos, Qt.MouseButton.LeftButton)
    # 63 characters, but { and } are GSM-7 escape characters: two septets each
    assert p.editor.contador.text().startswith("67 caracteres GSM-7 → 1 mensaje SMS")
    qtbot.waitUntil(lambda: p.previa.text().startswith("Maria: corrija Falta la copia"),
                    timeout=10000)  # fmt: skip
    captura(ventana, "mensajes_plantillas")
    qtbot.mouseClick(p.boton_guardar, Qt.MouseButton.LeftButton)
    guardado = "{nombre}: corrija {comentario}. Acuda a la oficina mas cercana."

    def texto_guardado() -> str:
        fila = sql.execute("SELECT texto FROM plantilla_mensaje WHERE evento = 'correccion'")
        return fila.fetchone()[0]

    qtbot.waitUntil(lambda: texto_guardado() == guardado, timeout=10000)
    # a placeholder that does not exist: the database's explanation, nothing saved
    p.editor.texto.selectAll()
    qtbot.keyClicks(p.editor.texto, "Su CURP {curp}")
    qtbot.mouseClick(p.boton_guardar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "{curp}" in p.errores.text(), timeout=10000)

    # a test message for the provider
    m.pestanas.setCurrentWidget(m.prueba)
    qtbot.keyClicks(m.prueba.telefono, "442 999 0001")
    qtbot.mouseClick(m.prueba.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "en la bandeja" in m.prueba.estado.text(), timeout=10000)
    assert sql.execute(
        "SELECT evento, telefono, creado_por FROM mensaje ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("prueba", "+524429990001", admin.usuario)
