"""Archivo → Respaldo de la base with real widgets on the embedded PostgreSQL: back up now
(progress), the automatic backup's settings, restore after a confirmation that says what is
replaced; and Ayuda → Acerca de with the schema version and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sipros_desktop import bd
from sipros_desktop.bd import esquema, integrada
from sipros_desktop.servicios import demo, respaldo
from sipros_desktop.vistas.respaldo import DialogoRespaldo
from tests.vistas.ayudas import captura, ventana_principal


def test_respaldar_y_restaurar_desde_la_ventana(qtbot, qapp, datos_locales, dialogos_falsos):
    try:
        bd.activar(integrada.url_propietario())
        demo.generar(40, 5)
        d = DialogoRespaldo(puede_restaurar=True)
        qtbot.addWidget(d)
        d.show()
        assert d.tabla.rowCount() == 0 and not d.boton_restaurar.isEnabled()
        assert d.automatico.isChecked() and d.conservar.value() == respaldo.CONSERVAR
        d.conservar.setValue(3)
        assert respaldo.leer_ajustes()["conservar"] == 3  # kept for this PC
        qtbot.mouseClick(d.boton_respaldar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: d.tabla.rowCount() == 1 and not d.ocupado, timeout=30000)
        assert d.estado.text().startswith("Respaldo guardado: sipros_")
        captura(d, "respaldo")

        restaurada = []
        d.restaurada.connect(lambda: restaurada.append(True))
        dialogos_falsos.responder = False  # «no»: nothing happens
        qtbot.mouseClick(d.boton_restaurar, Qt.MouseButton.LeftButton)
        assert "Se reemplazará TODA la base" in dialogos_falsos.preguntas[-1]
        assert not d.ocupado
        dialogos_falsos.responder = True
        qtbot.mouseClick(d.boton_restaurar, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(restaurada), timeout=60000)
        assert d.estado.text() == "Base restaurada. Inicie sesión de nuevo."
    finally:
        bd.desactivar()
        integrada.detener()


def test_acerca_de_dice_version_esquema_y_carpeta(qtbot, qapp, personal, datos_locales):
    cuenta = personal.crear(["consulta"], alcance="estatal")
    personal.activar_como(cuenta)
    v = ventana_principal(qtbot, qapp, cuenta)
    texto = v.texto_acerca_de()
    assert f"Esquema de la base: {esquema.revision_esperada()}" in texto
    assert str(datos_locales) in texto
    assert not hasattr(v, "accion_respaldo")  # not the embedded database: no backup menu
