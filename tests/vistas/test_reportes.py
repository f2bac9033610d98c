"""The Reportes window with real widgets (the module joins the menu when its issue lands): a
report chosen, filtered, previewed with its totals, exported to Excel and to PDF, printed."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from sipros_desktop.vistas.aplicacion import aplicar_estilo
from sipros_desktop.vistas.reportes.vista import PanelReportes
from tests.vistas.ayudas import captura


def test_elegir_filtrar_ver_y_exportar(qtbot, qapp, personal, sql, tmp_path, dialogos_falsos):
    cuenta = personal.crear(["funcionario"], area="SSPEV")
    personal.activar_como(cuenta)
    aplicar_estilo(qapp)
    v = PanelReportes()
    qtbot.addWidget(v)
    v.resize(1280, 680)
    v.show()
    qtbot.waitUntil(lambda: v.combos["programa"].count() > 1, timeout=10000)
    # the área's programmes only
    claves = {v.combos["programa"].itemData(i) for i in range(1, v.combos["programa"].count())}
    del_area = sql.execute(
        "SELECT p.clave FROM programa p JOIN area a ON a.id = p.area_id WHERE a.clave = 'SSPEV'"
    ).fetchall()
    assert claves == {r[0] for r in del_area}
    clave = Qt.ItemDataRole.UserRole
    fila = next(i for i in range(v.catalogo.count())
                if v.catalogo.item(i).data(clave) == "solicitudes_por_estado")  # fmt: skip
    v.catalogo.setCurrentRow(fila)
    assert not v.combos["origen"].isEnabled() and v.combos["estado"].isEnabled()
    v.combos["programa"].setCurrentIndex(v.combos["programa"].findData("BECES"))
    qtbot.mouseClick(v.boton_ver, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Totales" in v.resumen.text(), timeout=10000)
    total = sql.execute(
        "SELECT count(*) FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
        "JOIN programa p ON p.id = c.programa_id WHERE p.clave = 'BECES'"
    ).fetchone()[0]
    assert v.tabla.rowCount() == 1 and v.tabla.item(0, 1).text() == "BECES"
    assert v.tabla.item(0, 9).text() == f"{total:,}" and f"Total: {total:,}" in v.resumen.text()
    captura(v, "24_reportes_1280x720")
    dialogos_falsos.archivo = str(tmp_path / "r.xlsx")
    qtbot.mouseClick(v.boton_excel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos), timeout=10000)
    filas = list(openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows(values_only=True))
    assert filas[-1][0] == "Total" and filas[-1][9] == total
    dialogos_falsos.archivo = str(tmp_path / "r.pdf")
    qtbot.mouseClick(v.boton_pdf, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "PDF guardado" in v.estado.text(), timeout=10000)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert not v.boton_detener_pdf.isVisible() and v.boton_pdf.isEnabled()
    qtbot.mouseClick(v.boton_imprimir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.impresiones), timeout=10000)
    # a long report previews page by page from the server, in the report's order
    from sipros_desktop.servicios import reportes

    v.tam_pagina = 10
    fila_pub = next(i for i in range(v.catalogo.count())
                    if v.catalogo.item(i).data(clave) == "padron_publicacion")  # fmt: skip
    v.catalogo.setCurrentRow(fila_pub)
    v.combos["programa"].setCurrentIndex(0)
    qtbot.mouseClick(v.boton_ver, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Totales" in v.resumen.text(), timeout=10000)
    todas = reportes.vista_previa("padron_publicacion", reportes.Filtros(), 1000)
    assert todas.total_filas > 10 and v.tabla.rowCount() == 10 and v.boton_mas.isVisible()
    qtbot.mouseClick(v.boton_mas, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: v.tabla.rowCount() == min(20, todas.total_filas), timeout=10000)
    vistas = [v.tabla.item(i, 0).text() for i in range(v.tabla.rowCount())]
    assert vistas == [f[0] for f in todas.filas[: len(vistas)]]


def test_linea_base_y_cohorte_en_pantalla(qtbot, qapp, personal, sql):
    from sipros_desktop.vistas.reportes.tendencias import PanelTendencias

    cuenta = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(cuenta)
    aplicar_estilo(qapp)
    t = PanelTendencias()
    qtbot.addWidget(t)
    t.resize(1280, 660)
    t.show()
    qtbot.waitUntil(lambda: t.programa_cohorte.count() > 0, timeout=10000)
    ultimo = sql.execute("SELECT max(fecha_entrega) FROM beneficio").fetchone()[0]
    t.per_desde.setDate(t.per_desde.date().addYears(ultimo.year - t.per_desde.date().year()))
    qtbot.mouseClick(t.boton_comparar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: t.tabla_base.rowCount() > 0, timeout=10000)
    programa, fecha = sql.execute(
        "SELECT p.clave, max(b.fecha_entrega) FROM beneficio b "
        "JOIN programa p ON p.id = b.programa_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    t.programa_cohorte.setCurrentIndex(t.programa_cohorte.findData(programa))
    from PySide6.QtCore import QDate

    t.coh_desde.setDate(QDate(fecha.year, 1, 1))
    t.coh_hasta.setDate(QDate(fecha.year, 12, 31))
    qtbot.mouseClick(t.boton_seguir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: t.tabla_cohorte.rowCount() > 0, timeout=10000)
    assert "en ese periodo" in t.tamano_cohorte.text()
    captura(t, "28_tendencias_1280x720")
