"""GUI with real widgets (pytest-qt, offscreen) against the demo database."""

import os
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import seguridad
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas import acceso
from sipros_desktop.vistas.aplicacion import aplicar_estilo
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha
from sipros_desktop.vistas.ciudadanos.modelo import COL_CURP, COL_PATERNO, COL_SOL
from sipros_desktop.vistas.principal import MODULOS, VentanaPrincipal
from tests.conftest import CIUDADANOS_DEMO
from tests.vistas.ayudas import en_reposo


def _url(u):
    return u.render_as_string(hide_password=False)


def _sesion_de(personal, perfiles, **asignacion) -> InfoSesion:
    """Log in as a new staff account with these profiles (as the login dialog does)."""
    cuenta = personal.crear(perfiles, **asignacion)
    personal.activar_como(cuenta)
    perfil = seguridad.mi_perfil()
    return InfoSesion(cuenta.usuario, "pruebas", "0003", integrada=False, perfil=perfil)


@pytest.fixture
def ventana(qtbot, qapp, personal):
    aplicar_estilo(qapp)
    info = _sesion_de(personal, ["ventanilla", "funcionario"], alcance="estatal")
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.show()
    v.ir_a("ciudadanos")
    vista = v.vistas["ciudadanos"]
    qtbot.waitUntil(lambda: not vista.modelo.cargando and vista.modelo.total is not None)
    return v


def _esperar_carga(qtbot, vista):
    qtbot.waitUntil(lambda: not vista.modelo.cargando and vista.modelo.total is not None)


def test_acceso_correcto_abre_sesion(qtbot, bd_demo, personal, datos_locales, monkeypatch):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_demo._replace(username=None)))
    d = acceso.DialogoAcceso()
    qtbot.addWidget(d)
    d.show()
    assert "SIPROS_DB_URL" in d.conexion.text()
    assert not d.boton_conexion.isEnabled()
    qtbot.keyClicks(d.usuario, cuenta.usuario)
    qtbot.keyClicks(d.contrasena, cuenta.password)
    with qtbot.waitSignal(d.sesion_iniciada, timeout=10000) as señal:
        qtbot.keyClick(d.contrasena, Qt.Key.Key_Return)
    assert señal.args[0].usuario == cuenta.usuario
    assert señal.args[0].perfil.perfiles == ("ventanilla",)
    assert d.result() == QDialog.DialogCode.Accepted


def test_acceso_usuario_incorrecto_muestra_mensaje(qtbot, bd_demo, datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_demo._replace(username=None)))
    d = acceso.DialogoAcceso()
    qtbot.addWidget(d)
    d.show()
    d.usuario.setText("usuario_que_no_existe")
    d.contrasena.setText("mala")
    qtbot.mouseClick(d.entrar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "incorrectos" in d.mensaje.text(), timeout=10000)
    assert d.isVisible() and d.entrar.isEnabled()


