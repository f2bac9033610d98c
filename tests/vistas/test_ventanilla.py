"""Ventanilla with real widgets (pytest-qt, offscreen) as a front-desk clerk of the demo
database: keyboard-only registration and application, existing CURP, invalid CURP, possible
duplicates, refused documents, a dropped connection and drafts that survive closing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from sipros_desktop import bd
from sipros_desktop.servicios import borradores
from sipros_desktop.servicios.curp import construir
from sipros_desktop.vistas.ciudadanos.ficha import DialogoFicha
from sipros_desktop.vistas.ventanilla.vista import EXPEDIENTE, REGISTRO
from tests import archivos
from tests.datos import hogar_cuis, miembro
from tests.reloj import HOY
from tests.teclado import Teclado, llenar_registro
from tests.vistas.ayudas import captura, en_reposo, ventana_principal


@pytest.fixture
def clerk(personal, datos_locales):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(cuenta)
    return cuenta


def _ventana(qtbot, qapp, cuenta):
    v = ventana_principal(qtbot, qapp, cuenta, "ventanilla", tamano=(1280, 900))
    vista = v.vistas["ventanilla"]
    qtbot.waitUntil(lambda: vista.listo, timeout=10000)
    return v, vista


@pytest.fixture
def ventana(qtbot, qapp, clerk):
    v, vista = _ventana(qtbot, qapp, clerk)
    return v, vista


def edad_el(nacimiento: date) -> int:
    return HOY.year - nacimiento.year - ((HOY.month, HOY.day) < (nacimiento.month, nacimiento.day))


def registrar_con_teclado(qtbot, vista, teclado: Teclado, curp: str, nombre, paterno, materno):
    vista.curp.setFocus()
    teclado.escribir("curpVentanilla", curp)
    teclado.tecla(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    llenar_registro(teclado, vista.formulario, nombre, paterno, materno)


def test_registro_y_solicitud_solo_con_teclado(qtbot, ventana, dialogos_falsos, tmp_path, sql):
    v, vista = ventana
    assert v.modulo_actual() == "ventanilla"
    teclado = Teclado(qtbot)
    # (QTest types ASCII only; accented names are covered by the service tests)
    curp = construir("Monica", "Vazquez", "Ugalde", date(1991, 9, 30), "M", "QT")
    registrar_con_teclado(qtbot, vista, teclado, curp, "Monica", "Vazquez", "Ugalde")
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == EXPEDIENTE, timeout=10000)
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None, timeout=10000)
    assert not dialogos_falsos.errores, dialogos_falsos.errores
    assert "MONICA VAZQUEZ UGALDE" in exp.cabecera.text()
    # the phone as the clerk typed it, kept as 10 digits, with the citizen's consent to SMS
    assert sql.execute(
        "SELECT telefono, acepta_sms FROM ciudadano WHERE curp = %s", (curp,)
    ).fetchone() == ("4421112233", True)
    respuestas = sql.execute(
        "SELECT q.respuestas FROM cuestionario q JOIN ciudadano c ON c.id = q.ciudadano_id "
        "WHERE c.curp = %s",
        (curp,),
    ).fetchone()[0]
    # the household as typed: the applicant (her age and sex came from the CURP) and a son
    assert [(m["parentesco"], m["sexo"], m["edad"], m["ingreso"]) for m in respuestas["hogar"]] == [
        ("Jefa o jefe del hogar", "Mujer", edad_el(date(1991, 9, 30)), 9500),
        ("Hija(o)", "Hombre", 9, 0),
    ]
    assert respuestas["hogar"][1]["asiste_escuela"] is True
    assert respuestas["menores_18"] == 1 and respuestas["dias_cereales"] == 7
    assert "chimenea" not in respuestas  # a question that did not apply (cooking with gas)
    # and the database measured it: 9,500 / (0.9945 + 0.7382) = 5,482.77 a person, over both
    # poverty lines (the address has no locality: urban or rural unknown), and her job gives
    # her no social security
    assert sql.execute(
        "SELECT p.clasificacion, p.seguridad_social FROM pobreza_medicion p JOIN ciudadano c "
        "ON c.id = p.ciudadano_id WHERE c.curp = %s",
        (curp,),
    ).fetchone() == ("vulnerable_carencias", True)
    captura(v, "ventanilla_expediente")

    # the calls open today: the eligible ones first, already selected; Enter files one
    conv = exp.convocatoria_elegida()
    assert conv is not None and conv.elegible
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    assert teclado.foco is exp.tabla_convocatorias
    teclado.tecla(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    d = abiertos[-1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d, timeout=5000)
    rutas = []
    for i, _t in enumerate(conv.documentos_requeridos):
        p = tmp_path / f"doc{i}.pdf"
        p.write_bytes(archivos.pdf(f"Documento {i}"))
        rutas.append(str(p))
    dialogos_falsos.abrir = list(rutas)
    for i in range(len(rutas)):
        teclado.tecla(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(
            lambda n=i + 1: len(d.adjuntos) == n or bool(d.errores.text()), timeout=5000
        )
        assert not d.errores.text()
    assert set(d.adjuntos) == set(conv.documentos_requeridos)
    # every document attached: the focus waits on «Presentar», not on «Adjuntar archivo…»
    assert QApplication.focusWidget() is d.boton_presentar
    captura(d, "ventanilla_solicitud")
    teclado.tecla(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(abiertos) >= 2 and abiertos[-1].pdf is not None, timeout=15000)
    acuse = abiertos[-1]
    qtbot.waitUntil(lambda: acuse.isAncestorOf(QApplication.focusWidget()), timeout=5000)
    folio = d.resultado.folio
    assert folio in acuse.titulo.text()
    assert folio.startswith(f"{HOY:%d/%m/%Y}-{conv.programa_clave}-")
    captura(acuse, "ventanilla_acuse")
    teclado.tecla(Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.impresiones), timeout=5000)  # animated click
    assert dialogos_falsos.impresiones[0].startswith(b"%PDF")
    n_docs = sql.execute(
        "SELECT count(*) FROM documento d JOIN solicitud s ON s.id = d.solicitud_id "
        "WHERE s.folio = %s",
        (folio,),
    ).fetchone()[0]
    assert n_docs == len(rutas)
    qtbot.waitUntil(lambda: exp.tabla_solicitudes.rowCount() == 1, timeout=5000)
    assert exp.tabla_solicitudes.item(0, 0).text() == folio
    assert borradores.pendientes() == []  # nothing left half-done


def test_curp_existente_abre_su_expediente(qtbot, ventana, sql):
    _v, vista = ventana
    curp, nombre = sql.execute(
        "SELECT curp, nombre FROM ciudadano c WHERE NOT EXISTS "
        "(SELECT 1 FROM registro_civil r WHERE r.curp = c.curp) ORDER BY id LIMIT 1"
    ).fetchone()  # (the demo's extract leaves one citizen in 20 out)
    qtbot.keyClicks(vista.curp, curp.lower())
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.expediente.resumen is not None, timeout=10000)
    assert vista.paginas.currentIndex() == EXPEDIENTE
    assert "ya tiene expediente" in vista.mensaje.text()
    assert curp in vista.expediente.cabecera.text() and nombre in vista.expediente.cabecera.text()
    assert vista.expediente.verificacion.text() == "Registro Civil: no encontrada"
    # Enter in the CURP box with a file open searches again; it does not file an application
    abiertos = []
    vista.expediente.dialogo_abierto.connect(abiertos.append)
    vista.curp.setFocus()
    vista.curp.selectAll()
    qtbot.keyClicks(vista.curp, "XXXX")
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    assert "no es válida" in vista.mensaje.text()
    assert abiertos == []


def test_curp_invalida_explica_por_que(qtbot, ventana):
    _v, vista = ventana
    qtbot.keyClicks(vista.curp, "RACK070815MQTMSRA4")
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    assert "dígito verificador" in vista.mensaje.text()
    assert "debería ser 5" in vista.mensaje.text()
    assert vista.paginas.currentIndex() != REGISTRO


def _llenar(f, nombre, paterno, materno):
    f.nombre.setText(nombre)
    f.paterno.setText(paterno)
    f.materno.setText(materno)
    f.municipio.setCurrentIndex(f.municipio.findText("Querétaro"))
    f.calle.setText("Calle 5 de Mayo")
    # the household: the applicant (age and sex as the form took them from the CURP), heading
    # it — or, under 18, with the mother who does
    yo = f.cuestionario.respuestas()["hogar"][0]
    if yo["edad"] >= 18:
        f.cuestionario.fijar(hogar_cuis(miembro(edad=yo["edad"], sexo=yo["sexo"])))
    else:
        f.cuestionario.fijar(hogar_cuis(
            miembro("Hija(o)", yo["sexo"], yo["edad"], nivel="Ninguno", grado=None,
                    asiste_escuela=yo["edad"] >= 3, trabajo=None, ingreso=0),
            miembro("Jefa o jefe del hogar", "Mujer", 40),
        ))  # fmt: skip
    f.aviso.setChecked(True)


def test_posible_duplicado_se_muestra_y_se_decide(qtbot, ventana, sql):
    _v, vista = ventana
    cid, nombre, paterno, materno, nacimiento, sexo = sql.execute(
        "SELECT id, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, sexo "
        "FROM ciudadano WHERE apellido_materno IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    # the same person with the surnames swapped, registered in another state's CURP
    curp = construir(nombre, materno, paterno, nacimiento, sexo, "GT")
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    f = vista.formulario
    _llenar(f, nombre.title(), materno.title(), paterno.title())
    qtbot.waitUntil(lambda: f.grupo_duplicados.isVisible(), timeout=5000)
    assert cid in [c.id for c in f.candidatos]
    fila = [c.id for c in f.candidatos].index(cid)
    assert f.tabla_duplicados.item(fila, 0).text() != curp
    captura(vista, "ventanilla_duplicados")
    vista.guardar()
    assert "Decida sobre cada posible duplicado" in f.errores.text()
    for i in range(len(f.candidatos)):
        combo: QComboBox = f.tabla_duplicados.cellWidget(i, 4)
        combo.setCurrentText("Personas distintas")
    registrados = []
    vista.registrado.connect(registrados.append)
    vista.guardar()
    qtbot.waitUntil(lambda: bool(registrados), timeout=10000)
    decision = sql.execute(
        "SELECT decision FROM duplicado_decision WHERE ciudadano_id = %s AND candidato_id = %s",
        (registrados[0], cid),
    ).fetchone()
    assert decision == ("Personas distintas",)


def test_documento_con_extension_pdf_que_no_es_pdf_se_rechaza(
    qtbot, ventana, dialogos_falsos, tmp_path, sql
):
    _v, vista = ventana
    curp = sql.execute(
        "SELECT curp FROM ciudadano WHERE fecha_nacimiento BETWEEN sipros_hoy() - 18000 "
        "AND sipros_hoy() - 9000 ORDER BY id LIMIT 1"
    ).fetchone()[0]
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None, timeout=10000)
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    conv = next(c for c in exp.resumen.convocatorias if c.elegible)
    exp.tabla_convocatorias.selectRow(exp.resumen.convocatorias.index(conv))
    exp.nueva_solicitud()
    d = abiertos[-1]
    falso = tmp_path / "identificacion.pdf"
    falso.write_bytes(b"PK\x03\x04 esto es un zip renombrado")
    dialogos_falsos.abrir = [str(falso)]
    d.adjuntar()
    qtbot.waitUntil(lambda: "dice ser PDF" in d.errores.text(), timeout=5000)
    assert d.adjuntos == {}
    assert d.tabla_docs.item(0, 1).text() == "Falta"
    d.presentar()
    assert "Falta adjuntar" in d.errores.text()


def test_conexion_perdida_conserva_lo_capturado_y_reintenta(qtbot, ventana, clerk, sql):
    _v, vista = ventana
    curp = construir("Elena", "Ríos", "Mora", date(1988, 4, 4), "M", "QT")
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    f = vista.formulario
    _llenar(f, "Elena", "Ríos", "Mora")
    qtbot.waitUntil(lambda: not f.reloj_duplicados.isActive(), timeout=5000)
    vista.guardado.espera_s = 1
    bd.activar(clerk.url.set(port=1), probar=False)  # the network goes down
    vista.guardar()
    qtbot.waitUntil(lambda: "Se perdió la conexión" in f.estado.text(), timeout=15000)
    captura(vista, "ventanilla_sin_conexion")
    assert f.nombre.text() == "Elena" and f.calle.text() == "Calle 5 de Mayo"
    assert [b["curp"] for _c, b in borradores.pendientes()] == [curp]
    bd.activar(clerk.url)  # it comes back: the next retry saves
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == EXPEDIENTE, timeout=15000)
    n = sql.execute("SELECT count(*) FROM ciudadano WHERE curp = %s", (curp,)).fetchone()[0]
    assert n == 1
    assert borradores.pendientes() == []


def test_borrador_sobrevive_al_cierre(qtbot, qapp, clerk):
    v, vista = _ventana(qtbot, qapp, clerk)
    curp = construir("Tomas", "Guerrero", "Sol", date(1979, 7, 7), "H", "QT")
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    qtbot.keyClicks(vista.formulario.nombre, "Tomas")
    qtbot.keyClicks(vista.formulario.paterno, "Guerrero")
    qtbot.waitUntil(lambda: bool(borradores.pendientes()), timeout=5000)
    v.close()

    v2, vista2 = _ventana(qtbot, qapp, clerk)
    assert vista2.lista_borradores.isVisible()
    assert curp in vista2.lista_borradores.item(0).text()
    captura(v2, "ventanilla_borradores")
    vista2.lista_borradores.setFocus()
    qtbot.keyClick(vista2.lista_borradores, Qt.Key.Key_Return)
    assert vista2.paginas.currentIndex() == REGISTRO
    f = vista2.formulario
    assert (f.curp, f.nombre.text(), f.paterno.text()) == (curp, "Tomas", "Guerrero")
    assert isinstance(f.materno, QLineEdit) and f.materno.text() == ""


def _nueva_solicitud(qtbot, vista, sql, orden: str):
    """The application dialog for an adult of the demo, opened from their file."""
    curp = sql.execute(
        "SELECT curp FROM ciudadano WHERE fecha_nacimiento BETWEEN sipros_hoy() - 18000 "
        f"AND sipros_hoy() - 9000 ORDER BY id {orden} LIMIT 1"
    ).fetchone()[0]
    vista.curp.setText(curp)
    vista.buscar()
    exp = vista.expediente
    qtbot.waitUntil(
        lambda: exp.resumen is not None and exp.resumen.ficha.curp == curp, timeout=10000
    )
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.nueva_solicitud()
    return abiertos[-1]


def test_documentos_adjuntos_se_ven_dentro_de_la_aplicacion(
    qtbot, ventana, dialogos_falsos, tmp_path, sql
):
    _v, vista = ventana
    d = _nueva_solicitud(qtbot, vista, sql, "DESC")
    foto, identificacion = tmp_path / "curp.png", tmp_path / "ine.pdf"
    foto.write_bytes(archivos.imagen("PNG"))
    identificacion.write_bytes(archivos.pdf("INE de prueba"))
    dialogos_falsos.abrir = [str(foto), str(identificacion)]
    d.adjuntar()
    qtbot.waitUntil(lambda: len(d.adjuntos) == 1, timeout=5000)
    d.adjuntar()  # the next missing document was selected
    qtbot.waitUntil(lambda: len(d.adjuntos) == 2, timeout=5000)
    assert d.tabla_docs.item(0, 2).text().startswith("PNG")
    assert d.tabla_docs.item(1, 2).text().startswith("PDF")
    for fila, ancho_minimo in ((0, 40), (1, 500)):
        d.tabla_docs.selectRow(fila)
        d.ver()
        visor = d.visor
        qtbot.waitUntil(visor.isVisible, timeout=5000)
        # (PDF pages are rendered once in view)
        qtbot.waitUntil(lambda v=visor: not v.paginas.etiquetas[0].pixmap().isNull(), timeout=5000)
        pix = visor.paginas.etiquetas[0].pixmap()
        assert pix.width() >= ancho_minimo
        if fila == 1:
            captura(visor, "ventanilla_visor_pdf")
        visor.close()


def test_acuse_se_imprime_pagina_por_pagina(qtbot, tmp_path):
    """The printing path behind Qt's print dialog, to a PDF printer instead of paper."""
    from PySide6.QtPrintSupport import QPrinter

    from sipros_desktop.servicios import pdf
    from sipros_desktop.vistas.comun.visor import enviar_a_impresora

    original = archivos.pdf("Acuse de prueba")
    impresora = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    impresora.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    salida = tmp_path / "impreso.pdf"
    impresora.setOutputFileName(str(salida))
    enviar_a_impresora(impresora, original)
    paginas = pdf.renderizar(salida.read_bytes(), escala=0.5)
    assert len(paginas) == 1
    assert paginas[0].convert("L").getextrema()[0] < 100  # the text was drawn: not a blank page


