"""The form designer with real widgets, as an administrator: a form with a condition and a
repeatable group built in the designer, tried in its preview, published, assigned to a call,
an application captured with it through the front desk's service, and its answers read back;
the problems that stop publication; the base CUIS through the designer without loss."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from sipros_desktop.servicios import documentos, ventanilla
from sipros_desktop.vistas.catalogo.disenador import PREGUNTA, DialogoDisenador
from tests.servicios.test_disenador import CUIS, CUIS_V1
from tests.servicios.test_ventanilla import PDF, datos_nuevos
from tests.vistas.ayudas import captura, dialogo_abierto, en_reposo, ventana_principal


@pytest.fixture
def admin(personal):
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


@pytest.fixture
def catalogo(qtbot, qapp, admin):
    c = ventana_principal(qtbot, qapp, admin, "catalogo", tamano=(1280, 720)).vistas["catalogo"]
    qtbot.waitUntil(lambda: c.cat is not None, timeout=10000)
    return c


_abierto = dialogo_abierto


def _escribir(qtbot, campo, texto: str) -> None:
    campo.clear()
    qtbot.keyClicks(campo, texto)


def _pregunta(qtbot, d, clave: str, texto: str, tipo: str) -> None:
    _escribir(qtbot, d.p_clave, clave)
    _escribir(qtbot, d.p_texto, texto)
    d.p_tipo.setCurrentIndex(d.p_tipo.findData(tipo))


def test_disenar_probar_publicar_asignar_y_capturar(qtbot, catalogo, personal, sql,
                                                    dialogos_falsos):  # fmt: skip
    c = catalogo
    c.pestanas.setCurrentWidget(c.formularios)
    f = c.formularios
    qtbot.waitUntil(lambda: f.cargado, timeout=10000)
    nuevo = _abierto(qtbot, c, f.nuevo)
    qtbot.keyClicks(nuevo.clave, "hogar26")
    qtbot.keyClicks(nuevo.nombre, "Encuesta de hogar 2026")
    d: DialogoDisenador = _abierto(qtbot, c, nuevo.aceptar)
    assert d.clave.text() == "HOGAR26"
    d.activateWindow()  # its keyboard shortcuts act in the active window
    qtbot.waitUntil(d.isActiveWindow, timeout=5000)

    # the first question (the new form brings one): «¿Vive sola o solo?», yes / no, required
    d.arbol.setCurrentItem(d.arbol.topLevelItem(0).child(0))
    _pregunta(qtbot, d, "vive_solo", "Vive sola o solo", "si_no")
    d.p_requerida.setChecked(True)
    # a repeatable group, asked only when the person does not live alone
    qtbot.keyClick(d.arbol, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _pregunta(qtbot, d, "integrantes", "Integrantes del hogar", "grupo")
    qtbot.keyClicks(d.p_ayuda, "Todas las personas que comen de la misma olla")
    _escribir(qtbot, d.p_max, "6")
    d.p_cond_pregunta.setCurrentIndex(d.p_cond_pregunta.findData("vive_solo"))
    d.p_cond_operador.setCurrentIndex(d.p_cond_operador.findData("igual"))
    _escribir(qtbot, d.p_cond_valor, "No")
    grupo = d.arbol.currentItem()
    qtbot.mouseClick(d.p_agregar_sub, Qt.MouseButton.LeftButton)
    _pregunta(qtbot, d, "nombre", "Nombre", "texto")
    d.p_requerida.setChecked(True)
    d.arbol.setCurrentItem(grupo)
    qtbot.mouseClick(d.p_agregar_sub, Qt.MouseButton.LeftButton)
    _pregunta(qtbot, d, "edad", "Edad", "numero")
    _escribir(qtbot, d.p_min, "0")
    _escribir(qtbot, d.p_max, "120")
    assert grupo.childCount() == 2 and d.arbol.currentItem().parent() is grupo

    # a mistake: a choice question without choices stops publication, with the reason
    d.arbol.setCurrentItem(grupo)
    qtbot.keyClick(d.arbol, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _pregunta(qtbot, d, "tenencia", "La vivienda es", "opcion")
    qtbot.waitUntil(lambda: any("no tiene ninguna" in p for p in d.problemas_actuales))
    assert not d.boton_publicar.isEnabled()
    # another: moved above the question it depends on (Alt+↑ twice)
    d.p_cond_pregunta.setCurrentIndex(d.p_cond_pregunta.findData("vive_solo"))
    _escribir(qtbot, d.p_cond_valor, "No")
    d.p_opciones.setPlainText("Propia\nRentada\nPrestada")
    d.mover(-1)
    d.mover(-1)
    d.actualizar()
    assert any("depende de «vive_solo», que viene después" in p for p in d.problemas_actuales), (
        d.problemas_actuales
    )
    d.mover(1)
    d.mover(1)
    qtbot.waitUntil(lambda: d.problemas_actuales == [], timeout=5000)
    assert d.boton_publicar.isEnabled()

    # the preview is the front desk's widget: try it, conditions included
    prev = d.formulario_previo
    w_grupo = prev.editores["integrantes"].widget
    assert not w_grupo.isVisibleTo(prev)  # not asked until «vive solo» says No
    assert prev.findChild(type(d.aviso_previa), "ayuda_pregunta_integrantes") is not None
    prev.editores["vive_solo"].widget.setCurrentIndex(2)  # No
    assert w_grupo.isVisibleTo(prev)
    qtbot.mouseClick(w_grupo.boton, Qt.MouseButton.LeftButton)
    fila = w_grupo.filas[0][1]
    qtbot.keyClicks(fila["nombre"].widget, "Rosa")
    fila["edad"].widget.setValue(67)
    prev.editores["tenencia"].widget.setCurrentIndex(2)  # Rentada
    respuestas = prev.respuestas()
    assert respuestas == {"vive_solo": False, "integrantes": [{"nombre": "Rosa", "edad": 67}],
                          "tenencia": "Rentada"}  # fmt: skip
    d.resize(1280, 720)  # (the offscreen screen is smaller than an office's)
    captura(d, "disenador_formularios")

    # saved as a draft and resumed, then published
    qtbot.mouseClick(d.boton_guardar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.estado.text() == "Borrador guardado.", timeout=5000)
    qtbot.mouseClick(d.boton_publicar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hasattr(d, "version_publicada"), timeout=10000)
    publicado = d.version_publicada
    assert (publicado.clave, publicado.version) == ("HOGAR26", 1)
    assert sql.execute("SELECT count(*) FROM formulario_borrador WHERE clave = 'HOGAR26'"
                       ).fetchone() == (0,)  # fmt: skip
    qtbot.waitUntil(lambda: any(v.clave == "HOGAR26" for v in f.versiones), timeout=10000)
    captura(c.window(), "catalogo_formularios")

    # assigned to a call in the call dialog (only published versions are offered)
    c.pestanas.setCurrentIndex(0)
    qtbot.waitUntil(lambda: any(i == publicado.id for i, _t in c.cat.formularios), timeout=10000)
    pid, conv_clave = sql.execute(
        "SELECT c.programa_id, c.clave FROM convocatoria c JOIN programa p "
        "ON p.id = c.programa_id WHERE p.clave = 'TARUN' AND c.abierta "
        "AND sipros_hoy() BETWEEN c.fecha_apertura AND c.fecha_cierre ORDER BY c.id LIMIT 1"
    ).fetchone()
    c.elegir("programa", pid)
    qtbot.waitUntil(lambda: c.tabla_convs.rowCount() > 0, timeout=5000)
    fila_conv = next(i for i in range(c.tabla_convs.rowCount())
                     if c.tabla_convs.item(i, 0).text() == conv_clave)  # fmt: skip
    c.tabla_convs.selectRow(fila_conv)
    dc = _abierto(qtbot, c, c.editar_convocatoria)
    dc.formulario.setCurrentIndex(dc.formulario.findData(publicado.id))
    dc.guardar()
    qtbot.waitUntil(lambda: hasattr(dc, "nuevo_id") or bool(dc.errores.text()), timeout=5000)
    assert hasattr(dc, "nuevo_id")  # saved (the dialog closed)

    # the front desk files an application with it; the answers come back as captured
    personal.activar_como(personal.crear(["ventanilla"], alcance="estatal"))
    cid = ventanilla.registrar(datos_nuevos()).ciudadano_id
    conv = next(x for x in ventanilla.convocatorias_disponibles(cid) if x.clave == conv_clave)
    assert conv.formulario_id == publicado.id
    docs = [documentos.preparar(f"{t}.pdf", PDF, t) for t in conv.documentos_requeridos]
    r = ventanilla.presentar(
        ventanilla.DatosSolicitud(cid, conv.id, conv.tipos[0].id, respuestas, docs)
    )
    assert sql.execute("SELECT respuestas, formulario_id FROM solicitud WHERE id = %s",
                       (r.id,)).fetchone() == (respuestas, publicado.id)  # fmt: skip


def test_cuis_base_pasa_por_el_disenador_sin_perdida(qtbot, catalogo):
    original = json.loads(CUIS.read_text(encoding="utf-8"))
    d = DialogoDisenador(json.loads(json.dumps(original)), None, catalogo)
    qtbot.addWidget(d)
    d.show()
    # every section and question shown in the editor: showing changes nothing
    for item in d._todos_en_orden():
        d.arbol.setCurrentItem(item)
    # a question moved down and back up
    pregunta = next(i for i in d._todos_en_orden() if i.data(0, Qt.ItemDataRole.UserRole)[0]
                    == PREGUNTA)  # fmt: skip
    d.arbol.setCurrentItem(pregunta)
    d.mover(1)
    d.mover(-1)
    d.actualizar()
    assert d.problemas_actuales == []
    assert d.definicion() == original


def test_version_nueva_igual_a_y_comparacion(qtbot, catalogo, dialogos_falsos):
    from sipros_desktop.servicios import disenador

    base = disenador.nuevo("VIVIENDA", "Vivienda")
    base["secciones"][0]["preguntas"] = [
        {"clave": "cuartos", "texto": "Cuartos", "tipo": "numero", "min": 1},
        {"clave": "piso", "texto": "Piso", "tipo": "opcion", "opciones": ["Tierra", "Cemento"]},
    ]
    disenador.publicar(base)
    c = catalogo
    c.pestanas.setCurrentWidget(c.formularios)
    f = c.formularios
    qtbot.waitUntil(lambda: any(v.clave == "VIVIENDA" for v in f.versiones), timeout=10000)
    raiz = next(f.arbol.topLevelItem(i) for i in range(f.arbol.topLevelItemCount())
                if f.arbol.topLevelItem(i).text(0).startswith("VIVIENDA"))  # fmt: skip
    f.arbol.setCurrentItem(raiz.child(0))
    d = _abierto(qtbot, c, f.nueva_version)
    qtbot.waitUntil(lambda: d.anteriores == frozenset({"cuartos", "piso"}), timeout=5000)
    # «cuartos» becomes «dormitorios», marked «igual a» the old key: still comparable
    d.arbol.setCurrentItem(d.arbol.topLevelItem(0).child(0))
    _escribir(qtbot, d.p_clave, "dormitorios")
    d.p_equivale.setCurrentIndex(d.p_equivale.findData("cuartos"))
    # «piso» loses a choice: its answers are no longer comparable
    d.arbol.setCurrentItem(d.arbol.topLevelItem(0).child(1))
    d.p_opciones.setPlainText("Cemento\nMosaico")
    d.actualizar()
    assert d.problemas_actuales == []
    d.publicar()
    qtbot.waitUntil(lambda: hasattr(d, "version_publicada"), timeout=10000)
    assert d.version_publicada.version == 2
    qtbot.waitUntil(
        lambda: any(v.clave == "VIVIENDA" and v.version == 2 for v in f.versiones), timeout=10000
    )
    raiz = next(f.arbol.topLevelItem(i) for i in range(f.arbol.topLevelItemCount())
                if f.arbol.topLevelItem(i).text(0).startswith("VIVIENDA"))  # fmt: skip
    f.arbol.setCurrentItem(raiz.child(0))  # version 2
    cmp = _abierto(qtbot, c, f.comparar)
    qtbot.waitUntil(lambda: cmp.tabla.rowCount() > 0, timeout=10000)
    filas = {cmp.tabla.item(i, 1).text(): [cmp.tabla.item(i, j).text() for j in range(5)]
             for i in range(cmp.tabla.rowCount())}  # fmt: skip
    assert filas["dormitorios"][0] == "Renombrada" and filas["dormitorios"][4] == "Sí"
    assert "antes «cuartos»" in filas["dormitorios"][3]
    assert filas["piso"][0] == "Cambiada" and filas["piso"][4] == "No"
    assert "opciones quitadas: Tierra" in filas["piso"][3]
    assert cmp.resumen.text().startswith("2 cambios; 1 pregunta cuyas respuestas no se pueden")
    captura(cmp, "formularios_comparacion")


def test_arrastrar_solo_lo_que_conserva_la_forma(qtbot, catalogo):
    """Drag and drop in the structure: a section stays at the top, a question goes into a
    section or a repeatable group, and a group never goes into a group."""
    from sipros_desktop.vistas.catalogo.disenador import ArbolEstructura

    d = DialogoDisenador(_grupo_y_simple(), None, catalogo)
    qtbot.addWidget(d)
    seccion = d.arbol.topLevelItem(0)
    simple, grupo = seccion.child(0), seccion.child(1)
    permitido = ArbolEstructura._permitido
    assert permitido(seccion, None) and not permitido(seccion, seccion)
    assert permitido(simple, seccion) and permitido(simple, grupo)
    assert not permitido(simple, None)  # a question needs a section
    assert not permitido(grupo, grupo) and permitido(grupo, seccion)
    assert not permitido(simple, grupo.child(0))  # nothing inside a simple question


def _grupo_y_simple() -> dict:
    return {"clave": "X", "nombre": "X", "secciones": [{"titulo": "S", "preguntas": [
        {"clave": "a", "texto": "A", "tipo": "texto"},
        {"clave": "g", "texto": "G", "tipo": "grupo", "preguntas": [
            {"clave": "n", "texto": "N", "tipo": "texto"}]}]}]}  # fmt: skip


def test_la_lista_sigue_con_formularios_guardados_fuera_de_los_limites(
    qtbot, personal, catalogo, dialogos_falsos, tmp_path
):
    """A version stored before the database refused it (5,000 levels deep) and a JSON file of
    20,000 levels handed to «Importar»: the list shows every form, says which one cannot be
    opened and does not offer to open it; the import is a Spanish message; nothing crashes."""
    from tests.servicios.test_disenador import _con_anidado, _guardada_antes

    _guardada_antes(personal, "formulario", "PROFUNDO", _con_anidado(5_000))
    c = catalogo
    c.pestanas.setCurrentWidget(c.formularios)
    f = c.formularios
    f.recargar()
    qtbot.waitUntil(lambda: any(v.clave == "PROFUNDO" for v in f.versiones), timeout=10000)
    raiz = next(f.arbol.topLevelItem(i) for i in range(f.arbol.topLevelItemCount())
                if f.arbol.topLevelItem(i).text(0).startswith("PROFUNDO"))  # fmt: skip
    f.arbol.setCurrentItem(raiz.child(0))
    assert raiz.child(0).text(0) == "Versión 1 (no se puede abrir)"
    assert "anidada a más de 12 niveles" in raiz.child(0).toolTip(0)
    assert not f.boton_version.isEnabled() and not f.boton_exportar.isEnabled()
    assert any(f.arbol.topLevelItem(i).text(0).startswith("CUIS")
               for i in range(f.arbol.topLevelItemCount()))  # fmt: skip
    captura(c.window(), "formularios_fuera_de_limites")
    profundo = tmp_path / "profundo.json"
    profundo.write_text('{"a": ' + "[" * 20_000 + "]" * 20_000 + "}", encoding="utf-8")
    dialogos_falsos.abrir.append(str(profundo))
    f.importar()
    qtbot.waitUntil(lambda: "anidado a demasiados niveles" in f.estado.text(), timeout=10000)


def test_a_1280_cada_panel_del_disenador_tiene_su_ancho(qtbot, catalogo):
    """At 1280 × 720 the designer squeezes nothing: the tree shows a question's words and its
    whole type, the name its start, the properties and the preview their fields without a
    sideways bar, and the preview's answers are fields one can use."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    d = DialogoDisenador(json.loads(CUIS_V1.read_text(encoding="utf-8")), None, catalogo)
    qtbot.addWidget(d)
    d.show()
    d.resize(1280, 720)
    d.arbol.setCurrentItem(d.arbol.topLevelItem(0).child(4))  # options and a condition
    qtbot.waitUntil(lambda: not d.reloj.isActive(), timeout=5000)  # (the preview waits a pause)
    en_reposo(qtbot)
    captura(d, "disenador_1280x720")
    arbol = d.arbol
    assert arbol.width() >= 320
    assert arbol.columnWidth(0) >= 200
    assert arbol.columnWidth(1) >= arbol.header().sectionSizeHint(1)  # «Varias opciones»
    assert d.nombre.width() >= 240 and d.nombre.cursorPosition() == 0
    desplazable = d.propiedades.parentWidget().parentWidget()
    assert not desplazable.horizontalScrollBar().isVisible()
    assert not d.previa.horizontalScrollBar().isVisible()
    respuestas = [
        w for t in (QComboBox, QAbstractSpinBox) for w in d.previa.widget().findChildren(t)
        if w.isVisible()
    ]  # fmt: skip
    assert respuestas and min(w.width() for w in respuestas) >= 120
    assert d.p_cond_pregunta.width() >= 120
