"""The Cargas y Padrón window with real widgets: the load wizard (file → columns → preview →
apply), the Padrón filters and concurrence, and the duplicate review with a merge."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel

from sipros_desktop import bd
from sipros_desktop.servicios import duplicados
from sipros_desktop.vistas.cargas import asistente
from sipros_desktop.vistas.cargas import duplicados as duplicados_vista
from tests import esperas
from tests.padrones import Persona, escribir, fila_de, personas_nuevas
from tests.reloj import HOY
from tests.vistas.ayudas import captura, en_reposo, ventana_principal


@pytest.fixture
def admin(personal):
    cuenta = personal.crear(["administrador"], dependencia="SEDESOQ", alcance="dependencia")
    personal.activar_como(cuenta)
    return cuenta


def _vista(qtbot, qapp, cuenta, tamano=(1280, 720)):
    v = ventana_principal(qtbot, qapp, cuenta, "cargas", tamano=tamano)
    return v, v.vistas["cargas"]


def test_cargar_un_padron_paso_a_paso(
    qtbot, qapp, admin, sql, tmp_path, dialogos_falsos, monkeypatch
):
    gente = personas_nuevas(5)
    encabezados = ["Clave de población", "Nombre(s)", "Primer apellido", "Segundo apellido",
                   "F. Nac.", "Género", "Mpio", "Tipo de apoyo", "Importe", "Fecha de entrega",
                   "Notas"]  # fmt: skip
    filas = [fila_de(p, "Primaria") for p in gente]
    futura = HOY + timedelta(days=50)  # (a date cell: the preview shows it dd/mm/aaaa)
    filas.append(fila_de(gente[0], "Primaria", monto="-50", entrega=futura))
    ruta = escribir(tmp_path / "padron_dif.xlsx", filas, encabezados)
    v, vista = _vista(qtbot, qapp, admin)
    vista.pestanas.setCurrentIndex(1)
    panel = vista.cargas
    qtbot.waitUntil(lambda: panel.boton_nueva.isEnabled(), timeout=10000)
    panel.nueva()
    d = panel.findChild(asistente.DialogoCarga)
    qtbot.waitUntil(d.isVisible)
    d.programa.setCurrentIndex(d.programa.findData("BECES"))
    qtbot.keyClicks(d.archivo, str(ruta))
    captura(d, "19_cargas_paso1")
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_COLUMNAS, timeout=10000)
    # «Clave de población» is not a usual name for the CURP: the user picks it
    assert d.combos["curp"].currentData() is None
    assert "Notas" in d.ignoradas.text()
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    assert "CURP" in d.errores.text() and d.paginas.currentIndex() == asistente.PAG_COLUMNAS
    d.combos["curp"].setCurrentIndex(d.combos["curp"].findText("Clave de población"))
    captura(d, "19_cargas_paso2")
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_VISTA, timeout=20000)
    assert d.cifras["validas"].text() == "5" and d.cifras["con_error"].text() == "1"
    assert d.cifras["nuevos"].text() == "5"
    errores = {d.modelo_errores.errores[i].columna for i in range(d.modelo_errores.rowCount())}
    assert errores == {"Importe", "Fecha de entrega"}
    assert all(e.fila == 11 for e in d.modelo_errores.errores)  # 3 title rows, header, a gap
    m = d.modelo_errores
    fecha = next(i for i, e in enumerate(m.errores) if e.columna == "Fecha de entrega")
    assert m.data(m.index(fecha, 2)) == futura.strftime("%d/%m/%Y")
    assert "es futura" in m.data(m.index(fecha, 3))
    assert d.boton_siguiente.text() == "Aplicar 5 filas válidas"
    captura(d, "19_cargas_paso3")
    # the rows with problems, to send back
    dialogos_falsos.archivo = str(tmp_path / "observaciones.xlsx")
    qtbot.mouseClick(d.boton_observaciones, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "observaciones.xlsx").exists(), timeout=10000)
    # nothing was written by the preview
    assert (
        sql.execute(
            "SELECT count(*) FROM carga_masiva WHERE archivo_nombre = 'padron_dif.xlsx'"
        ).fetchone()[0]
        == 0
    )
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    assert "no se cargarán" in dialogos_falsos.preguntas[-1]
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_RESULTADO, timeout=20000)
    assert "5 beneficios nuevos" in d.mensaje_final.text()
    captura(d, "19_cargas_resultado")
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(k.archivo == "padron_dif.xlsx" for k in panel.filas), timeout=10000)
    fila = next(i for i, k in enumerate(panel.filas) if k.archivo == "padron_dif.xlsx")
    assert panel.tabla.item(fila, 5).text() == "Aplicada"
    assert panel.tabla.item(fila, 8).text() == "5"
    captura(v, "20_cargas_lista")
    # the column chosen by hand is remembered for the dependencia
    assert (
        sql.execute(
            "SELECT campo FROM carga_mapeo WHERE encabezado = 'CLAVE DE POBLACION'"
        ).fetchone()[0]
        == "curp"
    )
    # revert it
    panel.tabla.selectRow(fila)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Archivo equivocado", True))
    qtbot.mouseClick(panel.boton_revertir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "revertida" in panel.estado.text(), timeout=10000)
    assert panel.errores.text() == ""
    assert (
        sql.execute(
            "SELECT estado FROM carga_masiva WHERE archivo_nombre = 'padron_dif.xlsx'"
        ).fetchone()[0]
        == "Revertida"
    )


def test_enter_avanza_y_nunca_descarta_el_trabajo(qtbot, qapp, admin, tmp_path, dialogos_falsos):
    """Enter goes forward on every step, whatever has the focus (after reading the file it
    was «Cancelar», and Enter threw the file and the columns away); closing with Esc once a
    file was read asks first, and «No» keeps everything."""
    ruta = escribir(tmp_path / "enter.xlsx", [fila_de(p, "Primaria") for p in personas_nuevas(3)])
    _v, vista = _vista(qtbot, qapp, admin)
    vista.pestanas.setCurrentIndex(1)
    qtbot.waitUntil(lambda: vista.cargas.boton_nueva.isEnabled(), timeout=10000)
    vista.cargas.nueva()
    d = vista.cargas.findChild(asistente.DialogoCarga)
    qtbot.waitUntil(d.isVisible)
    d.programa.setCurrentIndex(d.programa.findData("BECES"))
    qtbot.keyClicks(d.archivo, str(ruta))
    qtbot.keyClick(d.archivo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_COLUMNAS, timeout=10000)
    enfocado = qapp.focusWidget()
    assert enfocado is not d.boton_cancelar and d.isAncestorOf(enfocado)
    # Esc asks; «No» keeps the file and the columns
    dialogos_falsos.responder = False
    qtbot.keyClick(enfocado, Qt.Key.Key_Escape)
    assert "¿Cerrar sin cargar «enter.xlsx»?" in dialogos_falsos.preguntas[-1]
    assert d.isVisible() and d.lectura is not None
    assert d.paginas.currentIndex() == asistente.PAG_COLUMNAS
    # Enter with the focus on «Cancelar» goes forward too
    d.boton_cancelar.setFocus()
    qtbot.keyClick(d.boton_cancelar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_VISTA, timeout=20000)
    assert d.isVisible() and d.cifras["validas"].text() == "3"
    assert qapp.focusWidget() is not d.boton_cancelar
    qtbot.mouseClick(d.boton_atras, Qt.MouseButton.LeftButton)
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_VISTA, timeout=20000)
    dialogos_falsos.responder = True
    qtbot.mouseClick(d.boton_cancelar, Qt.MouseButton.LeftButton)
    assert not d.isVisible()


def test_cancelar_la_validacion_la_detiene_y_no_deja_nada(
    qtbot, qapp, admin, sql, bd_demo, tmp_path
):
    """«Detener» while the validation is provably under way (held at the start of the load, on
    a lock this test keeps): the work stops there, no preview is shown, nothing stays."""
    ruta = escribir(
        tmp_path / "cancelada.xlsx", [fila_de(p, "Primaria") for p in personas_nuevas(3)]
    )
    _v, vista = _vista(qtbot, qapp, admin)
    vista.pestanas.setCurrentIndex(1)
    qtbot.waitUntil(lambda: vista.cargas.boton_nueva.isEnabled(), timeout=10000)
    vista.cargas.nueva()
    d = vista.cargas.findChild(asistente.DialogoCarga)
    d.programa.setCurrentIndex(d.programa.findData("BECES"))
    d.archivo.setText(str(ruta))
    d.siguiente()
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_COLUMNAS, timeout=10000)
    # starting a load writes carga_masiva: while this lock is held the validation waits there
    candado = psycopg.connect(bd.dsn(bd_demo))
    try:
        candado.execute("LOCK TABLE carga_masiva IN EXCLUSIVE MODE")
        qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)  # «Validar >»
        qtbot.waitUntil(
            lambda: bool(esperas.bloqueados_por(sql, candado.info.backend_pid, admin.usuario)),
            timeout=10000,
        )
        operacion = d._operacion
        fin: list[str] = []
        operacion.senales.exito.connect(lambda _r: fin.append("terminó"))
        operacion.senales.fallo.connect(lambda e: fin.append(type(e).__name__))
        assert d.boton_cancelar.text() == "Detener" and not d.boton_siguiente.isEnabled()
        qtbot.mouseClick(d.boton_cancelar, Qt.MouseButton.LeftButton)
        assert d.etapa.text() == "Cancelado: no se guardó nada."
        assert d.boton_cancelar.text() == "Cancelar" and d.boton_siguiente.isEnabled()
    finally:
        candado.rollback()  # the validation goes on from where it waited…
        candado.close()
    # …and stops at its next step instead of running to the end
    qtbot.waitUntil(lambda: operacion.terminada, timeout=10000)
    assert fin == ["Cancelada"]
    assert d.isVisible() and d.paginas.currentIndex() == asistente.PAG_COLUMNAS
    assert d.resultado is None and d.cifras["validas"].text() == "—"
    assert d.errores.text() == ""
    assert sql.execute(
        "SELECT count(*) FROM carga_masiva WHERE archivo_nombre = 'cancelada.xlsx'"
    ).fetchone() == (0,)
    assert sql.execute("SELECT count(*) FROM carga_fila").fetchone() == (0,)


def test_padron_filtra_cuenta_y_cruza(qtbot, qapp, personal, sql):
    funcionario = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(funcionario)
    v, vista = _vista(qtbot, qapp, funcionario, (1920, 1080))
    panel = vista.padron
    # officials consult the Padrón; loading and duplicates are for administrators
    qtbot.waitUntil(lambda: not vista.pestanas.isTabEnabled(1), timeout=10000)
    assert not vista.pestanas.isTabEnabled(2)
    qtbot.waitUntil(lambda: "beneficiarios únicos" in panel.totales.text(), timeout=15000)
    total = sql.execute("SELECT count(*) FROM beneficio").fetchone()[0]
    assert panel.totales.text().startswith(f"{total:,} beneficios")
    qtbot.waitUntil(lambda: panel.modelo.rowCount() > 0, timeout=10000)
    captura(v, "21_padron_1920x1080")
    qtbot.waitUntil(lambda: panel.programa.count() > 1, timeout=10000)
    programa = sql.execute(
        "SELECT p.id, p.clave FROM beneficio b JOIN programa p ON p.id = b.programa_id "
        "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    panel.programa.setCurrentIndex(panel.programa.findData(programa[0]))
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    del_programa = sql.execute(
        "SELECT count(*), count(DISTINCT ciudadano_id) FROM beneficio WHERE programa_id = %s",
        (programa[0],),
    ).fetchone()
    qtbot.waitUntil(lambda: panel.totales.text().startswith(f"{del_programa[0]:,} beneficios"),
                    timeout=15000)  # fmt: skip
    assert f"{del_programa[1]:,} beneficiarios únicos" in panel.totales.text()
    qtbot.waitUntil(lambda: panel.modelo.rowCount() > 0, timeout=10000)
    assert all(panel.modelo.fila(i).programa == programa[1] for i in range(panel.modelo.rowCount()))
    # concurrence over the whole Padrón
    panel.programa.setCurrentIndex(0)
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.boton_concurrencia, Qt.MouseButton.LeftButton)
    esperadas = sql.execute(
        "SELECT count(*) FROM (SELECT ciudadano_id FROM beneficio GROUP BY 1 "
        "HAVING count(DISTINCT programa_id) >= 2) x"
    ).fetchone()[0]
    qtbot.waitUntil(lambda: "personas" in panel.estado_concurrencia.text(), timeout=15000)
    assert esperadas and panel.tabla_concurrencia.rowCount() == min(esperadas, 5000)
    assert int(panel.tabla_concurrencia.item(0, 2).text()) >= 2
    captura(v, "22_padron_concurrencia_1920x1080")
    # a period that ends before it starts says so
    panel.periodo.setChecked(True)
    panel.desde.setDate(panel.hasta.date().addDays(1))
    qtbot.mouseClick(panel.boton_buscar, Qt.MouseButton.LeftButton)
    assert "posterior" in panel.errores.text()


@pytest.fixture
def revisor(personal):
    """Duplicates are reviewed by a state-wide administrator (it sees both files whole)."""
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def test_un_administrador_de_dependencia_no_revisa_duplicados(qtbot, qapp, admin):
    _v, vista = _vista(qtbot, qapp, admin)
    qtbot.waitUntil(lambda: not vista.pestanas.isTabEnabled(2), timeout=10000)
    assert vista.pestanas.isTabEnabled(1)  # its loads, yes
    assert "administrador estatal" in vista.pestanas.tabToolTip(2)


def test_revisar_un_par_fusionar_y_deshacer(
    qtbot, qapp, revisor, sql, dialogos_falsos, monkeypatch
):
    # a file with benefits, and the same person registered again with a typo and another CURP
    conserva, nombre, paterno, materno, nacimiento, sexo, curp_propia = sql.execute(
        "SELECT c.id, c.nombre, c.apellido_paterno, c.apellido_materno, c.fecha_nacimiento, "
        "c.sexo, c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM beneficio b "
        "WHERE b.ciudadano_id = c.id) AND c.apellido_materno IS NOT NULL ORDER BY c.id LIMIT 1"
    ).fetchone()
    # (the demo holds such typo'd duplicates too: take a homoclave no file has yet)
    otro = next(
        o for d in "987654321BCDEFGHJKLMN" if d != curp_propia[16]
        for o in [Persona(nombre, paterno[:-1] + ("Z" if paterno[-1] != "Z" else "S"), materno,
                          nacimiento, sexo, d)]
        if sql.execute("SELECT 1 FROM ciudadano WHERE curp = %s", (o.curp,)).fetchone() is None
    )  # fmt: skip
    curp = otro.curp
    absorbe = sql.execute(
        "INSERT INTO ciudadano (curp, nombre, apellido_paterno, apellido_materno, "
        "fecha_nacimiento, sexo, entidad_nacimiento, telefono) VALUES (%s, %s, %s, %s, %s, %s, "
        "'QT', '4421234567') RETURNING id",
        (curp, otro.nombre, otro.paterno, otro.materno, nacimiento, sexo),
    ).fetchone()[0]
    admin_busca = duplicados.buscar()
    assert admin_busca.nuevos >= 1
    v, vista = _vista(qtbot, qapp, revisor)
    vista.pestanas.setCurrentIndex(2)
    panel = vista.duplicados
    qtbot.waitUntil(lambda: bool(panel.pares), timeout=15000)
    fila = next(i for i, p in enumerate(panel.pares) if {p.ciudadano_id, p.candidato_id}
                == {conserva, absorbe})  # fmt: skip
    panel.tabla.selectRow(fila)
    elegido = panel.pares[fila].id
    qtbot.waitUntil(
        lambda: panel.comparacion is not None and panel.comparacion.par.id == elegido,
        timeout=15000,
    )
    en_reposo(qtbot)  # (widgets added to a visible window are shown by the event loop)
    assert panel.lado_a.title() == "Expediente de la izquierda"
    izquierda = panel.comparacion.a.id
    textos = [w.text() for w in panel.lado_b.findChildren(QLabel) if w.isVisible()]
    assert (curp if izquierda == conserva else curp_propia) in textos
    assert panel.boton_conservar_b.isVisible() and panel.boton_conservar_a.isEnabled()
    captura(v, "23_duplicados_1280x720")
    qtbot.keyClicks(panel.comentario, "Misma acta de nacimiento")
    boton = panel.boton_conservar_a if izquierda == conserva else panel.boton_conservar_b
    qtbot.mouseClick(boton, Qt.MouseButton.LeftButton)
    assert "Se fusionará el expediente" in dialogos_falsos.preguntas[-1]
    qtbot.waitUntil(lambda: "Par decidido: fusionados" in panel.estado.text(), timeout=15000)
    assert "Se puede deshacer en «Fusiones hechas…»" in panel.aviso.text()
    assert (
        sql.execute("SELECT count(*) FROM ciudadano WHERE id = %s", (absorbe,)).fetchone()[0] == 0
    )
    assert (
        sql.execute("SELECT ciudadano_id FROM ciudadano_alias WHERE curp = %s", (curp,)).fetchone()[
            0
        ]
        == conserva
    )
    qtbot.waitUntil(lambda: all(absorbe not in (p.ciudadano_id, p.candidato_id)
                                for p in panel.pares), timeout=10000)  # fmt: skip
    # the merged CURP typed in Ciudadanos finds the surviving file, and says so
    v.ir_a("ciudadanos")
    vc = v.vistas["ciudadanos"]
    vc.buscador.setText(curp)
    qtbot.keyClick(vc.buscador, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "se fusionó" in vc.estado.text(), timeout=10000)
    assert [vc.modelo.fila(i).id for i in range(vc.modelo.rowCount())] == [conserva]
    # and the merge undone: the absorbed file comes back as it was, the pair is pending again
    v.ir_a("cargas")
    qtbot.mouseClick(panel.boton_fusiones, Qt.MouseButton.LeftButton)
    dialogo = panel.findChild(duplicados_vista.DialogoFusiones)
    qtbot.waitUntil(lambda: bool(dialogo.fusiones), timeout=10000)
    assert dialogo.fusiones[0].curp_absorbida == curp and not dialogo.boton_separar.isEnabled()
    dialogo.tabla.selectRow(0)
    assert dialogo.boton_separar.isEnabled()
    captura(dialogo, "fusiones")
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Eran hermanos", True))
    qtbot.mouseClick(dialogo.boton_separar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Fusión deshecha" in dialogo.estado.text(), timeout=15000)
    assert sql.execute("SELECT curp FROM ciudadano WHERE id = %s", (absorbe,)).fetchone() == (curp,)
    assert sql.execute("SELECT count(*) FROM ciudadano_alias WHERE curp = %s",
                       (curp,)).fetchone()[0] == 0  # fmt: skip
    qtbot.waitUntil(lambda: dialogo.fusiones and dialogo.fusiones[0].separado is not None,
                    timeout=10000)  # fmt: skip
    assert "Eran hermanos" in dialogo.tabla.item(0, 6).text()
    qtbot.waitUntil(lambda: any({p.ciudadano_id, p.candidato_id} == {conserva, absorbe}
                                for p in panel.pares), timeout=10000)  # fmt: skip


def test_duplicados_dice_lo_que_es_cierto_sin_par_y_tras_decidir(qtbot, qapp, revisor, sql):
    """No pair selected, a pair just decided, a pair someone else decided meanwhile, no pairs
    left: each is said as it is (it used to say «El expediente ya no existe» for all)."""
    sql.execute("DELETE FROM duplicado_revision WHERE estado = 'Pendiente'")
    ids = [r[0] for r in sql.execute("SELECT id FROM ciudadano ORDER BY id LIMIT 4")]
    for a, b in ((ids[0], ids[1]), (ids[2], ids[3])):
        sql.execute(
            "INSERT INTO duplicado_revision (origen, ciudadano_id, candidato_id, similitud) "
            "VALUES ('Búsqueda', %s, %s, 0.9)",
            (a, b),
        )
    v, vista = _vista(qtbot, qapp, revisor)
    vista.pestanas.setCurrentIndex(2)
    panel = vista.duplicados

    def textos() -> str:
        return " ".join(w.text() for w in panel.findChildren(QLabel) if w.isVisible())

    # the first pair is compared as the tab opens
    qtbot.waitUntil(lambda: panel.comparacion is not None, timeout=15000)
    assert panel.comparador.currentWidget() is not panel.aviso
    # nothing selected
    panel.tabla.clearSelection()
    assert panel.comparador.currentWidget() is panel.aviso
    assert panel.aviso.text() == "Elija un par de la lista para comparar sus dos lados."
    assert not panel.boton_distintas.isEnabled() and not panel.boton_conservar_a.isEnabled()
    assert "ya no existe" not in textos()
    # a decision: the panel says what was decided, not that a file is gone
    panel.tabla.selectRow(0)
    qtbot.waitUntil(lambda: panel.comparacion is not None, timeout=15000)
    qtbot.mouseClick(panel.boton_distintas, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.pares) == 1, timeout=15000)
    assert panel.aviso.text().startswith("Par decidido: son personas distintas")
    assert "Elija el siguiente par de la lista." in panel.aviso.text()
    assert panel.comparador.currentWidget() is panel.aviso and panel._par() is None
    assert not panel.boton_distintas.isEnabled()
    assert panel.cuenta.text() == "1 par por revisar."
    assert "ya no existe" not in textos()
    captura(v, "duplicados_decidido_1280x720")
    # the other pair, decided by someone else while it was on the list
    duplicados.decidir(panel.pares[0].id, "Personas distintas")
    panel.tabla.selectRow(0)
    qtbot.waitUntil(lambda: "ya se decidió" in panel.aviso.text(), timeout=15000)
    assert panel.aviso.text().startswith("Este par ya se decidió: «Personas distintas», el ")
    assert panel.aviso.text().endswith(f" por {revisor.usuario}.")
    assert panel.comparacion is None and not panel.boton_distintas.isEnabled()
    # none left
    panel.recargar()
    qtbot.waitUntil(lambda: panel.cuenta.text() == "No hay pares por revisar.", timeout=15000)
    assert panel.aviso.text() == "No hay pares por revisar."


def test_un_padron_hostil_se_explica_en_el_asistente(qtbot, qapp, admin, tmp_path):
    """The 2 KB .xlsx with a value in XFD1048576 (and no <dimension>: only the reader child
    finds it, and dies): the wizard stays, says why in Spanish at 1280 × 720, and the next
    file, a real roll, goes on to its columns."""
    from tests import hostiles

    hostil = hostiles.disperso(tmp_path / "padron_sin_dimension.xlsx", dimension=False)
    bueno = escribir(tmp_path / "padron.xlsx", [fila_de(p, "Primaria") for p in
                                                 personas_nuevas(3)])  # fmt: skip
    _v, vista = _vista(qtbot, qapp, admin)
    vista.pestanas.setCurrentIndex(1)
    panel = vista.cargas
    qtbot.waitUntil(lambda: panel.boton_nueva.isEnabled(), timeout=10000)
    panel.nueva()
    d = panel.findChild(asistente.DialogoCarga)
    qtbot.waitUntil(d.isVisible)
    d.programa.setCurrentIndex(d.programa.findData("BECES"))
    qtbot.keyClicks(d.archivo, str(hostil))
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "necesitaría más de 3.0 GB" in d.errores.text(), timeout=20000)
    assert d.paginas.currentIndex() == 0 and d.boton_siguiente.isEnabled()
    assert d.errores.isVisible() and d.errores.textFormat() == Qt.TextFormat.PlainText
    captura(d, "19_cargas_hostil")
    d.archivo.clear()
    qtbot.keyClicks(d.archivo, str(bueno))
    qtbot.mouseClick(d.boton_siguiente, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.paginas.currentIndex() == asistente.PAG_COLUMNAS, timeout=20000)
