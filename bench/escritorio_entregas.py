"""The delivery desk in real use (issue 26), on a demo database, as real staff accounts.

Prints:
- scan → what is shown (``entregas.ver``) with this PC's journal empty, and with N offline
  deliveries in it not synchronised yet (every online scan reads the journal first); a scan of
  one of those (refused without delivering it again);
- online deliveries whose «Comprobante emitido» SMS is still in the outbox (the delivery's
  trigger cancels it), and how many were cancelled;
- the kit of an event with the vouchers of the call's other events (seconds, vouchers, file);
- the desk itself, offscreen: from a scanner's 26 characters and Enter typed at the focused
  «Entregar» button to the next person on screen, and from Enter to ENTREGADO painted.

    python bench/escritorio_entregas.py --url postgresql://OWNER:PASS@127.0.0.1/BASE \\
        [--beneficiarios 2000] [--prefijo bench_escritorio_]

It plans two events and issues and delivers vouchers: run it on a copy (``sipros-desktop demo``
makes one). Its two accounts (``<prefijo>emisor`` issues, ``<prefijo>entrega`` delivers) stay
in the database; drop them with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("SIPROS_DATOS", tempfile.mkdtemp(prefix="bench_escritorio_"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg

from sipros_desktop import bd
from sipros_desktop.servicios import comprobantes, entregas

CLAVE = "BenchEscritorio2026"


def percentiles(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   máx {ms[-1]:6.1f} ms"


def _cuenta(c: psycopg.Connection, usuario: str) -> None:
    if c.execute("SELECT 1 FROM funcionario WHERE usuario = %s", (usuario,)).fetchone():
        return
    verificador = c.pgconn.encrypt_password(
        CLAVE.encode(), usuario.encode(), b"scram-sha-256"
    ).decode()
    c.execute(
        "SELECT sipros_usuario_crear(%s, %s, %s, NULL, %s, NULL, NULL, 'estatal', false)",
        (usuario, verificador, f"Medición {usuario}", ["entrega"]),
    )


def _eventos(c: psycopg.Connection, n: int) -> tuple[int, int]:
    """Today's event (all day) with ``n`` approved applications without a live voucher of the
    largest call (taken from the events the demo planned), and another event of the call in
    Corregidora with ``n // 4``."""
    sin_comprobante = (
        "s.estado = 'Aprobada' AND NOT EXISTS (SELECT 1 FROM comprobante k "
        "WHERE k.solicitud_id = s.id AND k.estado <> 'Cancelado')"
    )
    (conv,) = c.execute(
        f"SELECT s.convocatoria_id FROM solicitud s WHERE {sin_comprobante} "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    ids = []
    for nombre, municipio, cuantas in (("Entrega de medición", "22014", n),
                                       ("Otra sede de medición", "22006", n // 4)):  # fmt: skip
        (evento,) = c.execute(
            "INSERT INTO evento_entrega (convocatoria_id, nombre, municipio_id, domicilio, "
            "fecha, hora_inicio, hora_fin, responsable) SELECT %s, %s, m.id, 'Auditorio', "
            "(now() AT TIME ZONE 'America/Mexico_City')::date, '00:00', '23:59:59', 'Medición' "
            "FROM municipio m WHERE m.clave = %s RETURNING id",
            (conv, nombre, municipio),
        ).fetchone()
        solicitudes = [r[0] for r in c.execute(
            f"SELECT s.id FROM solicitud s WHERE s.convocatoria_id = %s AND {sin_comprobante} "
            "AND NOT EXISTS (SELECT 1 FROM evento_solicitud a JOIN evento_entrega e "
            "ON e.id = a.evento_id WHERE a.solicitud_id = s.id AND e.nombre LIKE '%%medición') "
            "ORDER BY s.id LIMIT %s", (conv, cuantas))]  # fmt: skip
        c.execute("SELECT sipros_asignar_evento(%s, %s)", (evento, solicitudes))
        ids.append(evento)
    return ids[0], ids[1]


def _emitir(evento: int) -> list[str]:
    """Issue the event's vouchers and keep the codes made (the PDF is the only other place)."""
    hechos: list[str] = []
    original = comprobantes.nuevo_codigo

    def anotado() -> str:
        hechos.append(original())
        return hechos[-1]

    comprobantes.nuevo_codigo = anotado
    try:
        comprobantes.emitir(evento)
    finally:
        comprobantes.nuevo_codigo = original
    return hechos


def _medir(funcion, codigos: list[str]) -> list[float]:
    tiempos = []
    for codigo in codigos:
        inicio = time.perf_counter()
        funcion(codigo)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return tiempos


def _escritorio(evento: int, codigos: list[str]) -> None:
    """The desk offscreen, as the clerk meets it: each scan typed at the focused «Entregar»."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from sipros_desktop.vistas.aplicacion import aplicar_estilo
    from sipros_desktop.vistas.entregas.entregar import PanelEntregar

    app = QApplication.instance() or QApplication([])
    aplicar_estilo(app)
    panel = PanelEntregar()
    panel.resize(1100, 640)
    panel.show()
    panel.poner_eventos(entregas.eventos(evento_id=evento))
    app.processEvents()

    def esperar(condicion) -> float:
        inicio = time.perf_counter()
        while not condicion():
            app.processEvents()
        return (time.perf_counter() - inicio) * 1000

    a_pantalla, a_entregado = [], []
    panel.escaner.setFocus()
    for codigo in codigos:
        foco = QApplication.focusWidget()
        inicio = time.perf_counter()
        QTest.keyClicks(foco, codigo)
        QTest.keyClick(foco, Qt.Key.Key_Return)
        esperar(lambda: panel._banda == "por_entregar" and not panel.ocupado)
        a_pantalla.append((time.perf_counter() - inicio) * 1000)
        inicio = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        esperar(lambda: panel._banda == "entregado")
        a_entregado.append((time.perf_counter() - inicio) * 1000)
    print(f"Escritorio: 26 letras y Enter en «Entregar» → la persona en pantalla: "
          f"{percentiles(a_pantalla)}")  # fmt: skip
    print(f"Escritorio: Enter → ENTREGADO pintado:                              "
          f"{percentiles(a_entregado)}")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True, help="la base, como su propietario")
    p.add_argument("--beneficiarios", type=int, default=2000)
    p.add_argument("--prefijo", default="bench_escritorio_")
    a = p.parse_args()
    dueno = bd.normalizar_url(a.url)
    emisor, entrega = f"{a.prefijo}emisor", f"{a.prefijo}entrega"
    with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
        for usuario in (emisor, entrega):
            _cuenta(c, usuario)
        evento, otro = _eventos(c, a.beneficiarios)
    bd.activar(dueno.set(username=emisor, password=CLAVE))
    codigos = _emitir(evento)
    otros = _emitir(otro)
    bd.activar(dueno.set(username=entrega, password=CLAVE))
    with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
        (avisos,) = c.execute(
            "SELECT count(*) FROM mensaje m JOIN comprobante k ON k.solicitud_id = m.solicitud_id "
            "WHERE k.evento_id = %s AND m.evento = 'comprobante' AND m.estado = 'Pendiente'",
            (evento,),
        ).fetchone()
    print(f"Evento {evento}: {len(codigos):,} comprobantes ({avisos:,} avisos SMS pendientes); "
          f"otro evento de la convocatoria: {len(otros):,}")  # fmt: skip

    n = len(codigos)
    sin_conexion, leidos, en_linea, escritorio = (
        codigos[: n // 2], codigos[n // 2 : n // 2 + 300], codigos[n // 2 + 300 : n // 2 + 500],
        codigos[n // 2 + 500 : n // 2 + 550],
    )  # fmt: skip

    def ver(x: str):
        return entregas.ver(x, evento)

    print(f"Escaneo en línea, diario vacío: {percentiles(_medir(ver, leidos))}")
    inicio = time.perf_counter()
    kit = entregas.descargar_kit(evento)
    print(f"Paquete: {time.perf_counter() - inicio:.2f} s, {len(kit.comprobantes):,} comprobantes "
          f"del evento y {len(kit.otros):,} de otros eventos, "
          f"{kit.ruta.stat().st_size / 1024:,.0f} KB")  # fmt: skip
    for codigo in sin_conexion:
        entregas.entregar_sin_conexion(kit, codigo, "INE")
    cifras = percentiles(_medir(ver, leidos))
    print(f"Escaneo en línea, diario con {len(sin_conexion):,} sin sincronizar: {cifras}")
    cifras = percentiles(_medir(ver, sin_conexion[:100]))
    print(f"Escaneo en línea de una de ellas (no se entrega de nuevo): {cifras}")
    cifras = percentiles(_medir(lambda x: entregas.ver_sin_conexion(kit, x), otros[:300]))
    print(f"Escaneo sin conexión de un comprobante de otro evento: {cifras}")
    inicio = time.perf_counter()
    r = entregas.sincronizar()
    print(f"Sincronizar {r.aplicadas:,} entregas: {time.perf_counter() - inicio:.1f} s")

    # the same delivery without the trigger that cancels the notice (as before 0016), then with
    # it: what the cancellation costs
    def entregar(x: str):
        return entregas.entregar(x, "INE", evento)

    mitad = len(en_linea) // 2
    with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
        c.execute("ALTER TABLE comprobante DISABLE TRIGGER comprobante_entregado_aviso")
        try:
            sin = percentiles(_medir(entregar, en_linea[:mitad]))
        finally:
            c.execute("ALTER TABLE comprobante ENABLE TRIGGER comprobante_entregado_aviso")
    con = percentiles(_medir(entregar, en_linea[mitad:]))
    with psycopg.connect(bd.dsn(dueno), autocommit=True) as c:
        (cancelados,) = c.execute(
            "SELECT count(*) FROM mensaje WHERE evento = 'comprobante' AND estado = 'Cancelado' "
            "AND cancelado_por = %s",
            (entrega,),
        ).fetchone()
    print(f"Entrega en línea sin cancelar el aviso (antes de 0016): {sin}")
    print(f"Entrega en línea cancelando su aviso pendiente:        {con}")
    print(f"Avisos «Comprobante emitido» cancelados por las entregas: {cancelados:,}")
    _escritorio(evento, escritorio)


if __name__ == "__main__":
    main()
