"""The explicit session (``bd.Contexto``): who acts, what a service says it changed, and that an
ended session acts for nobody — with real staff accounts on the test database."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorDatos, ErrorSesionTerminada
from sipros_desktop.servicios import borradores, solicitudes
from tests.servicios.test_solicitudes import _en_proceso


def test_un_cambio_se_avisa_al_confirmar_y_no_si_falla(personal, sql):
    oficial = personal.crear(["funcionario"], alcance="estatal")
    ctx = bd.Contexto(oficial.url)
    oidos: list[frozenset[str]] = []
    ctx.escuchar(oidos.append)
    ((sid, version, _conv),) = _en_proceso(sql)
    try:
        with bd.usar(ctx):
            solicitudes.dictaminar(sid, version, "Aprobada", "Cumple")
            assert oidos == [frozenset({"solicitudes", "padron"})]
            with pytest.raises(ErrorDatos):  # read at the old version: refused, rolled back
                solicitudes.dictaminar(sid, version, "Rechazada", "otra vez")
        assert len(oidos) == 1  # a refused change is told to nobody
        estado = sql.execute("SELECT estado FROM solicitud WHERE id = %s", (sid,)).fetchone()[0]
        assert estado == "Aprobada"
    finally:
        ctx.cerrar()


def test_una_sesion_cerrada_no_actua_por_nadie(personal, datos_locales):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    otra = personal.crear(["ventanilla"], alcance="estatal")
    personal.activar_como(otra)  # the process's session: someone else's
    ctx = bd.Contexto(cuenta.url)
    ctx.cerrar()
    with bd.usar(ctx):
        with pytest.raises(ErrorSesionTerminada, match=cuenta.usuario), bd.sesion():
            pass
        # a draft is still saved for whoever typed it (it needs no connection)
        borradores.guardar("0abc", {"curp": "X"}, usuario=ctx.usuario)
    assert [c for c, _b in borradores.pendientes(usuario=cuenta.usuario)] == ["0abc"]
    assert borradores.pendientes() == []  # the process's user has none
    with bd.sesion() as s:  # the process's own session goes on
        assert s.execute(text("SELECT current_user")).scalar() == otra.usuario


def test_varios_funcionarios_en_un_proceso(personal, datos_locales):
    """Each thread works in its own session, as its own login role (the concurrency bench and
    the screens' background work rely on it)."""
    cuentas = [personal.crear(["ventanilla"], alcance="estatal") for _ in range(3)]
    contextos = [bd.Contexto(c.url, pool_size=1) for c in cuentas]
    vistos: dict[int, list[str]] = {}
    barrera = threading.Barrier(len(contextos))

    def trabajar(i: int) -> None:
        with bd.usar(contextos[i]):
            barrera.wait(timeout=10)
            quienes = []
            for _ in range(5):
                with bd.sesion() as s:
                    quienes.append(s.execute(text("SELECT current_user")).scalar())
            quienes.append(borradores.carpeta().name)
            vistos[i] = quienes

    hilos = [threading.Thread(target=trabajar, args=(i,)) for i in range(len(contextos))]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=30)
    try:
        for i, c in enumerate(cuentas):
            assert vistos[i] == [c.usuario] * 5 + [c.usuario.lower()]
    finally:
        for ctx in contextos:
            ctx.cerrar()