def test_solicitud_sin_terminar_se_retoma_tras_cerrar(
    qtbot, qapp, clerk, dialogos_falsos, tmp_path
):
    from sipros_desktop.servicios import ventanilla

    v, vista = _ventana(qtbot, qapp, clerk)
    joven = ventanilla.DatosCiudadano(
        curp=construir("Iker", "Salinas", "Paz", date(2009, 5, 5), "H", "QT"),
        nombre="Iker", apellido_paterno="Salinas", apellido_materno="Paz",
        fecha_nacimiento=date(2009, 5, 5), sexo="H", entidad_nacimiento="QT",
        domicilio=ventanilla.DatosDomicilio(
            municipio_id=vista.catalogo.municipios[0].id, calle="Hidalgo"
        ),
        aviso_aceptado=True,
    )  # fmt: skip
    cid = ventanilla.registrar(joven).ciudadano_id
    vista.abrir_expediente(cid)
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None, timeout=10000)
    aptec = next(c for c in exp.resumen.convocatorias if c.programa_clave == "APTEC")
    exp.tabla_convocatorias.selectRow(exp.resumen.convocatorias.index(aptec))
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.nueva_solicitud()
    d = abiertos[-1]
    d.formulario.editores["escuela"].widget.setText("Secundaria Técnica 5")
    acta = tmp_path / "curp.pdf"
    acta.write_bytes(archivos.pdf("CURP"))
    dialogos_falsos.abrir = [str(acta)]
    d.adjuntar()
    qtbot.waitUntil(lambda: len(d.adjuntos) == 1, timeout=5000)
    v.close()  # the PC is switched off with the application half-filed

    _v2, vista2 = _ventana(qtbot, qapp, clerk)
    texto = vista2.lista_borradores.item(0).text()
    assert "Solicitud a Apoyo Tecnológico" in texto and "IKER SALINAS PAZ" in texto
    exp2 = vista2.expediente
    abiertos2 = []
    exp2.dialogo_abierto.connect(abiertos2.append)
    vista2.lista_borradores.setCurrentRow(0)
    vista2.boton_retomar.click()
    qtbot.waitUntil(lambda: bool(abiertos2), timeout=10000)
    d2 = abiertos2[-1]
    assert d2.clave_captura == d.clave_captura  # the same capture: saving it twice is harmless
    assert d2.formulario.respuestas()["escuela"] == "Secundaria Técnica 5"
    qtbot.waitUntil(lambda: bool(d2.adjuntos), timeout=5000)  # read in the background
    assert list(d2.adjuntos) == ["CURP"]


