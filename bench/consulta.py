"""The cost of the limit of look-ups of Consulta ciudadana, as a real consulta account.

A look-up is written down and committed (``sipros_consulta_anotar``: the turn of the staff
member, the count of their window in the bitácora, the row) before it is answered
(``sipros_consulta``). Measured over a bitácora of ``--bitacora`` rows of other staff:

1. writing the look-up down with 59 answered in the window (the last one allowed), rolled back
   each time so the window stays the same; and refused at the limit;
2. the answer alone, and the whole look-up as the application makes it (two transactions);
3. two sessions of the same person at once: look-ups per second and the limit exact.

    python bench/consulta.py [--base sipros_bench_consulta] [--bitacora 1000000] [--n 500]

It uses (and creates, migrates and fills when missing) its own database on the local server.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_consulta_"))

import psycopg

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import demo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles

USUARIOS = ("bench_consulta_1", "bench_consulta_2")


def _propietario(base: str) -> psycopg.Connection:
    return psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True)


def _como(base: str, usuario: str) -> psycopg.Connection:
    url = cuentas.url_base(base).set(username=usuario, password=cuentas.PASSWORD)
    return psycopg.connect(bd.dsn(url), autocommit=True)


def preparar(base: str, filas_bitacora: int) -> None:
    admin = bd.normalizar_url(cuentas.SERVIDOR)
    with psycopg.connect(bd.dsn(admin), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (base,)).fetchone():
            c.execute(f'CREATE DATABASE "{base}"')
    motor = bd.crear_motor(cuentas.url_base(base))
    esquema.actualizar(motor)
    motor.dispose()
    with _propietario(base) as c:
        if c.execute("SELECT count(*) FROM ciudadano").fetchone()[0] == 0:
            bd.activar(cuentas.url_base(base))
            demo.generar(2000, 7)
            bd.desactivar()
        for usuario in USUARIOS:
            if c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (usuario,)).fetchone():
                continue
            if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (usuario,)).fetchone():
                c.execute(f'DROP ROLE "{usuario}"')  # (of an earlier bench database)
            verificador = c.pgconn.encrypt_password(
                cuentas.PASSWORD.encode(), usuario.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, 'Bench consulta', NULL, ARRAY['consulta'], "
                "NULL, NULL, 'estatal', false)",
                (usuario, verificador),
            )
        faltan = filas_bitacora - c.execute("SELECT count(*) FROM bitacora").fetchone()[0]
        if faltan > 0:  # other staff's look-ups and changes, over the last 90 days
            c.execute(
                "INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues) "
                "SELECT now() - random() * interval '90 days', 'otro_' || (i %% 400), "
                "CASE WHEN i %% 3 = 0 THEN 'solicitud' ELSE 'ciudadano' END, "
                "CASE WHEN i %% 3 = 0 THEN 'UPDATE' ELSE 'CONSULTA' END, "
                "'XEXX010101HNEXXXA' || (i %% 10), CASE WHEN i %% 3 = 1 THEN "
                "jsonb_build_object('modulo', 'consulta', 'encontrado', true, "
                "'transaccion', '3') END FROM generate_series(1, %s) i",
                (faltan,),
            )
            c.execute("VACUUM ANALYZE bitacora")


def _ajustar(base: str, limite: int) -> None:
    with _propietario(base) as c:
        c.execute(
            "UPDATE ajuste SET valor = to_jsonb(%s::integer) WHERE clave = 'consulta_limite'",
            (limite,),
        )


def _ventana(base: str, usuario: str, n: int) -> None:
    """``n`` answered look-ups of ``usuario`` in the last minute (the rest of their history is
    older than the window)."""
    with _propietario(base) as c:
        c.execute(
            "INSERT INTO bitacora (fecha, usuario, tabla, operacion, clave, despues) "
            "SELECT clock_timestamp() - interval '1 minute', %s, 'ciudadano', 'CONSULTA', "
            "'XEXX010101HNEXXXA4', jsonb_build_object('modulo', 'consulta', 'encontrado', "
            "false, 'transaccion', '3') FROM generate_series(1, %s)",
            (usuario, n),
        )


def _medir(c: psycopg.Connection, sql: str, args, n: int, deshacer: bool) -> list[float]:
    tiempos = []
    for _ in range(n):
        inicio = time.perf_counter()
        if deshacer:
            c.execute("BEGIN")
            c.execute(sql, args)
            c.execute("ROLLBACK")
        else:
            c.execute(sql, args)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return tiempos


def _en_ventana(base: str, usuario: str) -> int:
    with _propietario(base) as c:
        return c.execute(
            "SELECT count(*) FROM bitacora WHERE usuario = %s AND operacion = 'CONSULTA' "
            "AND tabla = 'ciudadano' AND despues ->> 'modulo' = 'consulta' "
            "AND fecha > clock_timestamp() - interval '10 minutes'",
            (usuario,),
        ).fetchone()[0]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", default="sipros_bench_consulta")
    p.add_argument("--bitacora", type=int, default=1_000_000)
    p.add_argument("--n", type=int, default=500)
    a = p.parse_args()
    preparar(a.base, a.bitacora)
    with _propietario(a.base) as c:
        filas = c.execute("SELECT count(*) FROM bitacora").fetchone()[0]
        curps = [r[0] for r in c.execute("SELECT curp FROM ciudadano ORDER BY id LIMIT 1000")]
    print(f"Consulta ciudadana, bitácora de {filas:,} filas, {a.n} mediciones de cada paso")
    uno, dos = USUARIOS
    anotar = "SELECT sipros_consulta_anotar(%s)"
    try:
        # the last look-up allowed: the window holds the limit less one (59 with 60; more when
        # this bench ran less than 10 minutes ago)
        _ventana(a.base, uno, max(0, 59 - _en_ventana(a.base, uno)))
        ventana = _en_ventana(a.base, uno)
        with _como(a.base, uno) as c:
            _ajustar(a.base, ventana + 1)
            t = _medir(c, anotar, (curps[0],), a.n, deshacer=True)
            print(f"  anotar, {ventana} en la ventana (la última permitida)  {percentiles(t)}")
            _ajustar(a.base, ventana)
            t = _medir(c, anotar, (curps[0],), a.n, deshacer=True)
            print(f"  anotar, rechazada en el límite               {percentiles(t)}")
        with _propietario(a.base) as c:  # (the plan of the count, as the function runs it)
            c.execute("LOAD 'auto_explain'")
            c.execute("SET auto_explain.log_min_duration = 0")
            c.execute("SET auto_explain.log_nested_statements = on")
            c.execute("SET client_min_messages = log")
            planes: list[str] = []
            c.add_notice_handler(lambda d: planes.append(d.message_primary or ""))
            c.execute("BEGIN")
            c.execute(anotar, (curps[0],))
            c.execute("ROLLBACK")
            cuenta = next(p for p in planes if "SELECT count(*)" in p)
            lineas = [x.strip() for x in cuenta.splitlines() if "Scan" in x or "Cond" in x]
            print("  la cuenta de la ventana: " + "; ".join(lineas))
        _ajustar(a.base, 100_000)
        with _como(a.base, dos) as c:
            c.execute(anotar, (curps[1],))
            t = _medir(c, "SELECT sipros_consulta(%s)", (curps[1],), a.n, deshacer=False)
            print(f"  la respuesta sola (sipros_consulta)            {percentiles(t)}")
            t = []
            for curp in (curps * (a.n // len(curps) + 1))[: a.n]:
                inicio = time.perf_counter()
                c.execute(anotar, (curp,))  # committed (autocommit) …
                c.execute("SELECT sipros_consulta(%s)", (curp,))  # … then answered
                t.append((time.perf_counter() - inicio) * 1000)
            print(f"  la consulta completa (dos transacciones)       {percentiles(t)}")

        # two sessions of the same person at once, 2×n attempts: n more allowed
        _ajustar(a.base, _en_ventana(a.base, dos) + a.n)
        resultados: list[dict] = []

        def sesion() -> None:
            with _como(a.base, dos) as c:
                for curp in (curps * 3)[: a.n]:
                    resultados.append(c.execute(anotar, (curp,)).fetchone()[0])

        hilos = [threading.Thread(target=sesion) for _ in range(2)]
        inicio = time.perf_counter()
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
        segundos = time.perf_counter() - inicio
        respondidas = sum("restantes" in r for r in resultados)
        print(
            f"  dos sesiones del mismo usuario a la vez: {len(resultados):,} intentos en "
            f"{segundos:.1f} s ({len(resultados) / segundos:,.0f}/s), respondidas {respondidas} "
            f"de las {a.n} que quedaban"
        )
        assert respondidas == a.n, "el límite no se sostuvo"
    finally:
        _ajustar(a.base, 60)


if __name__ == "__main__":
    main()
