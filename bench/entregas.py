"""Entregas over the database filled by bench/demo_1m.py, as a real delivery account.

Prints: QR encoding per code (zxing-cpp, the one encoder), 1,000 vouchers to one PDF, scan →
result shown (the service that reads a code, p50/p95), the kit of an event of up to 5,000
beneficiaries, and 5,000 offline deliveries synchronised.

    python bench/entregas.py [--base sipros_bench] [--beneficiarios 5000]

It issues vouchers and delivers them: run it on a copy you may change (demo_1m.py makes one).
The administrator account issues and reprints, the delivery account delivers (whoever issues or
reprints a voucher does not deliver it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_entregas_"))

import psycopg
import pypdfium2 as pdfium
from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.servicios import comprobantes, entregas, qr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cuentas


def percentiles(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   máx {ms[-1]:6.1f} ms"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--beneficiarios", type=int, default=5000)
    a = p.parse_args()
    cuentas.preparar(a.base)
    dueno = bd.dsn(cuentas.url_base(a.base))
    with psycopg.connect(dueno, autocommit=True) as c:
        # one event with the approved applications of the largest open call (up to N)
        (conv,) = c.execute(
            "SELECT s.convocatoria_id FROM solicitud s WHERE s.estado = 'Aprobada' AND NOT "
            "EXISTS (SELECT 1 FROM comprobante k WHERE k.solicitud_id = s.id AND k.estado <> "
            "'Cancelado') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        (evento,) = c.execute(
            "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, fecha, "
            "hora_inicio, hora_fin, responsable) SELECT %s, 'Entrega de medición', m.id, "
            "'Auditorio municipal', (now() AT TIME ZONE 'America/Mexico_City')::date, '00:00', "
            "'23:59:59', 'Medición' FROM municipio m "
            "WHERE m.clave = '22014' RETURNING id",
            (conv,),
        ).fetchone()
        ids = [r[0] for r in c.execute(
            "SELECT s.id FROM solicitud s WHERE s.convocatoria_id = %s AND s.estado = 'Aprobada' "
            "AND NOT EXISTS (SELECT 1 FROM evento_solicitud e WHERE e.solicitud_id = s.id) "
            "ORDER BY s.id LIMIT %s", (conv, a.beneficiarios))]  # fmt: skip
        c.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, ids))
    cuentas.activar(a.base, "admin")
    print(f"Evento {evento}: {len(ids):,} beneficiarios asignados")

    inicio = time.perf_counter()
    for i in range(2000):
        qr.matriz(f"{i:026d}")
    print(f"QR (zxing-cpp), por código: {(time.perf_counter() - inicio) / 2000 * 1000:.3f} ms")

    datos = comprobantes.por_emitir(evento)
    muestra = [replace(d, codigo=comprobantes.nuevo_codigo()) for d in datos[:1000]]
    inicio = time.perf_counter()
    pdf = comprobantes.generar_pdf(muestra)
    t_pdf = time.perf_counter() - inicio
    print(f"1,000 comprobantes a un PDF: {t_pdf:.2f} s ({len(pdf) / 2**20:.1f} MB; objetivo < 2 s)")

    inicio = time.perf_counter()
    emision = comprobantes.emitir(evento)
    print(f"Emitir {emision.cantidad:,} comprobantes (códigos, PDF y una transacción): "
          f"{time.perf_counter() - inicio:.1f} s")  # fmt: skip
    # the codes, read back from what was printed (first pages) and made again for the rest:
    # the benchmark needs codes it knows, so it reprints them all in one go
    inicio = time.perf_counter()
    ids_k = list(emision.comprobantes)
    codigos: list[str] = []
    documento = pdfium.PdfDocument(comprobantes.reimprimir(ids_k))
    for i in range(min(len(documento), 8)):
        imagen = documento[i].render(scale=200 / 72).to_pil().convert("L")
        codigos += qr.leer(imagen)
    print(f"Reimprimir {len(ids_k):,} y leer los QR de 8 hojas: "
          f"{time.perf_counter() - inicio:.1f} s ({len(codigos)} códigos leídos)")  # fmt: skip
    cuentas.activar(a.base, "entrega")

    # scan → what is shown (the service the desk calls), on codes read from the paper
    tiempos = []
    for codigo in codigos * 4:
        inicio = time.perf_counter()
        entregas.ver(codigo, evento)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    print(f"Escaneo → resultado (servicio): {percentiles(tiempos)}   (objetivo p95 < 100 ms)")
    tiempos = []
    for codigo in codigos[:30]:
        inicio = time.perf_counter()
        entregas.entregar(codigo, "INE", evento)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    print(f"Entrega en línea: {percentiles(tiempos)}")

    inicio = time.perf_counter()
    kit = entregas.descargar_kit(evento)
    print(f"Paquete del evento ({len(kit.comprobantes):,} comprobantes): "
          f"{time.perf_counter() - inicio:.2f} s   (objetivo < 5 s)")  # fmt: skip

    # offline: every voucher of the kit still to deliver, written to the journal. The codes
    # are not in the kit (only hashes), so the benchmark reprints them once more to know them.
    with bd.sesion() as s:
        vigentes = list(s.scalars(text(
            "SELECT id FROM comprobante WHERE evento_id = :e AND estado = 'Vigente' ORDER BY id"
        ), {"e": evento}))  # fmt: skip
    nuevos = {k: comprobantes.nuevo_codigo() for k in vigentes}
    cuentas.activar(a.base, "admin")
    with bd.sesion() as s:
        s.execute(
            text(
                "SELECT sipros_reimprimir_comprobantes(CAST(:i AS bigint[]), CAST(:h AS bytea[]))"
            ),
            {"i": list(nuevos), "h": [comprobantes.hash_de(c) for c in nuevos.values()]},
        )
    cuentas.activar(a.base, "entrega")
    kit = entregas.descargar_kit(evento)
    inicio = time.perf_counter()
    for codigo in nuevos.values():
        entregas.entregar_sin_conexion(kit, codigo, "INE")
    t_diario = time.perf_counter() - inicio
    print(f"{len(nuevos):,} entregas sin conexión al diario (fsync cada una): {t_diario:.1f} s")
    inicio = time.perf_counter()
    r = entregas.sincronizar()
    segundos = time.perf_counter() - inicio
    print(f"Sincronizar {len(nuevos):,} entregas: {segundos:.1f} s (aplicadas {r.aplicadas:,}, "
          f"conflictos {len(r.conflictos)}; objetivo < 30 s)")  # fmt: skip


if __name__ == "__main__":
    main()