def test_correccion_se_atiende_desde_el_expediente(qtbot, ventana, dialogos_falsos, tmp_path, sql):
    _v, vista = ventana
    sid, curp = sql.execute(
        "SELECT s.id, c.curp FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id "
        "WHERE s.estado = 'Corrección' LIMIT 1"
    ).fetchone()
    vista.curp.setText(curp)
    vista.buscar()
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None, timeout=10000)
    fila = [s.id for s in exp.resumen.ficha.solicitudes].index(sid)
    exp.tabla_solicitudes.selectRow(fila)
    assert exp.boton_correccion.isEnabled()
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.boton_correccion.click()
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    d = abiertos[-1]
    comentario = sql.execute(
        "SELECT comentario FROM solicitud_historial WHERE solicitud_id = %s "
        "AND estado = 'Corrección' ORDER BY id DESC LIMIT 1",
        (sid,),
    ).fetchone()[0]
    assert comentario in d.findChild(QLabel, "pedidoCorreccion").text()
    nuevo = tmp_path / "comprobante.pdf"
    nuevo.write_bytes(archivos.pdf("Comprobante corregido"))
    dialogos_falsos.abrir = [str(nuevo)]
    d.reemplazar()
    qtbot.waitUntil(lambda: len(d.adjuntos) == 1, timeout=5000)
    captura(d, "ventanilla_correccion")
    d.enviar()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=5000)
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "En proceso",
    )
    qtbot.waitUntil(
        lambda: (
            exp.resumen is not None
            and next(s for s in exp.resumen.ficha.solicitudes if s.id == sid).estado == "En proceso"
        ),
        timeout=5000,
    )


