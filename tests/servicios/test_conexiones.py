"""What one desktop asks of the server: at most two connections while it works, none after a
few idle minutes (reopened on demand), and a Spanish answer with retries when the server has
no slot left — measured in pg_stat_activity, as the server's administrator sees it."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.errores import ErrorServidorOcupado


def _conexiones_de(sql, usuario: str) -> int:
    return sql.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (usuario,)
    ).fetchone()[0]


def _esperar(condicion, segundos: float = 10.0) -> bool:
    fin = time.monotonic() + segundos
    while time.monotonic() < fin:
        if condicion():
            return True
        time.sleep(0.05)
    return condicion()


def test_seis_operaciones_a_la_vez_usan_dos_conexiones(personal, sql):
    oficial = personal.crear(["funcionario"], alcance="estatal")
    ctx = bd.Contexto(oficial.url)
    pico = [0]
    corriendo = threading.Event()
    hechas: list[int] = []

    def operacion(i: int) -> None:
        with bd.usar(ctx), bd.sesion() as s:
            s.execute(text("SELECT pg_sleep(0.3)"))
            hechas.append(i)

    def medir() -> None:
        while corriendo.is_set():
            pico[0] = max(pico[0], _conexiones_de(sql, oficial.usuario))
            time.sleep(0.02)

    corriendo.set()
    medidor = threading.Thread(target=medir)
    medidor.start()
    hilos = [threading.Thread(target=operacion, args=(i,)) for i in range(6)]
    try:
        for h in hilos:
            h.start()
        for h in hilos:
            h.join(timeout=30)
    finally:
        corriendo.clear()
        medidor.join()
        ctx.cerrar()
    assert sorted(hechas) == list(range(6))  # every one ran (they waited their turn)
    assert pico[0] == bd.CONEXIONES_MAX == 2


def test_sin_uso_suelta_la_conexion_y_la_vuelve_a_abrir(personal, sql, monkeypatch):
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    ctx = bd.Contexto(cuenta.url)
    try:
        with bd.usar(ctx), bd.sesion() as s:
            s.execute(text("SELECT 1"))
        assert _conexiones_de(sql, cuenta.usuario) == 1  # kept for the next action
        assert not ctx.soltar_si_inactivo()  # just used: kept
        monkeypatch.setattr(bd, "INACTIVIDAD_S", 0.2)
        time.sleep(0.3)
        ctx.soltar_si_inactivo()  # (the process's watcher may have done it already)
        assert ctx.conexiones() == 0
        assert _esperar(lambda: _conexiones_de(sql, cuenta.usuario) == 0)
        with bd.usar(ctx), bd.sesion() as s:  # the next action: as if nothing happened
            assert s.execute(text("SELECT current_user")).scalar() == cuenta.usuario
        assert _conexiones_de(sql, cuenta.usuario) == 1
    finally:
        ctx.cerrar()


def test_servidor_lleno_reintenta_y_luego_lo_dice(personal, sql, monkeypatch):
    """A role at its connection limit is refused with 53300, as a full server refuses anyone:
    the desktop waits and tries again; if the slot frees it goes on, else it says why."""
    cuenta = personal.crear(["ventanilla"], alcance="estatal")
    with personal.como_propietario() as c:
        c.execute(f'ALTER ROLE "{cuenta.usuario}" CONNECTION LIMIT 1')
    monkeypatch.setattr(bd, "ESPERAS_SERVIDOR_OCUPADO_S", (0.1, 0.2, 0.4, 0.8))
    ocupa = psycopg.connect(bd.dsn(cuenta.url))
    ctx = bd.Contexto(cuenta.url, probar=False)
    try:
        lleno = pytest.raises(ErrorServidorOcupado, match="todas las conexiones que admite")
        with lleno, bd.usar(ctx), bd.sesion() as s:
            s.execute(text("SELECT 1"))
        threading.Timer(0.3, ocupa.close).start()  # the slot frees during the retries
        with bd.usar(ctx), bd.sesion() as s:
            assert s.execute(text("SELECT current_user")).scalar() == cuenta.usuario
    finally:
        ocupa.close()
        ctx.cerrar()


def test_sin_sentencias_preparadas_para_pgbouncer(personal, monkeypatch):
    """psycopg prepares a statement on the server after it ran a few times on a connection.
    Through PgBouncer in transaction mode (before 1.21) the next transaction may run on another
    server connection, where it does not exist («prepared statement "_pg3_0" does not exist»):
    with SIPROS_SIN_PREPARADAS=1 the desktop prepares nothing."""
    cuenta = personal.crear(["ventanilla"], alcance="estatal")

    def preparadas() -> int:
        ctx = bd.Contexto(cuenta.url)
        try:
            with bd.usar(ctx), bd.sesion() as s:
                for i in range(8):  # the same statement, as a screen repeats its query
                    s.execute(text("SELECT 1 + :x"), {"x": i})
                return s.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
        finally:
            ctx.cerrar()

    assert preparadas() >= 1  # (what breaks behind PgBouncer)
    monkeypatch.setenv("SIPROS_SIN_PREPARADAS", "1")
    assert preparadas() == 0
