"""What the Consulta desk's resend and the notices that follow a new phone cost, as a real
consulta account, over an outbox of ``--mensajes`` messages (a third of them cancelled) with
``--cola`` of other citizens' still waiting to go out (a dispatcher stopped for a while):

1. the answer of a look-up (``sipros_consulta``, which also says which message a resend
   repeats) and that choice alone (``sipros_sms_para_repetir``, as the owner);
2. the resend of the message the look-up showed (``sipros_consulta_reenviar``), rolled back;
3. a change of phone at the desk (``sipros_consulta_contacto``) of citizens with no pending
   notice and of citizens with 20, rolled back (each citizen once);
4. as the owner, a change of one citizen's phone with the trigger that moves their pending
   notices (and its index), without that index, and without the trigger; one UPDATE of the
   phone of ``--masivo`` citizens (a bulk correction) with and without the trigger; rolled back.

    python bench/consulta_avisos.py [--base sipros_bench_avisos] [--cuenta bench_avisos]
        [--ciudadanos 100000] [--mensajes 1000000] [--cola 50000] [--n 300] [--masivo 100000]

It uses (and creates, migrates and fills when missing) its own database on the local server
and one consulta account ``--cuenta`` in it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_avisos_"))

import psycopg

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import demo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles


def _propietario(base: str) -> psycopg.Connection:
    return psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True)


def _como(base: str, usuario: str) -> psycopg.Connection:
    url = cuentas.url_base(base).set(username=usuario, password=cuentas.PASSWORD)
    return psycopg.connect(bd.dsn(url), autocommit=True)


def preparar(base: str, cuenta: str, ciudadanos: int, mensajes: int, cola: int) -> None:
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
            demo.generar(ciudadanos, 7)
            bd.desactivar()
        if not c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (cuenta,)).fetchone():
            if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (cuenta,)).fetchone():
                c.execute(f'DROP ROLE "{cuenta}"')  # (of an earlier bench database)
            verificador = c.pgconn.encrypt_password(
                cuentas.PASSWORD.encode(), cuenta.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, 'Bench avisos', NULL, ARRAY['consulta'], "
                "NULL, NULL, 'estatal', false)",
                (cuenta, verificador),
            )
        faltan = mensajes - c.execute("SELECT count(*) FROM mensaje").fetchone()[0]
        if faltan > 0:  # the outbox of the last months: sent, and a third cancelled
            c.execute("SET session_replication_role = replica")  # (no audit row for each)
            c.execute(
                "INSERT INTO mensaje (evento, ciudadano_id, telefono, texto, estado, enviado, "
                "cancelado_por) SELECT 'aprobada', 1 + (i * 7919) %% n.n, '+524420000000', "
                "'SIPROS: su solicitud fue aprobada', CASE WHEN i %% 3 = 0 THEN 'Cancelado' "
                "ELSE 'Enviado' END, CASE WHEN i %% 3 <> 0 THEN now() END, "
                "CASE WHEN i %% 3 = 0 THEN 'bench' END "
                "FROM generate_series(1::bigint, %s) i, (SELECT max(id) AS n FROM ciudadano) n",
                (faltan,),
            )
            c.execute(
                "UPDATE mensaje SET estado = 'Pendiente', enviado = NULL WHERE id IN (SELECT id "
                "FROM mensaje WHERE estado = 'Enviado' ORDER BY id DESC LIMIT %s)",
                (cola,),
            )
            c.execute("RESET session_replication_role")
            c.execute("VACUUM ANALYZE mensaje")


def _medir(c: psycopg.Connection, sql: str, args_de, n: int, deshacer: bool) -> list[float]:
    tiempos = []
    for i in range(n):
        args = args_de(i)
        inicio = time.perf_counter()
        if deshacer:
            c.execute("BEGIN")
            c.execute(sql, args)
            c.execute("ROLLBACK")
        else:
            c.execute(sql, args)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return tiempos


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--base", default="sipros_bench_avisos")
    p.add_argument("--cuenta", default="bench_avisos")
    p.add_argument("--ciudadanos", type=int, default=100_000)
    p.add_argument("--mensajes", type=int, default=1_000_000)
    p.add_argument("--cola", type=int, default=50_000)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--masivo", type=int, default=100_000)
    a = p.parse_args()
    preparar(a.base, a.cuenta, a.ciudadanos, a.mensajes, a.cola)
    with _propietario(a.base) as c:
        c.execute("UPDATE ajuste SET valor = '100000' WHERE clave = 'consulta_limite'")
        # 2n citizens who accept SMS, each with their own phone; the second n with 20 notices
        # waiting to go out
        filas = c.execute(
            "UPDATE ciudadano SET telefono = (4421000000 + id)::text, acepta_sms = true "
            "WHERE id IN (SELECT c.id FROM ciudadano c WHERE NOT EXISTS (SELECT 1 FROM mensaje m "
            "WHERE m.ciudadano_id = c.id AND m.estado = 'Pendiente') ORDER BY c.id LIMIT %s) "
            "RETURNING id, curp, telefono",
            (2 * a.n,),
        ).fetchall()
        filas.sort()
        filas, pendientes = filas[: a.n], filas[a.n :]
        c.execute(
            "INSERT INTO mensaje (evento, ciudadano_id, telefono, texto) SELECT 'manual', c.id, "
            "'+52' || c.telefono, 'SIPROS: aviso ' || i FROM ciudadano c, generate_series(1, 20) i "
            "WHERE c.id = ANY (%s) AND NOT EXISTS (SELECT 1 FROM mensaje m WHERE "
            "m.ciudadano_id = c.id AND m.estado = 'Pendiente')",
            ([f[0] for f in pendientes],),
        )
        total, esperan = c.execute(
            "SELECT count(*), count(*) FILTER (WHERE estado = 'Pendiente') FROM mensaje"
        ).fetchone()
        ciudadanos = c.execute("SELECT count(*) FROM ciudadano").fetchone()[0]
    print(
        f"Consulta: reenvío y avisos que siguen al teléfono; {ciudadanos:,} ciudadanos, "
        f"{total:,} mensajes ({esperan:,} por salir), {a.n} mediciones de cada paso"
    )
    try:
        with _como(a.base, a.cuenta) as c:
            respuestas = {}
            for _, curp, _ in filas + pendientes:  # looked up (committed): the desk may act
                c.execute("SELECT sipros_consulta_anotar(%s)", (curp,))
            t = []
            for _, curp, _ in filas:
                inicio = time.perf_counter()
                respuestas[curp] = c.execute("SELECT sipros_consulta(%s)", (curp,)).fetchone()[0]
                t.append((time.perf_counter() - inicio) * 1000)
            print(f"  la respuesta (sipros_consulta, con reenvio)        {percentiles(t)}")
            mostrados = [(curp, r["reenvio"]["id"], tel) for (_, curp, tel) in filas
                     if (r := respuestas[curp])["reenvio"]
                         and r["reenvio"]["estado"] not in ("Pendiente", "Enviando")]  # fmt: skip
            t = _medir(c, "SELECT sipros_consulta_reenviar(%s, %s, %s)",
                       lambda i: mostrados[i % len(mostrados)], a.n, deshacer=True)  # fmt: skip
            print(
                f"  reenviar el mensaje mostrado ({len(mostrados)} ciudadanos)    {percentiles(t)}"
            )
            contacto = "SELECT sipros_consulta_contacto(%s, %s, NULL, true, 'INE', '4821')"
            for grupo, cuales in (("sin avisos pendientes", filas),
                                  ("20 avisos pendientes ", pendientes)):  # fmt: skip
                nuevos = [(curp, "4429" + tel[4:]) for (_, curp, tel) in cuales]
                t = _medir(c, contacto, lambda i, x=nuevos: x[i], a.n, deshacer=True)
                print(f"  cambio de teléfono, {grupo}          {percentiles(t)}")
        with _propietario(a.base) as c:
            t = _medir(c, "SELECT sipros_sms_para_repetir(%s)",
                       lambda i: (filas[i % len(filas)][0],), a.n, deshacer=False)  # fmt: skip
            print(f"  solo la elección del mensaje a reenviar            {percentiles(t)}")
            uno = "UPDATE ciudadano SET telefono = '4427' || right(telefono, 6) WHERE id = %s"
            disparador = "ALTER TABLE ciudadano DISABLE TRIGGER ciudadano_mensajes_siguen_telefono"
            for sin in ("", "DROP INDEX mensaje_pendiente_ciudadano_idx", disparador):
                c.execute("BEGIN")
                if sin:
                    c.execute(sin)
                t = _medir(c, uno, lambda i: (pendientes[i][0],), a.n, deshacer=False)
                c.execute("ROLLBACK")
                cual = {"": "con disparador e índice", "DROP": "sin el índice",
                        "ALTE": "sin el disparador"}[sin[:4]]  # fmt: skip
                print(f"  un teléfono con 20 avisos, {cual:<24}{percentiles(t)}")
            masivo = (
                "UPDATE ciudadano SET telefono = (4423000000 + id)::text "
                "WHERE id IN (SELECT id FROM ciudadano ORDER BY id LIMIT %s)"
            )
            for con_disparador in (True, False) * 2:
                c.execute("BEGIN")
                if not con_disparador:
                    c.execute(disparador)
                inicio = time.perf_counter()
                c.execute(masivo, (a.masivo,))
                segundos = time.perf_counter() - inicio
                c.execute("ROLLBACK")
                cual = "con el disparador" if con_disparador else "sin el disparador"
                print(f"  UPDATE del teléfono de {a.masivo:,} ciudadanos, {cual}: {segundos:.2f} s")
    finally:
        with _propietario(a.base) as c:
            c.execute("UPDATE ajuste SET valor = '60' WHERE clave = 'consulta_limite'")


if __name__ == "__main__":
    main()
