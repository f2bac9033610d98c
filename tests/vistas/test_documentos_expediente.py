"""Ventanilla with real widgets: a new application takes the CURP and the INE already on the
citizen's file without scanning them again (each shown with the date it was scanned), and a call
that wants a recent comprobante de domicilio refuses the old one with its date and the limit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests import archivos
from tests.datos import ELEGIBLE
from tests.vistas.ayudas import captura, ventana_principal


@pytest.fixture
def clerk(personal, datos_locales):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _ciudadano_con_expediente(sql) -> tuple[str, int, int]:
    """A demo adult with documents on file and an open call without its own form that they
    may file to: (CURP, citizen id, call id)."""
    return sql.execute(
        "SELECT x.curp, x.id, c.id FROM ciudadano x JOIN convocatoria c ON c.abierta "
        "AND c.formulario_id IS NULL AND c.fecha_apertura <= sipros_hoy() "
        "AND c.fecha_cierre >= sipros_hoy() "
        "WHERE EXISTS (SELECT 1 FROM documento d WHERE d.ciudadano_id = x.id "
        "AND d.tipo = 'Comprobante de domicilio' AND d.fecha_escaneo < sipros_hoy() - 200) "
        "AND NOT EXISTS (SELECT 1 FROM solicitud s WHERE s.ciudadano_id = x.id "
        "AND s.convocatoria_id = c.id) "
        f"AND x.fecha_nacimiento < sipros_hoy() - 20 * 365 AND {ELEGIBLE} "
        "ORDER BY x.id, c.id LIMIT 1"
    ).fetchone()


def _usar(qtbot, d, fila: int):
    d.tabla_docs.selectRow(fila)
    qtbot.mouseClick(d.boton_expediente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(d, "dialogo_expediente", None) is not None, timeout=5000)
    e = d.dialogo_expediente
    qtbot.waitUntil(e.isVisible, timeout=5000)
    return e


def test_reutilizar_documentos_y_rechazar_un_comprobante_antiguo(
    qtbot, qapp, clerk, sql, dialogos_falsos, tmp_path
):
    curp, _cid, conv = _ciudadano_con_expediente(sql)
    sql.execute(
        "UPDATE convocatoria SET documentos_vigencia = '{\"Comprobante de domicilio\": 3}' "
        "WHERE id = %s",
        (conv,),
    )
    v = ventana_principal(qtbot, qapp, clerk, "ventanilla", tamano=(1280, 720))
    vista = v.vistas["ventanilla"]
    qtbot.waitUntil(lambda: vista.listo, timeout=10000)
    vista.curp.setText(curp)
    vista.buscar()
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None and exp.resumen.ficha.curp == curp,
                    timeout=10000)  # fmt: skip
    fila = next(i for i, c in enumerate(exp.resumen.convocatorias) if c.id == conv)
    exp.tabla_convocatorias.selectRow(fila)
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.nueva_solicitud()
    d = abiertos[-1]
    requeridos = list(d.conv.documentos_requeridos)
    assert requeridos == ["CURP", "Identificación oficial", "Comprobante de domicilio"]
    assert d.aviso_vigencia.text() == (
        "Esta convocatoria acepta «Comprobante de domicilio» con antigüedad máxima de 3 meses."
    )

    # the CURP and the INE from the file, with their date, without scanning them
    for i, tipo in enumerate(requeridos[:2]):
        e = _usar(qtbot, d, i)
        assert e.tabla.item(0, 0).text() == tipo  # the same type first
        fecha = e.tabla.item(0, 2).text()
        qtbot.mouseClick(e.boton_usar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda t=tipo: t in d.reutilizados, timeout=5000)
        assert d.tabla_docs.item(i, 3).text() == f"Expediente: {fecha}"
        d.dialogo_expediente = None

    # the comprobante on file is older than this call accepts: refused, saying why
    e = _usar(qtbot, d, 2)
    viejo = e.docs[0]
    assert viejo.tipo == "Comprobante de domicilio"
    assert e.tabla.item(0, 2).foreground().color() == Qt.GlobalColor.darkRed
    qtbot.mouseClick(e.boton_usar, Qt.MouseButton.LeftButton)
    assert e.isVisible() and "Comprobante de domicilio" not in d.reutilizados
    assert e.errores.text() == (
        f"El documento «Comprobante de domicilio» es del {viejo.fecha:%d/%m/%Y}: esta "
        "convocatoria lo acepta con antigüedad máxima de 3 meses (del 25/08/2026 en adelante). "
        "Escanee uno reciente."
    )
    captura(e, "ventanilla_expediente_rechazo")
    e.reject()

    # a recent one is scanned; the application is filed with two reused and one new
    recibo = tmp_path / "recibo_agua.pdf"
    recibo.write_bytes(archivos.pdf("Recibo de agua de noviembre"))
    dialogos_falsos.abrir = [str(recibo)]
    d.tabla_docs.selectRow(2)
    d.adjuntar()
    qtbot.waitUntil(lambda: "Comprobante de domicilio" in d.adjuntos, timeout=5000)
    assert d.tabla_docs.item(2, 3).text() == "Nuevo"
    captura(d, "ventanilla_solicitud_con_expediente")
    d.presentar()
    qtbot.waitUntil(lambda: getattr(d, "resultado", None) is not None, timeout=10000)
    filas = sql.execute(
        "SELECT d.tipo, d.fecha_escaneo, d.usuario, "
        "EXISTS (SELECT 1 FROM documento o WHERE o.ciudadano_id = d.ciudadano_id "
        "AND o.sha256 = d.sha256 AND o.id < d.id) "
        "FROM documento d WHERE d.solicitud_id = %s ORDER BY d.id",
        (d.resultado.id,),
    ).fetchall()
    por_tipo = {t: (f, u, previo) for t, f, u, previo in filas}
    assert set(por_tipo) == set(requeridos)
    for tipo in requeridos[:2]:
        assert por_tipo[tipo][1:] == (clerk.usuario, True)  # a link to what was on file
        assert por_tipo[tipo][0] == d.reutilizados[tipo].fecha
    assert por_tipo["Comprobante de domicilio"][2] is False  # scanned now


def test_catalogo_pide_un_comprobante_reciente(qtbot, qapp, personal, sql):
    """Catálogo → convocatoria: the line of a required document ends with its maximum age."""
    from sipros_desktop.servicios import catalogo
    from tests.vistas.ayudas import dialogo_abierto

    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    c = ventana_principal(qtbot, qapp, admin, "catalogo", tamano=(1280, 720)).vistas["catalogo"]
    qtbot.waitUntil(lambda: c.cat is not None, timeout=10000)
    pid, clave, cid = sql.execute(
        "SELECT programa_id, clave, id FROM convocatoria WHERE abierta ORDER BY id LIMIT 1"
    ).fetchone()
    c.elegir("programa", pid)
    qtbot.waitUntil(lambda: c.tabla_convs.rowCount() > 0, timeout=5000)
    fila = next(
        i for i in range(c.tabla_convs.rowCount()) if c.tabla_convs.item(i, 0).text() == clave
    )
    c.tabla_convs.selectRow(fila)
    d = dialogo_abierto(qtbot, c, c.editar_convocatoria)
    assert d.documentos.toPlainText().splitlines()[-1] == "Comprobante de domicilio"
    d.documentos.setPlainText(
        "CURP\nIdentificación oficial\nComprobante de domicilio (máximo 3 meses)"
    )
    d.documentos.setFocus()
    captura(d, "catalogo_convocatoria_vigencia")
    d.guardar()
    qtbot.waitUntil(lambda: hasattr(d, "nuevo_id") or bool(d.errores.text()), timeout=5000)
    assert hasattr(d, "nuevo_id"), d.errores.text()
    conv = catalogo.convocatoria(cid)
    assert conv.documentos_requeridos == ["CURP", "Identificación oficial",
                                          "Comprobante de domicilio"]  # fmt: skip
    assert conv.documentos_vigencia == {"Comprobante de domicilio": 3}
    # a limit out of range is said in Spanish, nothing saved
    c.tabla_convs.selectRow(fila)
    d = dialogo_abierto(qtbot, c, c.editar_convocatoria)
    assert "Comprobante de domicilio (máximo 3 meses)" in d.documentos.toPlainText()
    d.documentos.setPlainText("CURP\nComprobante de domicilio (máximo 200 meses)")
    d.guardar()
    qtbot.waitUntil(lambda: bool(d.errores.text()), timeout=5000)
    assert "va de 1 a 120 meses (tiene 200)" in d.errores.text()
    assert catalogo.convocatoria(cid).documentos_vigencia == {"Comprobante de domicilio": 3}
