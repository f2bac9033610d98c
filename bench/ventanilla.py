"""Ventanilla over the database filled by bench/demo_1m.py (1 M citizens).

1. Duplicate candidates: for citizens drawn at random, a capture of the same person under
   another CURP (a typo, swapped surnames, no accents) — time of the search and how often the
   original is among the candidates.
2. The full walk-in flow driven with the keyboard only (QTest, offscreen): CURP, registration
   with the CUIS questionnaire, application with three documents, receipt. Keys pressed and
   machine time per flow (what the clerk waits for, not how fast they type).

    python bench/ventanilla.py [--base sipros_bench] [--muestras 300] [--flujos 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import text

from sipros_desktop import bd
from sipros_desktop.bd import esquema
from sipros_desktop.servicios import ventanilla
from sipros_desktop.servicios.curp import construir

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cuentas
from busqueda_ciudadanos import percentiles


def _typo(rng: random.Random, palabra: str) -> str:
    if len(palabra) < 4:
        return palabra
    i = rng.randrange(1, len(palabra) - 1)
    return palabra[:i] + palabra[i + 1] + palabra[i] + palabra[i + 2 :]


def duplicados(base: str, muestras: int) -> None:
    rng = random.Random(11)
    cuentas.activar(base, "propietario")  # the sample is read as the server's owner
    with bd.sesion() as s:
        total = s.scalar(text("SELECT count(*) FROM ciudadano"))
        filas = s.execute(
            text(
                "SELECT id, curp, nombre, apellido_paterno, apellido_materno, fecha_nacimiento, "
                "sexo FROM ciudadano TABLESAMPLE SYSTEM (1) WHERE apellido_materno IS NOT NULL "
                "LIMIT :n"
            ),
            {"n": muestras},
        ).all()
    cuentas.activar(base, "ventanilla")  # the look-ups as a front-desk clerk
    tiempos, encontrados, candidatos = [], 0, []
    for f in filas:
        forma = rng.randrange(3)
        nombre, paterno, materno = f.nombre, f.apellido_paterno, f.apellido_materno
        if forma == 0:
            paterno = _typo(rng, paterno)
        elif forma == 1:
            paterno, materno = materno, paterno
        else:
            nombre = _typo(rng, nombre)
        curp = construir(nombre, paterno, materno, f.fecha_nacimiento, f.sexo, "NE")
        inicio = time.perf_counter()
        r = ventanilla.candidatos_duplicados(
            curp, nombre, paterno, materno, f.fecha_nacimiento, f.sexo
        )
        tiempos.append((time.perf_counter() - inicio) * 1000)
        encontrados += any(c.id == f.id for c in r)
        candidatos.append(len(r))
    print(
        f"Posibles duplicados sobre {total:,} ciudadanos ({len(filas)} capturas), como ventanilla:"
    )
    print(f"  búsqueda             {percentiles(tiempos)}   (objetivo < 100 ms)")
    print(
        f"  original encontrado  {encontrados}/{len(filas)} = {encontrados / len(filas):.1%}; "
        f"candidatos por captura: media {statistics.mean(candidatos):.2f}, "
        f"máx {max(candidatos)}"
    )


def flujo_completo(flujos: int) -> None:
    from PySide6.QtTest import QTest

    from sipros_desktop.servicios import borradores
    from sipros_desktop.servicios.sesion import InfoSesion
    from sipros_desktop.vistas.aplicacion import crear_aplicacion
    from sipros_desktop.vistas.capturas import esperar
    from sipros_desktop.vistas.comun import dialogos
    from sipros_desktop.vistas.comun.operacion import Operacion
    from sipros_desktop.vistas.principal import VentanaPrincipal
    from tests import archivos as ejemplos
    from tests.teclado import Teclado

    os.environ["SIPROS_DATOS"] = tempfile.mkdtemp(prefix="sipros-bench-")
    carpeta = Path(os.environ["SIPROS_DATOS"])
    archivos = []
    for i in range(3):
        p = carpeta / f"documento{i}.pdf"
        p.write_bytes(ejemplos.pdf(f"Documento {i}"))
        archivos.append(str(p))
    pendientes: list[str] = []
    dialogos.abrir_archivo = lambda *_a: pendientes.pop(0)
    dialogos.imprimir_pdf = lambda *_a: True
    crear_aplicacion([])
    info = InfoSesion("bench_ventanilla", "bench", esquema.revision_esperada(), integrada=False)
    ventana = VentanaPrincipal(info)
    ventana.resize(1366, 800)
    ventana.show()
    ventana.ir_a("ventanilla")  # (every profile opens on Inicio)
    vista = ventana.vistas["ventanilla"]
    esperar(lambda: vista.listo)
    rng = random.Random()
    teclas, segundos = [], []
    for n in range(flujos):
        curp = ""
        while not curp or ventanilla.buscar_curp(curp) is not None:  # always a walk-in
            nacimiento = date(1960, 1, 1) + timedelta(days=rng.randrange(14000))
            nombre = rng.choice(["Zoe", "Ximena", "Yolanda", "Wendy"])
            curp = construir(nombre, "Zuzunaga", "Quiroz", nacimiento, "M", "QT")
        teclado = Teclado(QTest)
        inicio = time.perf_counter()
        folio = _un_flujo(vista, teclado, curp, nombre, archivos, pendientes)
        segundos.append(time.perf_counter() - inicio)
        teclas.append(teclado.teclas)
        print(f"  flujo {n + 1}: {teclado.teclas} teclas, {segundos[-1]:.2f} s — folio {folio}",
              flush=True)  # fmt: skip
    ventana.close()
    esperar(lambda: Operacion.en_curso() == 0, 60)
    assert not borradores.pendientes()
    print(
        f"Flujo completo con teclado (CURP → registro con CUIS → solicitud con 3 documentos → "
        f"acuse), {flujos} veces:\n  teclas: media {statistics.mean(teclas):.0f}; "
        f"tiempo de máquina: mediana {statistics.median(segundos):.2f} s, "
        f"máx {max(segundos):.2f} s"
    )


def _un_flujo(vista, teclado, curp: str, nombre: str, archivos: list[str], pendientes: list[str]):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from sipros_desktop.vistas.capturas import esperar
    from sipros_desktop.vistas.ventanilla.vista import EXPEDIENTE, REGISTRO
    from tests.teclado import llenar_registro

    # the receipt of the previous flow just closed: let the focus settle, then the clerk
    # clicks the CURP box (the only mouse use; a scanner would type there too)
    vista.window().activateWindow()
    fin = time.perf_counter() + 0.3
    esperar(lambda: time.perf_counter() > fin and QApplication.activeWindow() is vista.window())
    vista.curp.clear()
    vista.curp.setFocus()
    teclado.escribir("curpVentanilla", curp)
    teclado.tecla(Qt.Key.Key_Return)
    esperar(lambda: vista.paginas.currentIndex() == REGISTRO and vista.formulario.curp == curp)
    llenar_registro(teclado, vista.formulario, nombre, "Zuzunaga", "Quiroz")
    exp = vista.expediente
    esperar(
        lambda: (
            vista.paginas.currentIndex() == EXPEDIENTE
            and exp.resumen is not None
            and exp.resumen.ficha.curp == curp
        )
    )
    abiertos = []
    exp.dialogo_abierto.connect(abiertos.append)
    exp.tabla_convocatorias.setFocus()
    teclado.tecla(Qt.Key.Key_Return)
    esperar(lambda: bool(abiertos) and QApplication.activeWindow() is abiertos[-1])
    d = abiertos[-1]
    pendientes[:] = archivos[: len(d.conv.documentos_requeridos)]
    for i in range(len(pendientes)):
        teclado.tecla(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        esperar(lambda n=i + 1: len(d.adjuntos) == n)
    teclado.tecla(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    esperar(lambda: len(abiertos) >= 2 and abiertos[-1].pdf is not None)
    exp.dialogo_abierto.disconnect(abiertos.append)
    abiertos[-1].accept()
    return d.resultado.folio


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="sipros_bench")
    p.add_argument("--muestras", type=int, default=300)
    p.add_argument("--flujos", type=int, default=5)
    a = p.parse_args()
    bd.activar(cuentas.url_base(a.base))
    e = esquema.estado(bd.motor())
    if not e.al_dia:
        print(f"Actualizando el esquema {e.actual} → {e.esperada}…", file=sys.stderr)
        inicio = time.perf_counter()
        esquema.actualizar(bd.motor())
        print(f"  {time.perf_counter() - inicio:.1f} s", file=sys.stderr)
    cuentas.preparar(a.base)
    duplicados(a.base, a.muestras)
    cuentas.activar(a.base, "ventanilla")
    flujo_completo(a.flujos)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
