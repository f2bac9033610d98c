"""A session's life in the main window: modules built when first opened, modules that follow
what the session changes, and a logout after which nothing of the session acts — drafts saved
first, no timer left, the window gone before the login appears."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer

from sipros_desktop import bd
from sipros_desktop.servicios import borradores, solicitudes
from sipros_desktop.servicios.curp import construir
from sipros_desktop.vistas.ventanilla.vista import REGISTRO
from tests.servicios.test_solicitudes import _en_proceso
from tests.vistas.ayudas import ventana_principal
from tests.vistas.test_ventanilla import _llenar


def _cerrar_sesion(ventana) -> None:
    archivo = ventana.menuBar().actions()[0].menu()
    next(a for a in archivo.actions() if a.text() == "Cerrar sesión").trigger()


def test_los_modulos_se_crean_al_abrirlos(qtbot, qapp, personal):
    admin = personal.crear(["administrador", "funcionario"], alcance="estatal")
    personal.activar_como(admin)
    v = ventana_principal(qtbot, qapp, admin)
    creadas = set(v.vistas.creadas())
    assert len(creadas) == 1 and v.modulo_actual() in creadas  # only the one on screen
    assert "reportes" in v.vistas and "reportes" not in creadas
    v.ir_a("reportes")
    assert "reportes" in v.vistas.creadas()
    assert v.paginas.currentWidget() is v.vistas["reportes"]


def test_cerrar_sesion_guarda_el_borrador_y_no_deja_nada_vivo(qtbot, qapp, personal, datos_locales):
    clerk = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(clerk)
    v = ventana_principal(qtbot, qapp, clerk, "ventanilla", tamano=(1280, 900))
    vista = v.vistas["ventanilla"]
    qtbot.waitUntil(lambda: vista.listo, timeout=10000)
    curp = construir("Lucia", "Paz", "Ortiz", date(1990, 2, 2), "M", "QT")
    vista.curp.setText(curp)
    vista.buscar()
    qtbot.waitUntil(lambda: vista.paginas.currentIndex() == REGISTRO, timeout=10000)
    _llenar(vista.formulario, "Lucia", "Paz", "Ortiz")
    tecleado = vista.formulario.borrador()["campos"]
    assert vista.reloj_borrador.isActive()  # the last keystrokes are not saved yet
    assert borradores.pendientes(usuario=clerk.usuario) == []

    al_terminar: list[tuple[bool, list[str], list[str]]] = []

    def sesion_cerrada() -> None:  # where the login would appear from
        vivos = [
            type(w).__name__ for w in v.vistas.creadas().values()
            for w in w.findChildren(QTimer) if w.isActive()
        ]  # fmt: skip
        guardados = [b["curp"] for _c, b in borradores.pendientes(usuario=clerk.usuario)]
        al_terminar.append((v.isVisible(), vivos, guardados))
        bd.desactivar()  # the session ends (as the application does next)

    v.sesion_cerrada.connect(sesion_cerrada)
    _cerrar_sesion(v)
    assert al_terminar == [(False, [], [curp])]
    # whatever was due later (the autosave, a duplicate check) finds nothing to do
    qapp.processEvents()
    assert not vista.reloj_borrador.isActive()
    assert [b["campos"] for _c, b in borradores.pendientes(usuario=clerk.usuario)] == [tecleado]


def test_inicio_y_la_bandeja_siguen_un_dictamen_hecho_en_otra_ventana(qtbot, qapp, personal, sql):
    oficial = personal.crear(["funcionario"], alcance="estatal")
    personal.activar_como(oficial)
    ((sid, version, _c),) = _en_proceso(sql)
    v = ventana_principal(qtbot, qapp, oficial, "inicio")
    inicio = v.vistas["inicio"]

    def por_dictaminar() -> int | None:
        t = next((t for t in inicio.tarjetas if t.pendiente.clave == "dictamen"), None)
        return t.pendiente.cantidad if t is not None else None

    qtbot.waitUntil(lambda: bool(por_dictaminar()), timeout=10000)
    antes = por_dictaminar()
    solicitudes.dictaminar(sid, version, "Aprobada", "Cumple")  # as Ver Solicitud does
    qtbot.waitUntil(lambda: por_dictaminar() == antes - 1, timeout=10000)

    # the queue was built before the next one: it counts it without being reopened
    v.ir_a("solicitudes")
    s = v.vistas["solicitudes"]
    qtbot.waitUntil(lambda: s.modelo.total is not None and not s.modelo.cargando, timeout=10000)
    en_proceso = s.modelo.total.get("En proceso", 0)
    ((sid2, version2, _c2),) = _en_proceso(sql)
    solicitudes.dictaminar(sid2, version2, "Rechazada", "No cumple")
    qtbot.waitUntil(
        lambda: s.modelo.total is not None and s.modelo.total.get("En proceso") == en_proceso - 1,
        timeout=10000,
    )
