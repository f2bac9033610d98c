"""Ventanilla → Brigada with real widgets (pytest-qt, offscreen) as a front-desk clerk of the
demo database: the kit downloaded online; a registration and an application captured with the
server unreachable (the engine pointed at a closed port, and no ``bd.sesion`` at all), the
acuse saved and printed; the synchronisation and its summary with the real folio; conflicts
shown, refused without a note and resolved with one; a kit of another user and a journal
edited by hand."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QPushButton

from sipros_desktop.servicios import brigada, documentos, pdf, ventanilla
from sipros_desktop.servicios.curp import construir
from sipros_desktop.vistas.ventanilla.brigada import (
    PAQUETE,
    POR_REVISAR,
    POR_SINCRONIZAR,
    REGISTRAR,
    SOLICITUD,
)
from tests import archivos
from tests.servicios.test_ventanilla import datos_nuevos, respuestas_cuis
from tests.vistas.ayudas import en_reposo, ventana_principal

CAPTURAS = os.environ.get("SIPROS_CAPTURAS_PRUEBAS")


def _fotos(ventana, nombre: str) -> None:
    """The main window at the offices' two screen sizes (to look at them)."""
    if not CAPTURAS:
        return
    Path(CAPTURAS).mkdir(parents=True, exist_ok=True)
    for ancho, alto in ((1280, 720), (1920, 1080)):
        ventana.resize(ancho, alto)
        for _ in range(3):
            ventana.layout().activate()
            QCoreApplication.processEvents()
        ventana.grab().save(str(Path(CAPTURAS) / f"{nombre}_{ancho}x{alto}.png"))
    ventana.resize(1280, 720)


def _panel(qtbot, qapp, cuenta):
    v = ventana_principal(qtbot, qapp, cuenta, "ventanilla", tamano=(1280, 720))
    vista = v.vistas["ventanilla"]
    qtbot.waitUntil(lambda: vista.listo, timeout=10000)
    assert vista.boton_brigada.isVisible() and vista.boton_brigada.text() == "&Brigada"
    qtbot.mouseClick(vista.boton_brigada, Qt.MouseButton.LeftButton)
    assert vista.en_brigada() and vista.boton_brigada.text() == "&Volver a la ventanilla"
    return v, vista, vista.brigada


def _tarun(sql) -> tuple[int, int]:
    conv = sql.execute(
        "SELECT c.id FROM convocatoria c JOIN programa p ON p.id = c.programa_id "
        "WHERE p.clave = 'TARUN' AND c.abierta ORDER BY c.id LIMIT 1"
    ).fetchone()[0]
    municipio = sql.execute("SELECT id FROM municipio WHERE clave = '22014'").fetchone()[0]
    return conv, municipio


def _marcar(lista, ident: int) -> None:
    for i in range(lista.count()):
        if lista.item(i).data(Qt.ItemDataRole.UserRole) == ident:
            lista.item(i).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{ident} no está en la lista")


def _descargar(qtbot, panel, conv: int, municipio: int, dias: int = 10) -> brigada.Kit:
    paq = panel.paquete
    panel.pestanas.setCurrentIndex(PAQUETE)
    qtbot.waitUntil(lambda: paq.convocatorias.count() > 0 and paq.municipios.count() > 0,
                    timeout=10000)  # fmt: skip
    _marcar(paq.convocatorias, conv)
    paq.filtro.setText("queretaro")
    ocultos = [paq.municipios.item(i) for i in range(paq.municipios.count())
               if paq.municipios.item(i).isHidden()]  # fmt: skip
    assert ocultos and municipio not in [o.data(Qt.ItemDataRole.UserRole) for o in ocultos]
    _marcar(paq.municipios, municipio)
    paq.dias.setValue(dias)
    qtbot.mouseClick(paq.boton_descargar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.kit is not None, timeout=20000)
    return panel.kit


