"""The territory on screen: the Padrón and Reportes filter by locality and colonia (their
lists follow the chosen municipality), and Administración › Registro Civil imports the
extract chosen in a file dialog and shows the summary of the citizen files — only for whom the
command line lets import it, with the same checks on a hostile file."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from sipros_desktop.servicios.curp import construir
from sipros_desktop.vistas.aplicacion import aplicar_estilo
from sipros_desktop.vistas.reportes.vista import PanelReportes
from tests.vistas.ayudas import captura, ventana_principal


def _lugar_con_mas_beneficios(sql):
    """(municipio id, clave; localidad id, clave; colonia id, clave, nombre, beneficios)."""
    return sql.execute(
        "SELECT m.id, m.clave, l.id, l.clave, c.id, c.clave, c.nombre, count(*) FROM beneficio b "
        "JOIN colonia c ON c.id = b.colonia_id JOIN localidad l ON l.id = b.localidad_id "
        "JOIN municipio m ON m.id = b.municipio_id GROUP BY 1, 2, 3, 4, 5, 6, 7 "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()


def _elegir(qtbot, combo, valor) -> None:
    qtbot.waitUntil(lambda: combo.findData(valor) > 0, timeout=10000)
    combo.setCurrentIndex(combo.findData(valor))


def test_el_padron_filtra_por_localidad_y_colonia(qtbot, qapp, personal, sql):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    mun, _, loc, _, col, _, nombre_col, _ = _lugar_con_mas_beneficios(sql)
    v = ventana_principal(qtbot, qapp, cuenta, "cargas", tamano=(1280, 720))
    panel = v.vistas["cargas"].padron
    qtbot.waitUntil(lambda: "beneficiarios únicos" in panel.totales.text(), timeout=15000)
    # without a municipality there is nothing to choose
    assert panel.localidad.count() == 1 and panel.colonia.count() == 1
    _elegir(qtbot, panel.municipio, mun)
    _elegir(qtbot, panel.localidad, loc)
    qtbot.waitUntil(lambda: panel.colonia.findData(col) > 0, timeout=10000)
    texto_colonia = panel.colonia.itemText(panel.colonia.findData(col))
    assert texto_colonia.startswith(nombre_col + " (")  # with its postal code
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    de_la_localidad = sql.execute(
        "SELECT count(*) FROM beneficio WHERE localidad_id = %s", (loc,)
    ).fetchone()[0]
    qtbot.waitUntil(
        lambda: panel.totales.text().startswith(f"{de_la_localidad:,} beneficios"), timeout=15000
    )
    assert de_la_localidad > 0
    _elegir(qtbot, panel.colonia, col)
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    de_la_colonia = sql.execute(
        "SELECT count(*) FROM beneficio WHERE colonia_id = %s", (col,)
    ).fetchone()[0]
    qtbot.waitUntil(
        lambda: panel.totales.text().startswith(f"{de_la_colonia:,} beneficios"), timeout=15000
    )
    qtbot.waitUntil(lambda: panel.modelo.rowCount() == min(de_la_colonia, 200), timeout=10000)
    captura(v, "padron_por_colonia_1280x720")
    # another municipality: its own lists, the chosen locality and colonia gone
    otro = sql.execute("SELECT id FROM municipio WHERE id <> %s LIMIT 1", (mun,)).fetchone()[0]
    _elegir(qtbot, panel.municipio, otro)
    assert panel.localidad.currentData() is None and panel.colonia.currentData() is None
    qtbot.waitUntil(lambda: panel.localidad.count() > 1, timeout=10000)
    assert panel.localidad.findData(loc) < 0 and panel.colonia.findData(col) < 0


def test_reportes_por_localidad_y_colonia(qtbot, qapp, personal, sql):
    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    _, mun, _, loc, _, col, nombre_col, cuantos = _lugar_con_mas_beneficios(sql)
    aplicar_estilo(qapp)
    v = PanelReportes()
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    clave = Qt.ItemDataRole.UserRole
    fila = next(i for i in range(v.catalogo.count())
                if v.catalogo.item(i).data(clave) == "beneficiarios_por_colonia")  # fmt: skip
    v.catalogo.setCurrentRow(fila)
    assert v.combos["localidad"].isEnabled() and v.combos["colonia"].isEnabled()
    _elegir(qtbot, v.combos["municipio"], mun)
    _elegir(qtbot, v.combos["localidad"], loc)
    _elegir(qtbot, v.combos["colonia"], col)
    qtbot.mouseClick(v.boton_ver, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Totales" in v.resumen.text(), timeout=10000)
    assert v.tabla.rowCount() == 1 and v.tabla.item(0, 2).text() == nombre_col
    assert v.tabla.item(0, 5).text() == f"{cuantos:,}"
    captura(v, "reporte_por_colonia_1280x720")
    # a report that does not filter by place leaves those lists aside
    fila = next(i for i in range(v.catalogo.count())
                if v.catalogo.item(i).data(clave) == "solicitudes_por_estado")  # fmt: skip
    v.catalogo.setCurrentRow(fila)
    assert not v.combos["localidad"].isEnabled() and not v.combos["colonia"].isEnabled()


def _extracto(ruta, sql) -> tuple[int, int]:
    """An extract with two citizens of the demo as they are, one with another first name, and
    a person the registry has who is not a citizen file; (rows, bad rows)."""
    filas = sql.execute(
        "SELECT curp, nombre, apellido_paterno, coalesce(apellido_materno, ''), "
        "to_char(fecha_nacimiento, 'DD/MM/YYYY'), sexo FROM ciudadano ORDER BY id LIMIT 3"
    ).fetchall()
    lineas = ["curp;nombre;apellido_paterno;apellido_materno;fecha_nacimiento;sexo"]
    for i, f in enumerate(filas):
        f = list(f)
        if i == 2:
            f[1] = "OTRONOMBRE"
        lineas.append(";".join(f))
    ajeno = construir("Rosa", "Mar", "Sol", date(1970, 1, 1), "M", "QT")
    lineas.append(f"{ajeno};ROSA;MAR;SOL;1970-01-01;M")
    lineas.append("XXXX000000HQTXXX00;MALA;CURP;;2000-01-01;H")
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return 5, 1


def test_importar_el_registro_civil_desde_administracion(
    qtbot, qapp, personal, sql, tmp_path, dialogos_falsos
):
    # a server whose extract was never loaded (the demo brings one)
    sql.execute("DELETE FROM registro_civil")
    admin = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(admin)
    v = ventana_principal(qtbot, qapp, admin, "administracion", tamano=(1280, 720))
    adm = v.vistas["administracion"]
    adm.pestanas.setCurrentWidget(adm.registro_civil)
    rc = adm.registro_civil
    ciudadanos = sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    qtbot.waitUntil(lambda: rc.boton.isEnabled(), timeout=10000)
    assert rc.no_encontradas.text() == f"No encontrados: {ciudadanos:,}"
    # a hostile file (binary, as a spreadsheet saved with the wrong name): the CLI's message,
    # nothing imported
    hostil = tmp_path / "extracto.csv"
    hostil.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    dialogos_falsos.abrir = [str(hostil)]
    qtbot.mouseClick(rc.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rc.errores.text() != "", timeout=10000)
    assert rc.boton.isEnabled() and not rc.progreso.isVisible()
    assert sql.execute("SELECT count(*) FROM registro_civil").fetchone()[0] == 0
    # cancelling the dialog does nothing
    dialogos_falsos.abrir = []
    qtbot.mouseClick(rc.boton, Qt.MouseButton.LeftButton)
    assert rc.estado.text() == ""
    # the real one
    buena = tmp_path / "registro_civil.csv"
    filas, malas = _extracto(buena, sql)
    assert malas == 1
    dialogos_falsos.abrir = [str(buena)]
    qtbot.mouseClick(rc.boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "guardadas" in rc.estado.text(), timeout=15000)
    assert rc.errores.text() == ""
    assert rc.estado.text() == (
        f"Importación: {filas - malas} CURP guardadas de {filas} filas leídas. "
        "1 fila con error no se importó (abajo)."
    )
    assert "línea 6" in rc.filas_error.toPlainText()
    assert rc.verificadas.text() == "Verificados: 2"
    assert rc.discrepancias.text() == "Con discrepancias: 1"
    assert rc.no_encontradas.text() == f"No encontrados: {ciudadanos - 3:,}"
    assert rc.extracto.text().startswith("Extracto en la base: 4 CURP; última importación el ")
    captura(v, "registro_civil_1280x720")
    # an administrator of an área: the summary, not the import (the CLI refuses it too)
    area = personal.crear(["administrador"], area="DIFAS")
    personal.activar_como(area)
    otra = ventana_principal(qtbot, qapp, area, "administracion", tamano=(1280, 720))
    adm2 = otra.vistas["administracion"]
    adm2.pestanas.setCurrentWidget(adm2.registro_civil)
    rc2 = adm2.registro_civil
    qtbot.waitUntil(lambda: rc2.resumen is not None, timeout=10000)
    assert not rc2.boton.isEnabled()
    assert "solo un administrador estatal lo importa" in rc2.estado.text()
    from sipros_desktop.errores import ErrorDatos
    from sipros_desktop.servicios import registro_civil

    try:
        registro_civil.importar(buena)
    except ErrorDatos as e:
        assert "solo un administrador estatal" in e.mensaje
    else:
        raise AssertionError("un administrador de área importó el extracto")
