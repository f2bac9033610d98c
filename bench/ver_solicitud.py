"""Ver solicitud over the database filled by bench/demo_1m.py: the application (detail,
answers, documents, history) and the evidence beside it (Registro Civil, address and contact,
the socio-economic questionnaire, the person's other applications and benefits), loaded as the
window loads them — as a state-wide official and as an official of área SSDS (row-level
security on) — for random applications. Prints p50/p95.

    python bench/ver_solicitud.py [--base sipros_bench] [--n 200]

A demo loaded before the questionnaire and the Registro Civil extract existed is completed
first (``demo.evidencia``: set-based, about 30 s for 1 M citizens).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import func, select, text

from sipros_desktop import bd
from sipros_desktop.servicios import demo, evidencia, solicitudes

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles

# accounts of this bench only (roles are cluster-wide: other benches keep theirs)
PROPIAS = {"bench_ver_estatal": (None, "estatal"), "bench_ver_area": ("SSDS", "area")}


def preparar(base: str) -> None:
    with psycopg.connect(bd.dsn(cuentas.url_base(base)), autocommit=True) as c:
        for usuario, (area, alcance) in PROPIAS.items():
            if c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (usuario,)).fetchone():
                continue
            verificador = c.pgconn.encrypt_password(
                cuentas.PASSWORD.encode(), usuario.encode(), b"scram-sha-256"
            ).decode()
            c.execute(
                "SELECT sipros_usuario_crear(%s, %s, %s, NULL, %s, NULL, %s, %s, false)",
                (usuario, verificador, f"Bench Ver solicitud {alcance}", ["funcionario"], area,
                 alcance),
            )  # fmt: skip


def completar(base: str) -> None:
    bd.activar(cuentas.url_base(base))
    inicio = time.perf_counter()
    with bd.sesion() as s:
        for tabla in ("cuestionario", "registro_civil"):
            for op in ("ins", "upd", "del"):
                s.execute(text(f"ALTER TABLE {tabla} DISABLE TRIGGER {tabla}_bitacora_{op}"))
        n = demo.evidencia(s, 2022, s.scalar(select(func.sipros_hoy())))
        for tabla in ("cuestionario", "registro_civil"):
            for op in ("ins", "upd", "del"):
                s.execute(text(f"ALTER TABLE {tabla} ENABLE TRIGGER {tabla}_bitacora_{op}"))
    if any(n):
        with bd.motor().connect() as c:
            c.execute(text("ANALYZE cuestionario"))
            c.execute(text("ANALYZE registro_civil"))
            c.commit()
        print(f"demostración completada: {n[0]:,} cuestionarios, {n[1]:,} renglones del "
              f"Registro Civil en {time.perf_counter() - inicio:.1f} s")  # fmt: skip


def medir(ids: list[int]) -> tuple[list[float], int, int]:
    tiempos, otras, respuestas = [], 0, 0
    for i in ids:
        inicio = time.perf_counter()
        solicitudes.detalle(i)
        e = evidencia.de_solicitud(i)
        tiempos.append((time.perf_counter() - inicio) * 1000)
        otras += len(e.otras_solicitudes) + len(e.beneficios)
        respuestas += sum(len(s.respuestas) for s in (e.cuestionario.secciones if e.cuestionario
                                                       else ()))  # fmt: skip
    return tiempos, otras, respuestas


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--n", type=int, default=200)
    a = p.parse_args()
    preparar(a.base)
    completar(a.base)
    rng = random.Random(17)
    with psycopg.connect(bd.dsn(cuentas.url_base(a.base))) as c:
        maximo = c.execute("SELECT max(id) FROM solicitud").fetchone()[0]
        todas = [rng.randint(1, maximo) for _ in range(a.n * 3)]
        existen = {r[0] for r in c.execute("SELECT id FROM solicitud WHERE id = ANY(%s)",
                                           (todas,))}  # fmt: skip
        ids = [i for i in todas if i in existen][: a.n]
        ssds = [
            r[0]
            for r in c.execute(
                "SELECT s.id FROM solicitud s JOIN convocatoria c ON c.id = s.convocatoria_id "
                "JOIN programa p ON p.id = c.programa_id JOIN area ar ON ar.id = p.area_id "
                "WHERE ar.clave = 'SSDS' AND s.id = ANY(%s)",
                ([rng.randint(1, maximo) for _ in range(a.n * 6)],),
            )
        ][: a.n]
    for usuario, muestra in (("bench_ver_estatal", ids), ("bench_ver_area", ssds)):
        bd.activar(cuentas.url_base(a.base).set(username=usuario, password=cuentas.PASSWORD))
        medir(muestra[:10])  # warm the connection pool and the plans
        tiempos, otras, respuestas = medir(muestra)
        print(f"Ver solicitud completa ({usuario}, {len(muestra)} solicitudes al azar): "
              f"{percentiles(tiempos)}; {otras / len(muestra):.1f} otras solicitudes y "
              f"beneficios y {respuestas / len(muestra):.1f} respuestas del cuestionario por "
              "solicitud")  # fmt: skip


if __name__ == "__main__":
    main()