def _adjuntar_todo(qtbot, d, dialogos_falsos, tmp_path) -> None:
    for i, tipo in enumerate(d.conv.documentos_requeridos):
        p = tmp_path / f"doc{i}.pdf"
        p.write_bytes(archivos.pdf(f"Documento {i}"))
        dialogos_falsos.abrir = [str(p)]
        d.errores.clear()
        d.tabla_docs.selectRow(i)
        qtbot.mouseClick(d.boton_adjuntar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda t=tipo: t in d.adjuntos or bool(d.errores.text()), timeout=5000)
        assert not d.errores.text(), d.errores.text()


def test_paquete_registro_y_solicitud_sin_conexion_luego_sincroniza(
    qtbot, qapp, clerk, personal, sql, dialogos_falsos, tmp_path, sin_base
):
    cortar, volver = sin_base
    v, vista, panel = _panel(qtbot, qapp, clerk)
    assert panel.pestanas.currentIndex() == PAQUETE  # no kit yet: download it first
    assert "Sin paquete" in panel.estado.text()
    conv, municipio = _tarun(sql)
    kit = _descargar(qtbot, panel, conv, municipio, dias=10)
    assert [c["id"] for c in kit.convocatorias] == [conv]
    assert [m["clave"] for m in kit.municipios] == ["22014"]
    assert "Querétaro" in panel.estado.text() and "1 convocatoria ·" in panel.estado.text()
    assert "KB" in panel.paquete.tamano.text()
    assert "Paquete descargado" in panel.paquete.mensaje.text()
    assert 9 <= (kit.vence - kit.creado).days <= 10
    _fotos(v, "brigada_paquete")
    # every tab fits the smallest office screen
    for i in range(panel.pestanas.count()):
        panel.pestanas.setCurrentIndex(i)
        assert v.minimumSizeHint().width() <= 1280, panel.pestanas.tabText(i)

    # --- in the field: the server cannot be reached, and nothing asks it
    abiertas = cortar(clerk)
    panel.pestanas.setCurrentIndex(REGISTRAR)
    reg = panel.registro
    nacimiento = date(1990, 5, 12)
    curp = construir("Rosa Elena", "Hernandez", "Olvera", nacimiento, "M", "QT")
    reg.curp.setText(curp)
    reg.buscar()
    assert reg.paginas.currentIndex() == 1
    f = reg.formulario
    f.nombre.setText("Rosa Elena")
    f.paterno.setText("Hernandez")
    f.materno.setText("Olvera")
    f.municipio.setCurrentIndex(f.municipio.findData(municipio))
    # the localities and colonias come from the kit
    qtbot.waitUntil(lambda: f.colonia.count() > 1, timeout=5000)
    f.colonia.setCurrentIndex(1)
    assert f.cp.text()  # the colonia's postal code
    f.calle.setText("Camino a la Sierra")
    f.num_ext.setText("7")
    f.telefono.setText("4411234567")
    f.cuestionario.fijar(respuestas_cuis(nacimiento, "M"))
    # an empty answer is marked next to its field, as at the office
    qtbot.mouseClick(f.boton_guardar, Qt.MouseButton.LeftButton)
    assert "aviso" in f.errores.text() or "Falta corregir" in f.errores.text()
    assert f._marcas["aviso"].isVisible()
    f.aviso.setChecked(True)
    qtbot.waitUntil(lambda: not f.reloj_duplicados.isActive(), timeout=3000)
    assert not f.aviso_parecido.isVisible()  # nobody with this name and birth date
    f.desplazable.verticalScrollBar().setValue(0)
    _fotos(v, "brigada_registrar")
    qtbot.mouseClick(f.boton_guardar, Qt.MouseButton.LeftButton)
    assert not f.errores.text(), f.errores.text()
    # registered in the journal: on to «Solicitud» with the person chosen
    assert panel.pestanas.currentIndex() == SOLICITUD
    sol = panel.solicitud
    assert sol.persona is not None and sol.persona.curp == curp
    assert "ROSA ELENA HERNANDEZ OLVERA" in sol.solicitante.text()
    fila = next(i for i, c in enumerate(sol.convs) if c.id == conv)
    assert sol.convs[fila].elegible
    assert sol.tabla.item(fila, 3).text().startswith("Puede solicitar")
    sol.tabla.selectRow(fila)
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    qtbot.mouseClick(sol.boton_solicitud, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=5000)
    d = abiertos[-1]
    assert d.boton_presentar.text().startswith("Guardar e imprimir acuse")
    assert not d.boton_expediente.isVisible()
    # a missing document is said, nothing written
    qtbot.mouseClick(d.boton_presentar, Qt.MouseButton.LeftButton)
    assert "Falta adjuntar" in d.errores.text() and d.registro is None
    _adjuntar_todo(qtbot, d, dialogos_falsos, tmp_path)
    assert len(d.adjuntos) == 3
    if CAPTURAS:
        d.grab().save(str(Path(CAPTURAS) / "brigada_solicitud_dialogo.png"))
    acuse = tmp_path / "acuse.pdf"
    dialogos_falsos.archivo = str(acuse)
    qtbot.mouseClick(d.boton_presentar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogos_falsos.impresiones), timeout=15000)
    provisional = d.registro["folio_provisional"]
    assert provisional.startswith(f"BR-{kit.corto}-")
    assert acuse.read_bytes() == dialogos_falsos.impresiones[0]
    texto = pdf.texto(acuse.read_bytes())
    assert provisional in texto and "ROSA ELENA" in texto
    assert provisional in sol.mensaje.text()
    # the call is no longer offered to her
    assert not sol.convs[fila].elegible and provisional in sol.convs[fila].motivo
    _fotos(v, "brigada_solicitud")
    panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar (2)"
    diario = panel.diario
    assert diario.tabla.rowCount() == 2
    assert [diario.tabla.item(i, 5).text() for i in range(2)] == ["Pendiente", "Pendiente"]
    assert diario.tabla.item(1, 4).text() == provisional
    _fotos(v, "brigada_por_sincronizar")
    en_reposo(qtbot)
    assert abiertas == [], "la brigada sin conexión abrió sesiones de la base"
    assert not dialogos_falsos.errores, dialogos_falsos.errores
    # «Sincronizar» without the server: said, everything kept
    qtbot.mouseClick(diario.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: diario.boton_sincronizar.isEnabled(), timeout=20000)
    assert "No se alcanzó el servidor" in diario.mensaje.text()
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar (2)"

    # --- back at the office
    volver(personal, clerk)
    qtbot.mouseClick(diario.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) >= 2, timeout=30000)
    resumen = abiertos[-1]
    assert "Registrados: 1" in resumen.cifras.text()
    assert "Solicitudes presentadas: 1" in resumen.cifras.text()
    assert "Conflictos por revisar: 0" in resumen.cifras.text()
    real = sql.execute(
        "SELECT s.folio FROM solicitud s JOIN brigada_captura b ON b.solicitud_id = s.id "
        "WHERE b.folio_provisional = %s",
        (provisional,),
    ).fetchone()[0]
    assert resumen.folios.rowCount() == 1
    assert (resumen.folios.item(0, 0).text(), resumen.folios.item(0, 1).text()) == (
        provisional,
        real,
    )
    assert real in diario.mensaje.text()
    if CAPTURAS:
        resumen.grab().save(str(Path(CAPTURAS) / "brigada_resumen.png"))
    resumen.accept()
    assert (
        sql.execute(
            "SELECT count(*) FROM documento d JOIN solicitud s ON s.id = d.solicitud_id "
            "WHERE s.folio = %s",
            (real,),
        ).fetchone()[0]
        == 3
    )
    # everything applied: the journal was archived, nothing left to send
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar"
    assert diario.tabla.rowCount() == 0
    assert not dialogos_falsos.errores, dialogos_falsos.errores
    # back to the counter
    qtbot.mouseClick(vista.boton_brigada, Qt.MouseButton.LeftButton)
    assert not vista.en_brigada() and vista.boton_brigada.text() == "&Brigada"


