"""Catálogo with real widgets as an administrator: a new programme with its support type and
call, and what the database refuses for a call that already has applications."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from sipros_desktop.servicios import catalogo
from tests.reloj import HOY
from tests.vistas.ayudas import captura, dialogo_abierto, ventana_principal


@pytest.fixture
def vista(qtbot, qapp, personal):
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    c = ventana_principal(qtbot, qapp, cuenta, "catalogo").vistas["catalogo"]
    qtbot.waitUntil(lambda: c.cat is not None, timeout=10000)
    return c


_dialogo = dialogo_abierto


def _guardar(qtbot, d):
    d.guardar()
    qtbot.waitUntil(lambda: hasattr(d, "nuevo_id") or bool(d.errores.text()), timeout=5000)


def test_nuevo_programa_tipo_y_convocatoria(qtbot, vista):
    c = vista
    area = next(a for a in c.cat.areas if a.clave == "SSDS")
    c.elegir("area", area.id)
    d = _dialogo(qtbot, c, c.nuevo_programa)
    assert d.area.currentData() == area.id
    d.clave.setText("mochi")
    _guardar(qtbot, d)
    assert "Escriba el nombre del programa" in d.errores.text() and d.isVisible()
    d.nombre.setText("Mochila escolar")
    _guardar(qtbot, d)
    qtbot.waitUntil(lambda: any(p.clave == "MOCHI" for p in c.cat.programas), timeout=5000)
    pid = d.nuevo_id
    c.elegir("programa", pid)
    qtbot.waitUntil(lambda: "Mochila escolar" in c.cabecera.text(), timeout=5000)
    t = _dialogo(qtbot, c, lambda: c.editar_tipo(nuevo=True))
    t.clave.setText("MOCHI-PAQ")
    t.nombre.setText("Paquete")
    t.monto.setValue(350)
    _guardar(qtbot, t)
    qtbot.waitUntil(lambda: c.tabla_tipos.rowCount() == 1, timeout=5000)
    assert c.tabla_tipos.item(0, 2).text() == "$350.00"
    v = _dialogo(qtbot, c, lambda: c.editar_convocatoria(nueva=True))
    v.clave.setText("MOCHI-2026")
    v.nombre.setText("Mochila escolar 2026")
    v.cupo.setValue(500)
    v.edad_min.setValue(5)
    v.edad_max.setValue(12)
    v.municipios.item(0).setCheckState(Qt.CheckState.Checked)
    # for households in poverty (extreme or moderate) with carencia por alimentación
    por_clave = {v.pobreza.item(i).data(Qt.ItemDataRole.UserRole): v.pobreza.item(i)
                 for i in range(v.pobreza.count())}  # fmt: skip
    assert v.pobreza.item(0).text() == "Pobreza extrema" and "sin_datos" not in por_clave
    por_clave["pobreza_moderada"].setCheckState(Qt.CheckState.Checked)
    por_clave["pobreza_extrema"].setCheckState(Qt.CheckState.Checked)
    v.carencias.item(5).setCheckState(Qt.CheckState.Checked)
    assert v.carencias.item(5).text() == "Alimentación"
    assert v.carencias.item(5).toolTip() == (
        "Carencia por acceso a la alimentación nutritiva y de calidad"
    )
    captura(v, "catalogo_convocatoria")
    _guardar(qtbot, v)
    assert hasattr(v, "nuevo_id")  # saved (the dialog closed)
    qtbot.waitUntil(lambda: c.tabla_convs.rowCount() == 1, timeout=5000)
    conv = catalogo.convocatoria(v.nuevo_id)
    assert (
        conv.cupo == 500 and conv.reglas["edad_max"] == 12 and len(conv.reglas["municipios"]) == 1
    )
    assert conv.reglas["pobreza"] == ["pobreza_extrema", "pobreza_moderada"]
    assert conv.reglas["carencias"] == ["alimentacion"]
    # opened again, the dialog shows them marked
    c.tabla_convs.selectRow(0)
    otra = _dialogo(qtbot, c, lambda: c.editar_convocatoria(nueva=False))
    marcadas = [otra.carencias.item(i).checkState() == Qt.CheckState.Checked
                for i in range(otra.carencias.count())]  # fmt: skip
    assert marcadas == [False] * 5 + [True]
    otra.reject()
    assert conv.documentos_requeridos == [
        "CURP",
        "Identificación oficial",
        "Comprobante de domicilio",
    ]
    captura(c.window(), "catalogo")


def test_convocatoria_con_solicitudes_explica_lo_que_no_cambia(qtbot, vista, sql):
    c = vista
    pid, clave = sql.execute(
        "SELECT c.programa_id, c.clave FROM convocatoria c WHERE EXISTS "
        "(SELECT 1 FROM solicitud s WHERE s.convocatoria_id = c.id) ORDER BY c.id LIMIT 1"
    ).fetchone()
    c.elegir("programa", pid)
    qtbot.waitUntil(lambda: c.tabla_convs.rowCount() > 0, timeout=5000)
    fila = next(
        i for i in range(c.tabla_convs.rowCount()) if c.tabla_convs.item(i, 0).text() == clave
    )
    c.tabla_convs.selectRow(fila)
    d = _dialogo(qtbot, c, c.editar_convocatoria)
    d.proceso.setValue(d.proceso.value() + 5)
    _guardar(qtbot, d)
    assert "ya tiene solicitudes" in d.errores.text()
    assert d.isVisible()
    # dates may change: the applications to come
    d.proceso.setValue(d.proceso.value() - 5)
    d.cierre.setDate(date(HOY.year + 1, 1, 31))
    _guardar(qtbot, d)
    assert hasattr(d, "nuevo_id")  # saved (the dialog closed)


def test_logo_de_dependencia_se_elige_y_se_ve(qtbot, vista, dialogos_falsos, tmp_path):
    import io

    from PIL import Image

    from sipros_desktop.vistas.catalogo.dialogos import DialogoDependencia

    dep = next(d for d in catalogo.cargar().dependencias if d.clave == "IVEQ")
    d = DialogoDependencia(dep)
    qtbot.addWidget(d)
    d.show()
    png = tmp_path / "logo.png"
    buf = io.BytesIO()
    Image.new("RGB", (300, 120), "navy").save(buf, "PNG")
    png.write_bytes(buf.getvalue())
    texto = tmp_path / "logo_falso.png"
    texto.write_text("no soy una imagen")
    dialogos_falsos.abrir = [str(texto), str(png)]
    qtbot.mouseClick(d.boton_logo, Qt.MouseButton.LeftButton)
    assert "PNG o JPEG" in d.errores.text() and d.logo is None
    qtbot.mouseClick(d.boton_logo, Qt.MouseButton.LeftButton)
    assert d.logo == png.read_bytes() and not d.vista_logo.pixmap().isNull()
    assert d.errores.text() == ""  # the earlier refusal is gone
    assert d.datos().logo == png.read_bytes()
    # its own privacy notice: typed once it has been read (it had none: the general one)
    qtbot.waitUntil(lambda: d.aviso_leido and d.aviso.isEnabled(), timeout=5000)
    assert d.aviso.toPlainText() == "" and "aviso general" in d.aviso.placeholderText()
    d.aviso.setPlainText("Aviso corto.")
    _guardar(qtbot, d)
    assert "va de 80 a 4,000" in d.errores.text() and not hasattr(d, "nuevo_id")
    aviso = (
        "El Instituto de Vivienda es responsable del tratamiento de sus datos personales.\n"
        "Los usa solo para integrar su expediente; derechos ARCO en cualquier módulo."
    )
    d.aviso.setPlainText(aviso)
    captura(d, "catalogo_dependencia_logo")
    _guardar(qtbot, d)
    assert hasattr(d, "nuevo_id")
    # opened again, the dialog shows the logo the agency has now
    otra = DialogoDependencia(next(x for x in catalogo.cargar().dependencias if x.id == dep.id))
    qtbot.addWidget(otra)
    otra.show()
    qtbot.waitUntil(lambda: not otra.vista_logo.pixmap().isNull(), timeout=5000)
    assert otra.vista_logo.pixmap().height() == 48 and otra.logo is None  # nothing to re-save
    assert otra.aviso.toPlainText() == aviso
    qtbot.mouseClick(otra.boton_sin_logo, Qt.MouseButton.LeftButton)
    _guardar(qtbot, otra)
    assert catalogo.logo_de(dep.id) is None


def test_un_administrador_de_area_solo_cambia_lo_suyo(qtbot, qapp, personal):
    cuenta = personal.crear(["administrador"], area="DIFAS")
    personal.activar_como(cuenta)
    c = ventana_principal(qtbot, qapp, cuenta, "catalogo", tamano=(1280, 720)).vistas["catalogo"]
    qtbot.waitUntil(lambda: c.cat is not None, timeout=10000)
    assert not c.cat.estatal and not c.boton_dependencia.isEnabled()
    ajeno = next(p for p in c.cat.programas if p.clave == "TARCO")
    c.elegir("programa", ajeno.id)
    qtbot.waitUntil(lambda: c.solo_lectura.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: ajeno.nombre in c.cabecera.text(), timeout=5000)
    assert not c.boton_editar.isEnabled() and not c.boton_conv.isEnabled()
    assert not c.boton_editar_tipo.isEnabled() and not c.boton_programa.isEnabled()
    captura(c.window(), "catalogo_solo_lectura_1280x720")
    propio = next(p for p in c.cat.programas if p.clave == "APDIS")
    c.elegir("programa", propio.id)
    qtbot.waitUntil(lambda: not c.solo_lectura.isVisible(), timeout=5000)
    assert c.boton_editar.isEnabled() and c.boton_conv.isEnabled() and c.boton_programa.isEnabled()
    area = next(a for a in c.cat.areas if a.clave == "DIFAS")
    c.elegir("area", area.id)
    qtbot.waitUntil(lambda: c.solo_lectura.isVisible(), timeout=5000)  # an área: state-wide
    assert c.boton_programa.isEnabled() and not c.boton_editar.isEnabled()
