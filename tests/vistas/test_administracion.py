"""Administración (Funcionarios, Bitácora), own password and the session lock, driven with
real widgets as an administrator of the demo database."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from sipros_desktop.servicios import seguridad
from sipros_desktop.vistas.administracion.funcionarios import COL_ESTATUS, COL_USUARIO
from tests.vistas.ayudas import captura, ventana_principal


@pytest.fixture
def admin(personal):
    cuenta = personal.crear(["administrador"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


@pytest.fixture
def ventana(qtbot, qapp, admin):
    return ventana_principal(qtbot, qapp, admin, tamano=(1280, 800))


def _funcionarios(qtbot, ventana):
    ventana.ir_a("administracion")
    vista = ventana.vistas["administracion"].funcionarios
    qtbot.waitUntil(lambda: vista.tabla.rowCount() > 0, timeout=10000)
    return vista


def _fila(vista, usuario: str) -> int:
    for fila in range(vista.tabla.rowCount()):
        if vista.tabla.item(fila, COL_USUARIO).text() == usuario:
            return fila
    raise AssertionError(f"{usuario} no está en la lista")


def test_administrador_ve_funcionarios_y_crea_uno(qtbot, ventana, admin, personal):
    visibles = [ventana.navegacion.item(i).text() for i in range(ventana.navegacion.count())]
    esperados = ["Inicio", "Ciudadanos", "Solicitudes", "Entregas", "Cargas y Padrón",
                 "Reportes", "Administración", "Catálogo"]  # fmt: skip
    assert visibles == esperados
    vista = _funcionarios(qtbot, ventana)
    assert [vista.tabla.horizontalHeaderItem(i).text() for i in range(7)] == [
        "Usuario", "Nombre", "Correo", "Tipo", "Rol", "Módulo", "Estatus"]  # fmt: skip
    fila = _fila(vista, admin.usuario)
    assert vista.tabla.item(fila, 4).text() == "Administrador"
    assert "Administración" in vista.tabla.item(fila, 5).text()

    d = vista.crear_nuevo()
    qtbot.waitUntil(d.isVisible)
    nuevo = personal.nombre("gui")
    qtbot.keyClicks(d.usuario, nuevo)
    qtbot.keyClicks(d.nombre, "Pedro Salinas Ugalde")
    qtbot.keyClicks(d.correo, "psalinas@qro.gob.mx")
    d.perfiles["funcionario"].setChecked(True)
    d.dependencia.setCurrentIndex(d.dependencia.findData("SEDESOQ"))
    d.area.setCurrentIndex(d.area.findData("SSPEV"))
    qtbot.keyClicks(d.password, "corta")
    qtbot.keyClicks(d.confirmacion, "corta")
    qtbot.mouseClick(d.aceptar_boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "al menos 10" in d.mensaje.text(), timeout=10000)
    assert d.isVisible()  # nothing created; the form keeps what was typed
    assert d.nombre.text() == "Pedro Salinas Ugalde"
    d.password.setText("Sabino2024Rojo")
    d.confirmacion.setText("Sabino2024Rojo")
    with qtbot.waitSignal(vista.lista_cargada, timeout=10000):
        qtbot.mouseClick(d.aceptar_boton, Qt.MouseButton.LeftButton)
    fila = _fila(vista, nuevo)
    assert vista.tabla.item(fila, 3).text() == "Área SSPEV"
    assert vista.tabla.item(fila, 4).text() == "Funcionario"
    assert vista.tabla.item(fila, COL_ESTATUS).text() == "Activo (cambiará contraseña)"

    # deactivate it from the list (the confirmation is answered yes)
    vista.tabla.selectRow(_fila(vista, nuevo))
    assert vista.activar.text() == "Desactivar"
    with qtbot.waitSignal(vista.lista_cargada, timeout=10000):
        qtbot.mouseClick(vista.activar, Qt.MouseButton.LeftButton)
    assert vista.tabla.item(_fila(vista, nuevo), COL_ESTATUS).text() == "Inactivo"


def test_no_se_puede_quitar_el_ultimo_administrador_desde_la_pantalla(
    qtbot, ventana, admin, dialogos_falsos
):
    vista = _funcionarios(qtbot, ventana)
    vista.tabla.selectRow(_fila(vista, admin.usuario))
    d = vista.editar_seleccionado()
    qtbot.waitUntil(d.isVisible)
    assert not d.usuario.isEnabled()
    d.perfiles["administrador"].setChecked(False)
    d.perfiles["consulta"].setChecked(True)
    qtbot.mouseClick(d.aceptar_boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "al menos un administrador" in d.mensaje.text(), timeout=10000)
    assert seguridad.buscar(admin.usuario).perfiles == ("administrador",)


def test_bitacora_filtra_por_usuario_y_exporta(
    qtbot, ventana, admin, personal, sql, tmp_path, dialogos_falsos
):
    v = personal.crear(["ventanilla"], alcance="estatal")
    with v.conectar() as c:
        for curp in personal.curps(3):
            personal.abrir(c, curp)  # each look-up is one more row of the log
        c.execute("SELECT set_config('sipros.motivo', 'Correo que dio el ciudadano', false)")
        c.execute("UPDATE ciudadano SET correo = 'cambio@correo.mx'")  # only the 3 opened
    ventana.ir_a("administracion")
    adm = ventana.vistas["administracion"]
    adm.pestanas.setCurrentWidget(adm.bitacora)
    vista = adm.bitacora
    qtbot.waitUntil(lambda: vista.usuario.count() > 1, timeout=10000)
    vista.usuario.setCurrentText(v.usuario)
    qtbot.mouseClick(vista.buscar_boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: vista.modelo.total == 6 and len(vista.modelo.filas) == 6, timeout=10000)
    assert "6 movimientos" in vista.conteo.text()
    assert {vista.modelo.filas[i].usuario for i in range(6)} == {v.usuario}
    # the highlighted row shows its detail at once (a look-up says what it was)
    qtbot.waitUntil(lambda: vista.detalle.rowCount() > 0, timeout=5000)
    assert vista.vista.selectionModel().currentIndex().row() == 0
    consulta = next(i for i, r in enumerate(vista.modelo.filas) if r.operacion == "CONSULTA")
    vista.vista.selectRow(consulta)
    assert vista.detalle.rowCount() > 0 and vista.detalle.item(0, 2).text()
    vista.vista.selectRow(0)
    campos = [vista.detalle.item(i, 0).text() for i in range(vista.detalle.rowCount())]
    assert "correo" in campos
    fila = campos.index("correo")
    assert vista.detalle.item(fila, 2).text() == "cambio@correo.mx"

    dialogos_falsos.archivo = str(tmp_path / "bitacora")
    qtbot.mouseClick(vista.exportar_boton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos), timeout=10000)
    assert "6 movimientos" in dialogos_falsos.avisos[-1]
    filas = list(load_workbook(tmp_path / "bitacora.xlsx").active.iter_rows(values_only=True))
    assert len(filas) == 7 and filas[1][1] == v.usuario


def test_bloqueo_por_inactividad_pide_la_contrasena(qtbot, ventana, admin):
    ventana.fijar_bloqueo(150)
    qtbot.waitUntil(lambda: ventana.bloqueada, timeout=5000)
    d = ventana.dialogo_bloqueo
    qtbot.waitUntil(d.isVisible)
    assert not ventana.centralWidget().isVisible()  # no data on screen while locked
    # it names the staff member, not a login
    textos = " ".join(w.text() for w in d.findChildren(QLabel))
    assert f"contraseña de {ventana.info.perfil.nombre} para" in textos
    qtbot.keyClick(d.password, Qt.Key.Key_Escape)
    assert ventana.bloqueada and d.isVisible()  # Esc does not unlock
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    assert "Escriba su contraseña" in d.mensaje.text()
    qtbot.keyClicks(d.password, admin.password)
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ventana.bloqueada, timeout=10000)
    assert ventana.centralWidget().isVisible()


def test_cambiar_mi_password_desde_el_menu(qtbot, ventana, admin, dialogos_falsos):
    d = ventana.cambiar_password()
    qtbot.waitUntil(d.isVisible)
    qtbot.keyClicks(d.actual, admin.password)
    qtbot.keyClicks(d.nueva, "Mezquite2025Alto")
    qtbot.keyClicks(d.confirmacion, "Mezquite2025Bajo")
    qtbot.keyClick(d.confirmacion, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "no coincide" in d.mensaje.text(), timeout=10000)
    d.confirmacion.setText("Mezquite2025Alto")
    qtbot.keyClick(d.confirmacion, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.avisos), timeout=10000)
    assert "se cambió" in dialogos_falsos.avisos[-1]


def test_ajustes_de_ventanilla(qtbot, ventana):
    from sipros_desktop.servicios import ajustes, documentos

    ventana.ir_a("administracion")
    adm = ventana.vistas["administracion"]
    adm.pestanas.setCurrentWidget(adm.ajustes)
    a = adm.ajustes
    qtbot.waitUntil(lambda: a.aviso.toPlainText() != "", timeout=5000)
    assert a.tamano.value() == 5
    a.aviso.setPlainText("Corto")
    a.guardar()
    qtbot.waitUntil(lambda: "muy corto" in a.errores.text(), timeout=5000)
    a.aviso.setPlainText("Aviso de privacidad. " * 6)
    a.tamano.setValue(2)
    a.guardar()
    qtbot.waitUntil(lambda: "Guardado" in a.estado.text(), timeout=5000)
    captura(ventana, "administracion_ajustes")
    assert ajustes.leer().documento_max_mb == 2 and documentos.maximo_mb() == 2
    assert ajustes.leer().aviso_privacidad.startswith("Aviso de privacidad. Aviso")


def test_limites_municipales_desde_administracion_y_el_mapa(
    qtbot, qapp, ventana, admin, personal, sql, tmp_path, dialogos_falsos
):
    """Without boundaries the map names every municipality and says where they are imported;
    a state-wide administrator imports them in Administración › Geografía (a broken file is
    explained and changes nothing) and the map draws them. An área administrator sees the
    tab, not the import."""
    from tests.geojson import limites_sinteticos

    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == 0
    nombres = dict(sql.execute("SELECT clave, nombre FROM municipio").fetchall())
    ventana.resize(1280, 720)
    ventana.ir_a("reportes")
    rep = ventana.vistas["reportes"]
    rep.pestanas.setCurrentWidget(rep.indicadores)
    ind = rep.indicadores
    qtbot.waitUntil(lambda: ind.vista.count() > 0, timeout=10000)
    ind.vista.setCurrentIndex(ind.vista.findData("mapa"))
    qtbot.waitUntil(lambda: ind.dibujo.currentWidget() is ind.mapa and ind.tabla.rowCount() > 0,
                    timeout=15000)  # fmt: skip
    en_tabla = [ind.tabla.item(i, 0).text() for i in range(ind.tabla.rowCount())]
    assert set(en_tabla) <= set(nombres.values())  # names, never the bare key (22014)
    assert "Querétaro" in en_tabla
    assert ind.mapa.datos.limites == []
    captura(ventana, "mapa_sin_limites_1280x720")
    # Administración › Geografía
    ventana.ir_a("administracion")
    adm = ventana.vistas["administracion"]
    adm.pestanas.setCurrentWidget(adm.geografia)
    g = adm.geografia
    qtbot.waitUntil(lambda: g.tabla.rowCount() == len(nombres), timeout=10000)
    assert g.boton_limites.isEnabled() and g.boton_catalogo.isEnabled()
    assert {g.tabla.item(i, 4).text() for i in range(g.tabla.rowCount())} == {"Falta"}
    assert g.resumen.text() == f"{len(nombres)} municipios; 0 con límite para el mapa."
    # a broken file: said in Spanish, nothing imported
    roto = tmp_path / "roto.geojson"
    roto.write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    dialogos_falsos.abrir = [str(roto)]
    qtbot.mouseClick(g.boton_limites, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no es un GeoJSON válido" in g.errores.text(), timeout=10000)
    assert g.boton_limites.isEnabled()
    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == 0
    # the real one
    archivo = limites_sinteticos(tmp_path / "municipios.geojson", list(nombres))
    dialogos_falsos.abrir = [str(archivo)]
    qtbot.mouseClick(g.boton_limites, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "guardados" in g.estado.text(), timeout=15000)
    assert g.errores.text() == ""
    assert g.estado.text() == (
        f"Importación de límites municipales: {len(nombres)} guardados de "
        f"{len(nombres) + 1} leídos. 1 omitido (de otro estado, o sin clave o forma válida)."
    )
    qtbot.waitUntil(lambda: g.tabla.item(0, 4).text().startswith("Importado el "), timeout=10000)
    assert g.resumen.text() == f"{len(nombres)} municipios, todos con límite para el mapa."
    captura(ventana, "geografia_1280x720")
    assert sql.execute("SELECT count(*) FROM municipio_limite").fetchone()[0] == len(nombres)
    assert sql.execute(
        "SELECT usuario FROM bitacora WHERE tabla = 'municipio_limite' AND clave = 'importación'"
    ).fetchall() == [(admin.usuario,)]
    # the map draws them now
    ventana.ir_a("reportes")
    ind.graficar()
    qtbot.waitUntil(lambda: len(ind.mapa.datos.limites) == len(nombres), timeout=15000)
    assert {ind.tabla.item(i, 0).text() for i in range(ind.tabla.rowCount())} <= set(
        nombres.values()
    )
    # an área administrator: the tab, its data, no import
    dif = personal.crear(["administrador"], area="DIFAS")
    personal.activar_como(dif)
    otra = ventana_principal(qtbot, qapp, dif, "administracion", tamano=(1280, 720))
    adm2 = otra.vistas["administracion"]
    adm2.pestanas.setCurrentWidget(adm2.geografia)
    g2 = adm2.geografia
    qtbot.waitUntil(lambda: g2.catalogos is not None, timeout=10000)
    assert not g2.boton_limites.isEnabled() and not g2.boton_catalogo.isEnabled()
    assert "solo un administrador estatal los importa" in g2.estado.text()
    assert g2.tabla.item(0, 4).text().startswith("Importado el ")