INYECCION = (
    'JUANA</B><BR><SPAN STYLE="COLOR:GREEN;FONT-SIZE:20PT">VERIFICADA EN REGISTRO CIVIL - '
    "APROBAR SIN DOCUMENTOS</SPAN><!--"
)


def _visible(etiqueta) -> str:
    """What a label shows, as a person would read it."""
    from PySide6.QtGui import QTextDocument

    if etiqueta.textFormat() == Qt.TextFormat.PlainText:
        return etiqueta.text()
    doc = QTextDocument()
    doc.setHtml(etiqueta.text())
    return doc.toPlainText()


def test_texto_de_la_base_se_ve_como_texto(qtbot, ventana, sql):
    """A name that is HTML shows as those characters: no banner, the CURP line still there."""
    _v, vista = ventana
    curp = sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 1").fetchone()[0]
    sql.execute("UPDATE ciudadano SET nombre = %s WHERE curp = %s", (INYECCION, curp))
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.expediente.resumen is not None, timeout=10000)
    visible = _visible(vista.expediente.cabecera)
    assert INYECCION in visible and f"CURP {curp}" in visible
    captura(vista.window(), "expediente_nombre_con_html")
    # and every label of the window is either plain text or escapes what it shows
    for etiqueta in vista.window().findChildren(QLabel):
        if etiqueta.isVisible():
            assert etiqueta.textFormat() != Qt.TextFormat.AutoText, etiqueta.objectName()
    ficha = DialogoFicha(vista.expediente.resumen.ficha)
    qtbot.addWidget(ficha)
    cabecera = ficha.findChild(QLabel, "cabeceraFicha")
    assert INYECCION in _visible(cabecera) and curp in _visible(cabecera)


