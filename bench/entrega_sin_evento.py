"""Deliveries without an event and the documents of a citizen's file, as the offices meet them:
a delivery clerk (state-wide, a real LOGIN role) registers transfers on random approved
applications — one transaction each, as «Registrar entrega…» does — and a front-desk clerk of
área SSDS lists the documents of the citizens it opens. Prints p50/p95.

    python bench/entrega_sin_evento.py [--base sipros_bench] [--n 300]

It WRITES: the applications it delivers stay delivered. Run it on a copy of a demo database
(bench/demo_1m.py makes one), never on the offices' server.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import documentos, entrega_directa, ventanilla

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles


def como(base: str, clave: str) -> None:
    usuario = cuentas.CLAVES[clave]
    bd.activar(cuentas.url_base(base).set(username=usuario, password=cuentas.PASSWORD))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--n", type=int, default=300)
    a = p.parse_args()
    cuentas.preparar(a.base)
    rng = random.Random(2026)

    como(a.base, "entrega")
    with bd.sesion() as s:
        aprobadas = list(
            s.scalars(text("SELECT id FROM solicitud WHERE estado = 'Aprobada' ORDER BY id"))
        )
    elegidas = rng.sample(aprobadas, min(a.n, len(aprobadas)))
    tiempos, rechazadas = [], 0
    for sid in elegidas:
        inicio = time.perf_counter()
        try:
            entrega_directa.registrar(sid, "transferencia", f"SPEI {sid:010d}")
        except entrega_directa.ErrorEntrega:
            rechazadas += 1  # (approved by this same account, or another rule): still timed
        tiempos.append((time.perf_counter() - inicio) * 1000)
    print(f"entrega sin evento, {len(elegidas)} solicitudes aprobadas al azar "
          f"({rechazadas} rechazadas por una regla): {percentiles(tiempos)}")  # fmt: skip

    bd.activar(cuentas.url_base(a.base))  # (the front desk reads no list: chosen as the DBA)
    with bd.sesion() as s:
        curps = list(
            s.scalars(
                text(
                    "SELECT c.curp FROM ciudadano c WHERE EXISTS (SELECT 1 FROM documento d "
                    "WHERE d.ciudadano_id = c.id) ORDER BY c.id LIMIT 5000"
                )
            )
        )
    como(a.base, "ventanilla")
    tiempos, total = [], 0
    for curp in rng.sample(curps, min(200, len(curps))):
        cid = ventanilla.buscar_curp(curp)  # (the counter opens the file first)
        inicio = time.perf_counter()
        total += len(documentos.del_expediente(cid).documentos)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    print(f"documentos del expediente, {len(tiempos)} ciudadanos ({total:,} documentos): "
          f"{percentiles(tiempos)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
