"""Archivo → Respaldo de la base with real widgets on the embedded PostgreSQL: back up now
(progress), the automatic backup's settings, restore after a confirmation that says what is
replaced, the list of what a restore skipped and why a crafted backup is refused; the menu
only for a state-wide administrator; and Ayuda → Acerca de with the schema version and where
the data lives."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from sipros_desktop import bd
from sipros_desktop.bd import esquema, integrada
from sipros_desktop.servicios import demo, respaldo, seguridad
from sipros_desktop.servicios.sesion import InfoSesion
from sipros_desktop.vistas.principal import VentanaPrincipal
from sipros_desktop.vistas.respaldo import DialogoRespaldo
from tests import respaldos
from tests.vistas.ayudas import captura, ventana_principal


def test_respaldar_y_restaurar_desde_la_ventana(qtbot, qapp, datos_locales, dialogos_falsos):
    try:
        bd.activar(integrada.url_propietario())
        demo.generar(40, 5)
        d = DialogoRespaldo()
        qtbot.addWidget(d)
        d.show()
        assert d.tabla.rowCount() == 0 and not d.boton_restaurar.isEnabled()
        assert d.automatico.isChecked() and d.conservar.value() == respaldo.CONSERVAR
        assert not d.aviso_carpeta.isVisible()  # the app's own folder: 0700
        d.conservar.setValue(3)
        assert respaldo.leer_ajustes()["conservar"] == 3  # kept for this PC
        qtbot.mouseClick(d.boton_respaldar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: d.tabla.rowCount() == 1 and not d.ocupado, timeout=30000)
        assert d.estado.text().startswith("Respaldo guardado: sipros_")
        captura(d, "respaldo")

        # a crafted backup (a planted SECURITY DEFINER function of the superuser) is refused,
        # with the list of what differs
        (r,) = respaldo.respaldos()
        respaldos.alterado(respaldo._superusuario_integrado(), r, [
            "CREATE FUNCTION public.sipros_puerta() RETURNS void LANGUAGE sql SECURITY DEFINER "
            "AS $$ SELECT 1 $$",
        ])  # fmt: skip
        d.recargar()
        assert d.tabla.rowCount() == 2
        d.tabla.selectRow(0)  # the newest: the crafted one
        restaurada = []
        d.restaurada.connect(lambda: restaurada.append(True))
        qtbot.mouseClick(d.boton_restaurar, Qt.MouseButton.LeftButton)
        assert "Antes se revisa el respaldo" in dialogos_falsos.preguntas[-1]
        qtbot.waitUntil(lambda: not d.ocupado, timeout=60000)
        assert "su esquema no es el que crean las migraciones" in d.estado.text()
        assert d.informe.isVisible()
        assert "de más: FUNCTION public sipros_puerta() postgres" in d.informe.toPlainText()
        captura(d, "respaldo_rechazado")
        assert bd.motor().url.username == integrada.PROPIETARIO  # nothing changed: same session
        assert not restaurada

        dialogos_falsos.responder = False  # «no»: nothing happens
        d.tabla.selectRow(1)
        qtbot.mouseClick(d.boton_restaurar, Qt.MouseButton.LeftButton)
        assert "Se reemplazará TODA la base" in dialogos_falsos.preguntas[-1]
        assert not d.ocupado
        dialogos_falsos.responder = True
        qtbot.mouseClick(d.boton_restaurar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: d.reemplazada and not d.ocupado, timeout=60000)
        assert d.estado.text() == "Base restaurada. Inicie sesión de nuevo."
        informe = d.informe.toPlainText()
        assert informe.startswith(f"Esquema del respaldo: {esquema.revision_esperada()}.")
        assert "porque este equipo ya tiene esas cuentas" in informe  # postgres, the owner
        assert not d.boton_respaldar.isEnabled() and not d.boton_restaurar.isEnabled()
        assert d.boton_cerrar.text() == "Cerrar e iniciar sesión"
        captura(d, "respaldo_restaurado")
        assert not restaurada  # the report stays until the dialog is closed
        qtbot.mouseClick(d.boton_cerrar, Qt.MouseButton.LeftButton)
        assert restaurada == [True]  # then the session ends
    finally:
        bd.desactivar()
        integrada.detener()


def test_carpeta_que_otros_pueden_abrir_se_avisa(qtbot, qapp, datos_locales, tmp_path):
    elegida = tmp_path / "compartida"
    elegida.mkdir()
    os.chmod(elegida, 0o755)
    respaldo.guardar_ajustes(True, 7, str(elegida))
    d = DialogoRespaldo()
    qtbot.addWidget(d)
    d.show()
    assert d.aviso_carpeta.isVisible()
    assert "Otros usuarios de este equipo pueden entrar" in d.aviso_carpeta.text()
    assert d.aviso_carpeta.textFormat() == Qt.TextFormat.PlainText
    captura(d, "respaldo_carpeta_compartida")


def _ventana(qtbot, qapp, cuenta) -> VentanaPrincipal:
    info = InfoSesion(cuenta.usuario, "este equipo", esquema.revision_esperada(), True,
                      seguridad.mi_perfil())  # fmt: skip
    v = VentanaPrincipal(info)
    qtbot.addWidget(v)
    return v


def test_menu_respaldo_solo_para_un_administrador_estatal(qtbot, qapp, personal, datos_locales):
    """On the embedded database, Archivo → Respaldo de la base (and the daily backup) exist
    only in a state-wide administrator's session."""
    funcionario = personal.crear(["funcionario"], area="SSDS", alcance="area")
    admin_area = personal.crear(["administrador"], area="SSDS", alcance="area")
    admin_estatal = personal.crear(["administrador"], alcance="estatal")
    for cuenta, ofrecido in ((funcionario, False), (admin_area, False), (admin_estatal, True)):
        personal.activar_como(cuenta)
        v = _ventana(qtbot, qapp, cuenta)
        assert hasattr(v, "accion_respaldo") is ofrecido, cuenta.usuario
        textos = [a.text() for a in v.menuBar().actions()[0].menu().actions()]
        assert ("Respaldo de la base…" in textos) is ofrecido
    personal.activar_como(funcionario)
    v = _ventana(qtbot, qapp, funcionario)
    v.respaldo_automatico()  # not an administrator's session: no automatic backup
    assert not (datos_locales / "respaldos").exists() or not list(
        (datos_locales / "respaldos").iterdir()
    )


def test_acerca_de_dice_version_esquema_y_carpeta(qtbot, qapp, personal, datos_locales):
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta)
    texto = v.texto_acerca_de()
    assert f"Esquema de la base: {esquema.revision_esperada()}" in texto
    assert str(datos_locales) in texto
    assert not hasattr(v, "accion_respaldo")  # not the embedded database: no backup menu