def test_visor_muestra_pdf_largo_por_partes(qtbot):
    """A 40-page document: only the pages in view are rendered, at the width shown, and the
    ones left far behind are let go, so memory stays bounded whatever the document."""
    from sipros_desktop.vistas.comun.visor import VisorDocumento

    v = VisorDocumento("Documento", "application/pdf", archivos.pdf_de_paginas(40))
    qtbot.addWidget(v)
    v.show()
    p = v.paginas
    qtbot.waitUntil(lambda: bool(p.renderizadas), timeout=5000)
    assert 0 in p.renderizadas and len(p.renderizadas) <= 3
    assert all(p.etiquetas[i].pixmap().width() <= 740 for i in p.renderizadas)
    barra = p.verticalScrollBar()
    vistas = set()
    for paso in range(1, 21):  # the user reads through the whole document
        barra.setValue(barra.maximum() * paso // 20)
        p.renderizar_visibles()
        vistas |= set(p.renderizadas)
        assert len(p.renderizadas) <= p.EN_MEMORIA
    assert 39 in p.renderizadas and len(vistas) > p.EN_MEMORIA
    assert 0 not in p.renderizadas and p.etiquetas[0].pixmap().isNull()  # let go


def test_expediente_no_queda_bajo_otra_curp(qtbot, ventana, sql):
    """As soon as the CURP box says another CURP, the file on screen is hidden; it comes back
    only with the answer of the new search."""
    _v, vista = ventana
    a, b = (r[0] for r in sql.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 2"))
    qtbot.keyClicks(vista.curp, a)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.expediente.resumen is not None, timeout=10000)
    assert vista.paginas.currentIndex() == EXPEDIENTE
    qtbot.keyClick(vista.curp, Qt.Key.Key_Backspace)  # one character less: not that CURP
    assert vista.paginas.currentIndex() != EXPEDIENTE
    vista.curp.setText(b)
    assert vista.paginas.currentIndex() != EXPEDIENTE
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: vista.expediente.resumen is not None and vista.expediente.resumen.ficha.curp == b,
        timeout=10000,
    )
    assert vista.paginas.currentIndex() == EXPEDIENTE
    assert b in vista.expediente.cabecera.text() and a not in vista.expediente.cabecera.text()