def test_acceso_servidor_caido_muestra_mensaje(qtbot, datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", "postgresql://127.0.0.1:1/sipros")
    d = acceso.DialogoAcceso()
    qtbot.addWidget(d)
    d.usuario.setText("ana")
    qtbot.mouseClick(d.entrar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No se pudo conectar" in d.mensaje.text(), timeout=10000)


def test_dialogo_conexion_guarda_servidor_central(qtbot, datos_locales, dialogos_falsos):
    c = acceso.DialogoConexion(acceso.config.cargar_perfil())
    qtbot.addWidget(c)
    assert c.opcion_integrada.isChecked()  # nothing saved yet: the embedded database
    c.opcion_servidor.setChecked(True)
    c.guardar()
    assert "dirección del servidor" in c.mensaje.text()  # empty server is refused
    c.servidor.setText("bd.sedesoq.gob.mx")
    c.guardar()  # the server's certificate is verified: the CA is needed
    assert "certificado de la autoridad" in c.mensaje.text()
    assert c.result() != QDialog.DialogCode.Accepted
    ca = datos_locales.parent / "ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    dialogos_falsos.abrir.append(str(ca))
    qtbot.mouseClick(c.elegir_certificado, Qt.MouseButton.LeftButton)
    assert c.certificado.text() == str(ca)
    c.guardar()
    assert c.result() == QDialog.DialogCode.Accepted
    destino = acceso.sesion.destino_configurado()
    assert destino.url.query == {
        "sslmode": "verify-full",
        "sslrootcert": str(ca),
        "channel_binding": "require",
    }
    assert destino.advertencia == ""
    d = acceso.DialogoAcceso()
    qtbot.addWidget(d)
    assert "bd.sedesoq.gob.mx:5432/sipros (TLS verificado)" in d.conexion.text()


def test_conexion_sin_verificar_es_una_eleccion_visible(qtbot, qapp, datos_locales, personal):
    c = acceso.DialogoConexion(acceso.config.cargar_perfil())
    qtbot.addWidget(c)
    c.opcion_servidor.setChecked(True)
    c.servidor.setText("bd.sedesoq.gob.mx")
    c.sin_verificar.setChecked(True)
    assert not c.certificado.isEnabled()
    c.guardar()
    assert c.result() == QDialog.DialogCode.Accepted
    destino = acceso.sesion.destino_configurado()
    assert destino.url.query == {"sslmode": "require", "channel_binding": "require"}
    assert "sin verificar" in destino.advertencia
    # the main window says it for the whole session
    info = _sesion_de(personal, ["funcionario"], alcance="estatal")
    v = VentanaPrincipal(replace(info, advertencia=destino.advertencia))
    qtbot.addWidget(v)
    v.show()
    assert v.aviso_conexion.isVisible() and "sin verificar" in v.aviso_conexion.text()


def test_menu_muestra_solo_los_modulos_de_sus_perfiles(ventana):
    nav = ventana.navegacion
    habilitados = [
        nav.item(i).text() for i in range(nav.count()) if nav.item(i).flags() & Qt.ItemIsEnabled
    ]
    # only what ventanilla + funcionario open: no Administración, Catálogo, Consulta, Entregas
    esperados = ["Inicio", "Ventanilla", "Ciudadanos", "Solicitudes", "Cargas y Padrón",
                 "Reportes"]  # fmt: skip
    assert habilitados == esperados
    visibles = [nav.item(i).text() for i in range(nav.count())]
    assert visibles == esperados
    assert len(MODULOS) == 10


def test_ciudadanos_muestra_pagina_conteo_y_pagina_al_desplazar(qtbot, ventana):
    vista = ventana.vistas["ciudadanos"]
    assert vista.modelo.total == CIUDADANOS_DEMO
    assert f"{CIUDADANOS_DEMO} ciudadanos" in vista.conteo.text()
    vista.modelo.tam_pagina = 40
    vista.buscar()
    _esperar_carga(qtbot, vista)
    assert vista.modelo.rowCount() == 40
    vista.tabla.scrollToBottom()
    qtbot.waitUntil(lambda: vista.modelo.rowCount() > 40 and not vista.modelo.cargando)
    while vista.modelo.hay_mas:
        vista.tabla.scrollToBottom()
        qtbot.waitUntil(lambda: not vista.modelo.cargando)
    assert vista.modelo.rowCount() == CIUDADANOS_DEMO
    curps = [vista.modelo.fila(i).curp for i in range(vista.modelo.rowCount())]
    assert len(set(curps)) == CIUDADANOS_DEMO


def test_buscar_por_curp_nombre_y_texto_peligroso(qtbot, ventana, sql):
    vista = ventana.vistas["ciudadanos"]
    curp, nombre, paterno = sql.execute(
        "SELECT curp, nombre, apellido_paterno FROM ciudadano ORDER BY id DESC LIMIT 1"
    ).fetchone()
    vista.buscador.clear()
    qtbot.keyClicks(vista.buscador, curp.lower())
    qtbot.keyClick(vista.buscador, Qt.Key.Key_Return)
    _esperar_carga(qtbot, vista)
    assert vista.modelo.rowCount() == 1
    assert vista.modelo.index(0, COL_CURP).data() == curp
    assert vista.conteo.text() == "1 ciudadano"
    assert "CURP" in vista.criterio.text()

    vista.buscador.setText(f"{paterno} {nombre.split()[0]}")
    vista.buscar()
    _esperar_carga(qtbot, vista)
    assert vista.modelo.rowCount() >= 1
    primera_palabra = nombre.split()[0]
    for i in range(vista.modelo.rowCount()):
        f = vista.modelo.fila(i)
        palabras = f"{f.nombre} {f.apellido_paterno} {f.apellido_materno or ''}".split()
        assert set(paterno.split()) <= set(palabras)
        assert any(p.startswith(primera_palabra) for p in palabras)

    vista.buscador.setText("'; DROP TABLE ciudadano; --")
    vista.buscar()
    _esperar_carga(qtbot, vista)
    assert vista.modelo.rowCount() == 0
    assert vista.conteo.text() == "Ningún ciudadano coincide"
    assert sql.execute("SELECT count(*) FROM ciudadano").fetchone()[0] == CIUDADANOS_DEMO


def test_tecleo_busca_solo_tras_una_pausa(qtbot, ventana):
    vista = ventana.vistas["ciudadanos"]
    qtbot.keyClicks(vista.buscador, "XYZNOEXISTE")
    assert vista.modelo.consulta.texto == ""  # not yet: waits for the pause
    qtbot.waitUntil(lambda: vista.modelo.consulta.texto == "XYZNOEXISTE", timeout=2000)
    _esperar_carga(qtbot, vista)
    assert vista.modelo.rowCount() == 0


def test_ordenar_por_curp_descendente(qtbot, ventana, sql):
    vista = ventana.vistas["ciudadanos"]
    vista.tabla.sortByColumn(COL_CURP, Qt.SortOrder.DescendingOrder)
    _esperar_carga(qtbot, vista)
    maxima = sql.execute("SELECT max(curp) FROM ciudadano").fetchone()[0]
    assert vista.modelo.index(0, COL_CURP).data() == maxima
    vista.tabla.sortByColumn(COL_SOL, Qt.SortOrder.AscendingOrder)  # not sortable: unchanged
    assert vista.modelo.consulta.orden == "curp"
    vista.tabla.sortByColumn(COL_PATERNO, Qt.SortOrder.AscendingOrder)
    _esperar_carga(qtbot, vista)
    apellidos = [vista.modelo.fila(i).apellido_paterno for i in range(vista.modelo.rowCount())]
    assert apellidos == sorted(apellidos)


def test_doble_clic_abre_expediente_con_historial(qtbot, ventana, sql):
    vista = ventana.vistas["ciudadanos"]
    cid, curp = sql.execute(
        "SELECT c.id, c.curp FROM ciudadano c JOIN solicitud s ON s.ciudadano_id = c.id "
        "GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
    ).fetchone()
    vista.buscador.setText(curp)
    vista.buscar()
    _esperar_carga(qtbot, vista)
    rect = vista.tabla.visualRect(vista.modelo.index(0, 1))
    # a real double click: the view sees the first press, then the double click
    qtbot.mouseClick(vista.tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert vista.boton_abrir.isEnabled()
    fichas = []
    vista.ficha_abierta.connect(fichas.append)
    with qtbot.waitSignal(vista.ficha_abierta, timeout=10000) as señal:
        qtbot.mouseDClick(vista.tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ficha = señal.args[0]
    qtbot.addWidget(ficha)
    # one double click, one file; asking for the same citizen again brings that one forward
    en_reposo(qtbot)  # (a second load, if the gesture started one, has ended too)
    vista.abrir_seleccionado()
    en_reposo(qtbot)
    assert fichas == [ficha]
    assert [f for f in vista.findChildren(DialogoFicha) if f.isVisible()] == [ficha]
    assert curp in ficha.findChild(QLabel, "cabeceraFicha").text()
    n_sol = sql.execute(
        "SELECT count(*) FROM solicitud WHERE ciudadano_id = %s", (cid,)
    ).fetchone()[0]
    assert ficha.tabla_solicitudes.rowCount() == n_sol
    folio = ficha.tabla_solicitudes.item(0, 0).text()
    historial = sql.execute(
        "SELECT h.estado FROM solicitud_historial h JOIN solicitud s ON s.id = h.solicitud_id "
        "WHERE s.folio = %s ORDER BY h.fecha, h.id",
        (folio,),
    ).fetchall()
    assert ficha.tabla_historial.rowCount() == len(historial)
    assert [ficha.tabla_historial.item(i, 0).text() for i in range(len(historial))] == [
        h[0] for h in historial
    ]
    assert folio in ficha.titulo_historial.text()


def test_primer_inicio_de_la_base_integrada_crea_el_administrador(qtbot, datos_locales):
    from sipros_desktop import bd
    from sipros_desktop.bd import integrada

    try:
        d = acceso.DialogoAcceso()
        qtbot.addWidget(d)
        d.show()
        qtbot.waitUntil(
            lambda: getattr(d, "dialogo_primer_inicio", None) is not None, timeout=60000
        )
        p = d.dialogo_primer_inicio
        qtbot.keyClicks(p.usuario, "MRamirez")
        p.nombre.setText("Marta Ramírez")  # QTest types ASCII only
        qtbot.keyClicks(p.password, "Huizache2024")
        qtbot.keyClicks(p.confirmacion, "Huizache2024")
        qtbot.mouseClick(p.aceptar_boton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Administrador creado" in d.mensaje.text(), timeout=20000)
        assert d.usuario.text() == "mramirez"
        qtbot.keyClicks(d.contrasena, "Huizache2024")
        with qtbot.waitSignal(d.sesion_iniciada, timeout=20000) as señal:
            qtbot.keyClick(d.contrasena, Qt.Key.Key_Return)
        assert señal.args[0].perfil.tiene("administrador")
    finally:
        bd.desactivar()
        integrada.detener()


def test_plataforma_offscreen_calla_solo_su_aviso_de_tamano():
    """Screenshots and benchmarks run on Qt's offscreen platform, which warns once per window
    shown that it cannot propagate size hints; the app drops that line and nothing else."""
    import subprocess
    import sys

    codigo = (
        "from sipros_desktop.vistas.aplicacion import crear_aplicacion\n"
        "from PySide6.QtWidgets import QLabel\n"
        "from PySide6.QtCore import qWarning\n"
        "app = crear_aplicacion([])\n"
        "ventanas = [QLabel('x') for _ in range(3)]\n"
        "for w in ventanas:\n"
        "    w.show(); app.processEvents()\n"
        "qWarning('otro aviso')\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "propagateSizeHints" not in r.stderr and "otro aviso" in r.stderr


@pytest.mark.parametrize(
    ("perfiles", "tarjetas"),
    [
        (["funcionario"], {"dictamen", "correccion"}),
        (["ventanilla"], {"correccion", "borradores"}),
        (["administrador"], {"dictamen", "correccion", "eventos", "cargas", "duplicados"}),
        (["entrega"], {"eventos", "sincronizar", "conflictos_entrega"}),
        (["consulta"], set()),
        (["ventanilla", "funcionario"], {"dictamen", "correccion", "borradores"}),
    ],
)
def test_cada_perfil_llega_a_inicio_con_lo_suyo(qtbot, qapp, personal, sql, perfiles, tarjetas):
    info = _sesion_de(personal, perfiles, alcance="estatal")
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.show()
    assert v.modulo_actual() == "inicio"
    inicio = v.vistas["inicio"]
    # the greeting comes with the list of what needs attention (empty or not)
    qtbot.waitUntil(lambda: inicio.saludo.text().startswith("Hola, "), timeout=10000)
    assert {t.pendiente.clave for t in inicio.tarjetas} == tarjetas
    if perfiles == ["consulta"]:  # the citizen-service desk: CURP first, and only that
        v.ir_a("consulta")
        pagina = v.paginas.currentWidget()
        assert pagina is v.vistas["consulta"] and pagina.curp.isVisible()
        assert [v.navegacion.item(i).text() for i in range(v.navegacion.count())] == [
            "Inicio", "Consulta ciudadana"]  # fmt: skip
    visibles = [v.navegacion.item(i).text() for i in range(v.navegacion.count())]
    if perfiles == ["entrega"]:  # (Solicitudes: deliveries by transfer, card or cheque)
        assert visibles == ["Inicio", "Solicitudes", "Entregas"]
    if "dictamen" in tarjetas:
        # the count is the database's, and the card opens Solicitudes already filtered
        tarjeta = next(t for t in inicio.tarjetas if t.pendiente.clave == "dictamen")
        en_proceso = sql.execute(
            "SELECT count(*) FROM solicitud WHERE estado = 'En proceso'"
        ).fetchone()[0]
        assert tarjeta.cantidad.text() == f"{en_proceso:,}"
        qtbot.mouseClick(tarjeta.boton, Qt.MouseButton.LeftButton)
        assert v.modulo_actual() == "solicitudes"
        assert v.vistas["solicitudes"].estado.currentData() == "En proceso"


@pytest.mark.parametrize("tamano", [(1280, 720), (1920, 1080)])
def test_pantallas_caben_en_la_ventana_de_las_oficinas(qtbot, qapp, personal, tamano):
    """At 1280 × 720 (office laptops) and 1920 × 1080: the menu shows every title whole and
    without a horizontal bar, and no control of a module lies beyond the window's edge."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLineEdit, QTabWidget

    from tests.vistas.ayudas import captura

    aplicar_estilo(qapp)
    info = _sesion_de(personal, list(seguridad.PERFILES), alcance="estatal")
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.resize(*tamano)
    v.show()
    nav = v.navegacion
    assert not nav.horizontalScrollBar().isVisible()
    for i in range(nav.count()):
        texto = nav.item(i).text()
        assert nav.fontMetrics().horizontalAdvance(texto) < nav.viewport().width(), texto
    for clave in (
        "inicio",
        "ventanilla",
        "ciudadanos",
        "solicitudes",
        "entregas",
        "cargas",
        "reportes",
        "administracion",
        "catalogo",
    ):
        v.ir_a(clave)
        en_reposo(qtbot)  # (its lists read, its layout done)
        pagina = v.paginas.currentWidget()
        # every tab of the module, not only the first
        pestanas = [(p, i) for p in pagina.findChildren(QTabWidget) for i in range(p.count())]
        for pestana, i in pestanas or [(None, 0)]:
            if pestana is not None:
                pestana.setCurrentIndex(i)
                en_reposo(qtbot)
            assert v.width() == tamano[0], (clave, i, v.width())  # nothing widens the window
            controles = [
                w for t in (QLineEdit, QComboBox, QDateEdit, QAbstractButton)
                for w in pagina.findChildren(t)
            ]  # fmt: skip
            for w in controles:
                if not w.isVisible():
                    continue
                derecha = w.mapTo(v, QPoint(w.width(), 0)).x()
                assert derecha <= v.width(), (clave, w.objectName() or type(w).__name__, derecha)
        captura(v, f"modulo_{clave}_{tamano[0]}x{tamano[1]}")


def test_inicio_usa_la_pantalla_a_1920_y_cabe_a_1280(qtbot, qapp, personal):
    """Inicio's cards share the window: most of its width and height at 1920 × 1080 (not a
    strip on top of an empty half), all of them without scrolling at 1280 × 720."""
    from tests.vistas.ayudas import captura

    aplicar_estilo(qapp)
    info = _sesion_de(personal, list(seguridad.PERFILES), alcance="estatal")
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.resize(1920, 1080)
    v.show()
    inicio = v.vistas["inicio"]
    qtbot.waitUntil(lambda: len(inicio.tarjetas) >= 7, timeout=10000)  # three rows
    en_reposo(qtbot)  # (the cards laid out)
    area = inicio.desplazable.viewport()

    def ocupado():
        izquierda = min(t.mapTo(area, t.rect().topLeft()).x() for t in inicio.tarjetas)
        derecha = max(t.mapTo(area, t.rect().bottomRight()).x() for t in inicio.tarjetas)
        abajo = max(t.mapTo(area, t.rect().bottomRight()).y() for t in inicio.tarjetas)
        return (derecha - izquierda) / area.width(), abajo / area.height()

    def llena_1920() -> None:
        ancho, alto = ocupado()
        assert ancho > 0.95 and alto > 0.75, (ancho, alto)

    def cabe_en_1280() -> None:
        ancho, alto = ocupado()
        assert ancho > 0.95 and alto <= 1.0, (ancho, alto)
        assert not inicio.desplazable.verticalScrollBar().isVisible()

    qtbot.waitUntil(llena_1920, timeout=5000)
    captura(v, "inicio_1920x1080")
    v.resize(1280, 720)
    en_reposo(qtbot)
    qtbot.waitUntil(cabe_en_1280, timeout=5000)


def test_primer_ingreso_pide_la_contrasena_y_luego_abre_sus_modulos(
    qtbot, qapp, bd_demo, personal, datos_locales, monkeypatch
):
    """An account whose password an administrator set can do nothing until it changes it (the
    database holds its profiles back); the change gives them at once, on the same session."""
    from sipros_desktop.servicios import solicitudes
    from sipros_desktop.vistas.cuenta import DialogoCambiarPassword

    cuenta = personal.crear(["funcionario"], area="SSDS", cambiar_password=True)
    monkeypatch.setenv("SIPROS_DB_URL", _url(bd_demo._replace(username=None)))
    d = acceso.DialogoAcceso()
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.usuario, cuenta.usuario)
    qtbot.keyClicks(d.contrasena, cuenta.password)
    with qtbot.waitSignal(d.sesion_iniciada, timeout=10000) as señal:
        qtbot.keyClick(d.contrasena, Qt.Key.Key_Return)
    info = señal.args[0]
    assert info.perfil.cambiar_password and info.perfil.perfiles == ("funcionario",)
    with pytest.raises(ErrorSipros):
        solicitudes.contadores(solicitudes.Filtro())  # nothing before the change
    cambio = DialogoCambiarPassword(info.perfil.password_minimo, obligatorio=True)
    qtbot.addWidget(cambio)
    cambio.show()
    qtbot.keyClicks(cambio.actual, cuenta.password)
    qtbot.keyClicks(cambio.nueva, "Huizache2026Norte")
    qtbot.keyClicks(cambio.confirmacion, "Huizache2026Norte")
    with qtbot.waitSignal(cambio.accepted, timeout=10000):
        qtbot.keyClick(cambio.confirmacion, Qt.Key.Key_Return)
    aplicar_estilo(qapp)
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    vista = v.vistas["solicitudes"]
    v.ir_a("solicitudes")
    qtbot.waitUntil(lambda: bool(vista.modelo.total), timeout=15000)
    assert sum(vista.modelo.total.values()) > 0


def test_cerrar_sesion_no_deja_a_nadie_en_pantalla(qtbot, ventana, sql):
    """After «Cerrar sesión» the next user meets the login dialog alone: the previous user's
    window and the citizen's file it had open are gone before the dialog appears."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    vista = ventana.vistas["ciudadanos"]
    curp = sql.execute(
        "SELECT c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM solicitud s "
        "WHERE s.ciudadano_id = c.id) ORDER BY c.id LIMIT 1"
    ).fetchone()[0]
    vista.buscador.setText(curp)
    vista.buscar()
    _esperar_carga(qtbot, vista)
    vista.tabla.selectRow(0)
    with qtbot.waitSignal(vista.ficha_abierta, timeout=10000) as señal:
        vista.boton_abrir.click()
    ficha = señal.args[0]  # (closed, and deleted, by the logout below)
    qtbot.waitUntil(ficha.isVisible)
    en_pantalla: list[list[str]] = []

    def al_cerrar() -> None:  # what the login dialog would appear over
        en_pantalla.append(
            [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
        )

    ventana.sesion_cerrada.connect(al_cerrar)
    accion = next(a for a in ventana.menuBar().actions()[0].menu().actions()
                  if a.text() == "Cerrar sesión")  # fmt: skip
    accion.trigger()
    assert en_pantalla == [[]]
    assert not ventana.isVisible()
    assert not shiboken6.isValid(ficha) or not ficha.isVisible()


def test_sigterm_cierra_el_dialogo_que_espera(qtbot, qapp):
    """SIGTERM from outside (a shutdown, `kill`) while the login or first-administrator dialog
    waits: the dialog closes like Cancel at once (the app's timer gives Python the chance to
    run its handler), so the app ends and stops its embedded server."""
    import signal
    import threading
    import time

    from PySide6.QtCore import QTimer

    from sipros_desktop.app import terminar_con_senal

    anterior = signal.signal(signal.SIGTERM, terminar_con_senal)
    despertador = QTimer()
    despertador.timeout.connect(lambda: None)
    despertador.start(250)  # as ejecutar_gui does
    try:
        d = QDialog()
        qtbot.addWidget(d)
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
        inicio = time.monotonic()
        assert d.exec() == QDialog.DialogCode.Rejected
        assert time.monotonic() - inicio < 5
    finally:
        despertador.stop()
        signal.signal(signal.SIGTERM, anterior)


def test_el_dialogo_de_archivos_habla_espanol_y_abre_donde_se_quedo(qtbot, qapp, tmp_path):
    """Qt's own file dialog (Linux offices): every label in Mexican Spanish — no «Look in»,
    no «fichero» —, large enough for the dates, opening in the folder the user last took a
    file of that kind from (the scanner's), not the program's."""
    import re
    from pathlib import Path

    from PySide6.QtWidgets import QComboBox, QFileDialog, QPushButton, QTreeView

    from sipros_desktop.servicios import preferencias
    from sipros_desktop.vistas.comun import dialogos
    from tests.vistas.ayudas import captura

    aplicar_estilo(qapp)  # (Qt's Spanish catalogue, as in the app)
    escaner = tmp_path / "escaner"
    escaner.mkdir()
    (escaner / "ine.pdf").write_bytes(b"%PDF-1.4\n")
    filtro = "Documentos (*.pdf *.jpg *.jpeg *.png)"
    preferencias.guardar_carpeta(filtro, str(escaner))
    d = dialogos.dialogo_archivo(None, "Adjuntar documento", filtro, "abrir")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(d.isVisible)
    assert Path(d.directory().absolutePath()) == escaner
    textos = [w.text() for w in d.findChildren(QLabel) + d.findChildren(QPushButton)]
    assert "Buscar en:" in textos and "Tipo de archivo:" in textos and "Abrir" in textos
    combos = " ".join(c.currentText() for c in d.findChildren(QComboBox))
    todo = " ".join(textos) + combos
    assert "Look in" not in todo and "Files of type" not in todo and "fichero" not in todo
    assert d.width() >= 780
    assert d.acceptMode() == QFileDialog.AcceptMode.AcceptOpen
    lista = d.findChild(QTreeView, "treeView")  # (the folder is read in the background)
    qtbot.waitUntil(lambda: lista.model().rowCount(lista.rootIndex()) == 1, timeout=5000)
    fila = lista.model().index(0, 3, lista.rootIndex())
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", fila.data())
    assert lista.header().sectionSize(3) >= lista.fontMetrics().horizontalAdvance(fila.data())
    captura(d, "dialogo_archivo")


# Columns the offices read to tell one row from another: never cut, never off the screen.
COLUMNAS_CLAVE = {"Folio", "CURP", "Estado", "Estatus", "Fecha", "Usuario"}
COLUMNAS_NOMBRE = {"Nombre", "Beneficiario", "Ciudadano", "Nombre completo", "Rol", "Módulo"}


def _revisar_tablas(contenedor, donde: str) -> list[str]:
    """What is cut in ``contenedor``'s visible tables: key columns must be wholly inside the
    table's viewport and as wide as their content; name columns inside it, at least 100 px;
    numbers right-aligned; in a sortable table each header as wide as its text and arrow."""
    from PySide6.QtWidgets import QTableView

    problemas = []
    for t in contenedor.findChildren(QTableView):
        if not t.isVisible() or t.model() is None or t.model().columnCount() == 0:
            continue
        cab = t.horizontalHeader()
        ancho = t.viewport().width()
        for col in range(t.model().columnCount()):
            titulo = str(t.model().headerData(col, Qt.Orientation.Horizontal) or "")
            if cab.isSectionHidden(col):
                continue
            x, w = cab.sectionViewportPosition(col), cab.sectionSize(col)
            nombre = f"{donde} · {t.objectName() or type(t).__name__} · «{titulo}»"
            if titulo in COLUMNAS_CLAVE:
                if x < 0 or x + w > ancho + 1:
                    problemas.append(f"{nombre}: fuera de la vista ({x}+{w} > {ancho})")
                elif t.model().rowCount() and w + 2 < t.sizeHintForColumn(col):
                    problemas.append(f"{nombre}: cortada ({w} < {t.sizeHintForColumn(col)})")
            if titulo in COLUMNAS_NOMBRE and (x < 0 or x + min(w, 100) > ancho + 1 or w < 100):
                problemas.append(f"{nombre}: el nombre no se ve ({x}+{w}, vista {ancho})")
            # a sortable table's header keeps room for its text and the sort arrow: the
            # arrow is never drawn over the title
            if cab.isSortIndicatorShown() and w < cab.sectionSizeHint(col):
                problemas.append(f"{nombre}: la flecha de orden tapa el título ({w} px)")
    return problemas


def test_las_columnas_clave_se_ven_enteras_a_1280(qtbot, qapp, personal, sql):
    """At 1280 × 720, in every module and tab with data: folio, CURP, estado and the name are
    wholly visible without scrolling (fixed-format values never cut), also in the citizen's
    file."""
    from PySide6.QtWidgets import QTabWidget

    aplicar_estilo(qapp)
    info = _sesion_de(personal, list(seguridad.PERFILES), alcance="estatal")
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    problemas: list[str] = []
    for clave in ("ciudadanos", "solicitudes", "entregas", "cargas", "reportes",
                  "administracion", "catalogo"):  # fmt: skip
        v.ir_a(clave)
        en_reposo(qtbot)
        pagina = v.paginas.currentWidget()
        pestanas = [(p, i) for p in pagina.findChildren(QTabWidget) for i in range(p.count())]
        for pestana, i in pestanas or [(None, 0)]:
            if pestana is not None:
                if not pestana.isTabEnabled(i):
                    continue
                pestana.setCurrentIndex(i)
            en_reposo(qtbot)  # (the lists are read in the background)
            problemas += _revisar_tablas(pagina, f"{clave}/{i}")
    # no module asks for more than the screen: the window stays 1280 px wide, nothing cut off
    # at its right edge (a row of six filters made it 1289)
    anchos = {k: w.minimumSizeHint().width() for k, w in v.vistas.items()}
    assert v.minimumSizeHint().width() <= 1280 and v.width() == 1280, anchos
    # the citizen's file, with its applications
    v.ir_a("ciudadanos")
    vista = v.vistas["ciudadanos"]
    curp = sql.execute(
        "SELECT c.curp FROM ciudadano c JOIN solicitud s ON s.ciudadano_id = c.id "
        "GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
    ).fetchone()[0]
    vista.buscador.setText(curp)
    vista.buscar()
    _esperar_carga(qtbot, vista)
    vista.tabla.selectRow(0)
    with qtbot.waitSignal(vista.ficha_abierta, timeout=10000) as señal:
        vista.boton_abrir.click()
    ficha = señal.args[0]
    qtbot.addWidget(ficha)
    qtbot.waitUntil(lambda: ficha.tabla_solicitudes.rowCount() > 0, timeout=10000)
    problemas += _revisar_tablas(ficha, "expediente")
    assert not problemas, "\n".join(problemas)