def _conflicto_de_curp(qtbot, qapp, clerk, personal, sql):
    """A kit, one person registered offline with one application, and the same CURP
    registered at the office meanwhile."""
    conv, municipio = _tarun(sql)
    brigada.descargar_kit([conv], [municipio], 5)
    kit = brigada.kit_actual()
    datos = datos_nuevos(nombre="Juana", paterno="Ramirez", materno="Luna",
                         nacimiento=date(1985, 1, 20))  # fmt: skip
    r = brigada.registrar(kit, datos)
    persona = brigada.persona_de_registro(r)
    c = next(x for x in brigada.convocatorias(kit, persona) if x.id == conv)
    docs = [documentos.preparar(f"{t}.pdf", archivos.pdf(t), t)
            for t in c.documentos_requeridos]  # fmt: skip
    s = brigada.presentar(kit, persona, conv, c.tipos[0].id, {}, docs)
    otra = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(otra)
    oficina = ventanilla.registrar(datos_nuevos(nombre="Juana", paterno="Ramirez", materno="Luna",
                                                nacimiento=date(1985, 1, 20)))  # fmt: skip
    personal.activar_como(clerk)
    return datos.curp, s["folio_provisional"], oficina.ciudadano_id


def test_conflicto_se_muestra_y_se_resuelve_con_nota(
    qtbot, qapp, clerk, personal, sql, dialogos_falsos
):
    curp, provisional, cid = _conflicto_de_curp(qtbot, qapp, clerk, personal, sql)
    v, _vista, panel = _panel(qtbot, qapp, clerk)
    assert panel.pestanas.currentIndex() == REGISTRAR  # a valid kit: ready to register
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar (2)"
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
    qtbot.mouseClick(panel.diario.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=30000)
    resumen = abiertos[-1]
    assert "Registrados: 0" in resumen.cifras.text()
    assert "Conflictos por revisar: 1" in resumen.cifras.text()
    assert "Esperan la revisión de su registro: 1" in resumen.cifras.text()
    qtbot.mouseClick(resumen.findChild(QPushButton, "irARevisar"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert panel.pestanas.currentIndex() == POR_REVISAR
    assert panel.pestanas.tabText(POR_REVISAR) == "Por revisar (1)"
    rev = panel.revision
    assert rev.tabla.rowCount() == 1 and curp in rev.tabla.item(0, 2).text()
    assert f"La CURP {curp} se registró mientras la brigada estaba en campo" in rev.motivo.text()
    assert rev.motivo.textFormat() == Qt.TextFormat.PlainText
    visibles = [k for k, b in rev.acciones.items() if b.isVisibleTo(rev)]
    assert visibles == ["usar_expediente", "descartar"]
    # without a note nothing is decided
    qtbot.mouseClick(rev.acciones["usar_expediente"], Qt.MouseButton.LeftButton)
    assert "nota" in rev.mensaje.text()
    assert panel.pestanas.tabText(POR_REVISAR) == "Por revisar (1)"
    rev.nota.setPlainText("Es la misma persona: se registró en la oficina el martes.")
    _fotos(v, "brigada_por_revisar")
    qtbot.mouseClick(rev.acciones["usar_expediente"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Decisión anotada" in rev.mensaje.text(), timeout=10000)
    assert rev.tabla.rowCount() == 0 and panel.pestanas.tabText(POR_REVISAR) == "Por revisar"
    # the next sync files the application on the file registered at the office
    n = len(abiertos)
    panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar (1)"
    qtbot.mouseClick(panel.diario.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(abiertos) > n, timeout=30000)
    resumen = abiertos[-1]
    assert "Solicitudes presentadas: 1" in resumen.cifras.text()
    real = resumen.folios.item(0, 1).text()
    assert resumen.folios.item(0, 0).text() == provisional
    assert sql.execute("SELECT ciudadano_id FROM solicitud WHERE folio = %s",
                       (real,)).fetchone()[0] == cid  # fmt: skip
    assert sql.execute("SELECT count(*) FROM ciudadano WHERE curp = %s", (curp,)).fetchone()[0] == 1
    assert not dialogos_falsos.errores, dialogos_falsos.errores


def test_curp_registrada_y_nombre_parecido_sin_conexion(
    qtbot, qapp, clerk, personal, sql, dialogos_falsos, sin_base
):
    cortar, _volver = sin_base
    conv, municipio = _tarun(sql)
    brigada.descargar_kit([conv], [municipio], 5)
    registrada, nombre, paterno, materno, nacimiento, sexo = sql.execute(
        "SELECT c.curp, c.nombre, c.apellido_paterno, c.apellido_materno, c.fecha_nacimiento, "
        "c.sexo FROM ciudadano c JOIN domicilio d ON d.ciudadano_id = c.id "
        "JOIN municipio m ON m.id = d.municipio_id WHERE m.clave = '22014' "
        "AND c.apellido_materno IS NOT NULL AND c.fecha_nacimiento < '2000-01-01' "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()
    v, _vista, panel = _panel(qtbot, qapp, clerk)
    abiertas = cortar(clerk)
    panel.pestanas.setCurrentIndex(REGISTRAR)
    reg = panel.registro
    # a CURP the kit knows: not registered again, its applications go by CURP
    reg.curp.setText(registrada.lower())
    reg.buscar()
    assert panel.pestanas.currentIndex() == SOLICITUD
    sol = panel.solicitud
    assert sol.curp.text() == registrada and "ya está registrada" in sol.mensaje.text()
    sol.municipio.setCurrentIndex(sol.municipio.findData(municipio))
    qtbot.mouseClick(sol.boton_curp, Qt.MouseButton.LeftButton)
    assert sol.persona is not None and sol.persona.registro is None
    assert any(c.id == conv for c in sol.convs)
    # a CURP that is not in the kit cannot be used as «registered before»
    otra = construir("Pedro", "Nadie", "Nunca", date(1970, 1, 1), "H", "QT")
    sol.curp.setText(otra)
    qtbot.mouseClick(sol.boton_curp, Qt.MouseButton.LeftButton)
    assert sol.persona is None and "regístrela primero" in sol.mensaje.text()
    # someone with the same name and birth date, another CURP: warned, not stopped
    panel.pestanas.setCurrentIndex(REGISTRAR)
    parecida = construir(nombre, paterno, materno, nacimiento, sexo, "NE")
    assert parecida != registrada
    reg.curp.setText(parecida)
    reg.buscar()
    assert reg.paginas.currentIndex() == 1
    f = reg.formulario
    f.nombre.setText(nombre)
    f.paterno.setText(paterno)
    f.materno.setText(materno)
    qtbot.waitUntil(lambda: f.aviso_parecido.isVisible(), timeout=3000)
    assert "ya está registrado" in f.aviso_parecido.text()
    assert f.aviso_parecido.textFormat() == Qt.TextFormat.PlainText
    _fotos(v, "brigada_parecido")
    en_reposo(qtbot)
    assert abiertas == [] and not dialogos_falsos.errores, dialogos_falsos.errores


def test_paquete_de_otro_usuario_y_diario_editado_a_mano(
    qtbot, qapp, clerk, personal, sql, dialogos_falsos
):
    conv, municipio = _tarun(sql)
    # another clerk's kit copied into this clerk's folder: refused, with whose it is
    otra = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(otra)
    brigada.descargar_kit([conv], [municipio], 5)
    ajeno = brigada.carpeta() / "paquete.json"
    personal.activar_como(clerk)
    (brigada.carpeta() / "paquete.json").write_bytes(ajeno.read_bytes())
    _v, _vista, panel = _panel(qtbot, qapp, clerk)
    assert panel.kit is None and panel.pestanas.currentIndex() == PAQUETE
    assert f"es de «{otra.usuario}»" in panel.estado.text()
    assert f"es de «{otra.usuario}»" in panel.paquete.valido.text()
    panel.pestanas.setCurrentIndex(REGISTRAR)
    panel.registro.buscar()
    assert not panel.registro.curp.isEnabled()
    # with this clerk's own kit, a registration; then its line is edited by hand
    kit = _descargar(qtbot, panel, conv, municipio, dias=3)
    assert kit.usuario == clerk.usuario
    brigada.registrar(kit, datos_nuevos(nombre="Marta", paterno="Gomez", materno="Rivas"))
    # the kit expires: deleted, said; what was captured stays to synchronise
    archivo = brigada.carpeta() / "paquete.json"
    contenido = json.loads(archivo.read_text(encoding="utf-8"))
    contenido["vence"] = (kit.creado - timedelta(hours=1)).isoformat()
    archivo.write_text(json.dumps(contenido), encoding="utf-8")
    panel.activar()
    assert panel.kit is None and "venció" in panel.estado.text() and not archivo.exists()
    assert not panel.registro.curp.isEnabled()
    assert panel.pestanas.tabText(POR_SINCRONIZAR) == "Por sincronizar (1)"
    diario = brigada.Diario()
    lineas = diario.ruta.read_text(encoding="utf-8").splitlines()
    r = json.loads(lineas[0])
    r["datos"]["nombre"] = "Martha"
    editado = diario.ruta.with_name("editado.jsonl")  # (an editor saves a new file)
    editado.write_text(json.dumps(r, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(editado, diario.ruta)
    panel.activar()
    abiertos = []
    panel.dialogo_abierto.connect(abiertos.append)
    panel.pestanas.setCurrentIndex(POR_SINCRONIZAR)
    qtbot.mouseClick(panel.diario.boton_sincronizar, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(abiertos), timeout=30000)
    assert "Conflictos por revisar: 1" in abiertos[-1].cifras.text()
    abiertos[-1].accept()
    rev = panel.revision
    assert "se editó a mano" in rev.motivo.text()
    assert [k for k, b in rev.acciones.items() if b.isVisibleTo(rev)] == ["descartar"]
    rev.nota.setPlainText("Se corrigió el nombre a mano; se vuelve a capturar.")
    qtbot.mouseClick(rev.acciones["descartar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Decisión anotada" in rev.mensaje.text(), timeout=10000)
    assert any("Descartar la captura" in p for p in dialogos_falsos.preguntas)
    assert rev.tabla.rowCount() == 0
    assert sql.execute("SELECT count(*) FROM ciudadano WHERE nombre ILIKE 'mart%%a' "
                       "AND apellido_paterno = 'Gomez'").fetchone()[0] == 0  # fmt: skip
    assert not dialogos_falsos.errores, dialogos_falsos.errores


def test_la_captura_sigue_al_cambiar_de_modulo_y_la_sesion_detiene_la_brigada(
    qtbot, qapp, clerk, sql
):
    conv, municipio = _tarun(sql)
    brigada.descargar_kit([conv], [municipio], 5)
    v, vista, panel = _panel(qtbot, qapp, clerk)
    reg = panel.registro
    reg.curp.setText(construir("Ana", "Lopez", "Diaz", date(1992, 2, 2), "M", "QT"))
    reg.buscar()
    reg.formulario.nombre.setText("Ana")
    formulario = reg.formulario
    # to another module and back: the brigade and the capture on screen are still there
    v.ir_a("ciudadanos")
    en_reposo(qtbot)
    v.ir_a("ventanilla")
    assert vista.en_brigada() and reg.formulario is formulario
    assert reg.paginas.currentIndex() == 1 and formulario.nombre.text() == "Ana"
    # the session ends: no timer of the brigade is left running
    formulario.paterno.setText("Lopez")  # (starts the name check's timer)
    assert formulario.reloj_duplicados.isActive()
    v._terminar_modulos()
    assert not any(t.isActive() for t in panel.findChildren(QTimer))