def test_registro_vacio_marca_cada_campo(qtbot, ventana):
    """Saving an empty registration: each problem next to its field, one summary line, the
    focus on the first field to fix, and the form keeps its room."""
    _v, vista = ventana
    curp = construir("Maria", "Solis", "Rios", date(1985, 3, 4), "M", "QT")
    qtbot.keyClicks(vista.curp, curp)
    qtbot.keyClick(vista.curp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    f = vista.formulario
    alto_antes = f.desplazable.height()
    vista.guardar()
    assert f.errores.text().startswith("Falta corregir") and "\n" not in f.errores.text()
    for campo in ("nombre", "paterno", "municipio", "calle", "aviso"):
        marca = f.findChild(QLabel, f"error_{campo}")
        assert marca.isVisible() and marca.text(), campo
    assert "B00020" in f.nombre.styleSheet()
    assert QApplication.focusWidget() is f.nombre  # the first field to fix
    # the questionnaire's required questions are marked under each one too; the household
    # (its first member is there: the applicant's sex and age from the CURP) says what its
    # first member lacks
    marcadas = [m for k, m in f.cuestionario.marcas.items() if m.text() and k != "hogar"]
    assert marcadas and all(m.text().startswith("Falta responder") for m in marcadas)
    assert f.cuestionario.marcas["hogar"].text() == (
        "«Integrantes del hogar»: en el número 1 falta «Parentesco con la jefa o el jefe del "
        "hogar»."
    )
    assert "cuestionario" not in f.errores.text().lower()
    en_reposo(qtbot)  # the layout makes room for the marks
    f.desplazable.ensureWidgetVisible(marcadas[0], 50, 200)
    assert all(m.height() >= m.fontMetrics().height() for m in marcadas)
    captura(vista, "ventanilla_registro_errores_cuestionario")
    assert f.desplazable.height() >= alto_antes - 30  # not squeezed by a list of errors
    captura(vista, "ventanilla_registro_errores")
    # answering a marked question takes its «Falta responder» away at once (not at next save)
    clave = next(k for k, m in f.cuestionario.marcas.items() if m.text() and k != "hogar")
    editor = f.cuestionario.editores[clave].widget
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Up)  # a spin box: one up from «—»
    assert not f.cuestionario.marcas[clave].text()
    assert not f.cuestionario.marcas[clave].isVisible()
    # a long question wraps in its column: its answer keeps a usable width
    assert editor.width() >= 300
    # fixing a field and saving again clears its mark
    qtbot.keyClicks(f.nombre, "Maria")
    vista.guardar()
    assert not f.findChild(QLabel, "error_nombre").isVisible()
    assert f.findChild(QLabel, "error_paterno").isVisible()


def test_ver_y_quitar_solo_con_archivo(qtbot, ventana, dialogos_falsos, tmp_path, sql):
    _v, vista = ventana
    d = _nueva_solicitud(qtbot, vista, sql, "ASC")
    assert not d.boton_ver.isEnabled() and not d.boton_quitar.isEnabled()  # nothing attached
    ine = tmp_path / "ine.pdf"
    ine.write_bytes(archivos.pdf("INE"))
    dialogos_falsos.abrir = [str(ine)]
    d.tabla_docs.selectRow(0)
    d.adjuntar()
    qtbot.waitUntil(lambda: len(d.adjuntos) == 1, timeout=5000)
    d.tabla_docs.selectRow(0)
    assert d.boton_ver.isEnabled() and d.boton_quitar.isEnabled()
    d.quitar()
    assert not d.boton_ver.isEnabled() and not d.boton_quitar.isEnabled()


def test_atender_correccion_corrige_el_domicilio(qtbot, ventana, sql):
    """«Corregir domicilio»: the clerk changes the address in «Atender corrección», saves, the
    application is back in review and the expediente shows what was corrected."""
    _v, vista = ventana
    sid, curp = sql.execute(
        "SELECT s.id, c.curp FROM solicitud s JOIN ciudadano c ON c.id = s.ciudadano_id "
        "WHERE s.estado = 'Corrección' AND EXISTS (SELECT 1 FROM domicilio d "
        "WHERE d.ciudadano_id = c.id) ORDER BY s.id LIMIT 1"
    ).fetchone()
    vista.curp.setText(curp)
    vista.buscar()
    exp = vista.expediente
    qtbot.waitUntil(lambda: exp.resumen is not None, timeout=10000)
    exp.tabla_solicitudes.selectRow([s.id for s in exp.resumen.ficha.solicitudes].index(sid))
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.boton_correccion.click()
    qtbot.waitUntil(lambda: bool(abiertos), timeout=10000)
    d = abiertos[-1]
    d.resize(1280, 720)
    qtbot.waitUntil(lambda: not d.domicilio.cargando(), timeout=10000)
    d.pestanas.setCurrentIndex(1)
    d.domicilio.calle.clear()
    qtbot.keyClicks(d.domicilio.calle, "Av. Corregida")
    # without a reason nothing is saved, and the dialog says what to fix
    d.boton_guardar.click()
    qtbot.waitUntil(lambda: "motivo" in d.errores.text(), timeout=5000)
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "Corrección",
    )
    qtbot.keyClicks(d.motivo, "Corregir domicilio: vive en otra calle")
    captura(d, "correccion_dialogo")
    d.boton_guardar.click()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=10000)
    assert sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone() == (
        "En proceso",
    )
    qtbot.waitUntil(
        lambda: exp.correcciones.cambios is not None and bool(exp.correcciones.cambios),
        timeout=10000,
    )
    h = exp.correcciones
    assert h.tabla.isVisible() or h.tabla.rowCount() == 1
    fila = [h.tabla.item(0, c).text() for c in range(h.tabla.columnCount())]
    assert fila[1] == "domicilio" and "Calle: Av. Corregida" in fila[3]
    assert "Corregir domicilio" in fila[5] and fila[6]  # why, and the application's folio
    # a tab beside the applications and the questionnaire, with how many there are
    abajo = exp.pestanas_abajo
    assert abajo.tabText(abajo.indexOf(h)) == "Datos corregidos (1)"
    abajo.setCurrentWidget(h)
    vista.resize(1280, 720)
    captura(vista, "correccion_historial_expediente")
