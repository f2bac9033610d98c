"""``db upgrade`` / ``db estado`` (the schema of the configured database) and ``demo``
(synthetic data for an empty database)."""

from __future__ import annotations

import argparse
import sys
import time

from sipros_desktop.cli import comun
from sipros_desktop.errores import ErrorSipros

MAX_CIUDADANOS_DEMO = 5_000_000  # the demo is generated in memory: about 1.7 GB per million


def registrar(sub: comun.Subordenes) -> None:
    db = sub.add_parser("db", help="esquema de la base de datos")
    dbsub = comun.acciones(db)
    dbsub.add_parser(
        "upgrade", help="aplica las migraciones pendientes y las funciones que cambiaron"
    ).set_defaults(func=_actualizar)
    dbsub.add_parser(
        "estado", help="muestra la versión del esquema y las funciones por aplicar"
    ).set_defaults(func=_estado)
    demo = sub.add_parser("demo", help="llena una base vacía con datos sintéticos")
    demo.add_argument(
        "--ciudadanos", type=int, default=1000, metavar="N",
        help=f"cuántos ciudadanos sintéticos (1 a {MAX_CIUDADANOS_DEMO:,})",
    )  # fmt: skip
    demo.add_argument(
        "--semilla", type=int, default=2022, metavar="S",
        help="la misma semilla da los mismos datos",
    )  # fmt: skip
    demo.set_defaults(func=_demo)


def _estado(args: argparse.Namespace) -> int:
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema

    destino = comun.conectar()
    e = esquema.estado(bd.motor())
    print(f"Base: {destino.descripcion}")
    print(f"Esquema: {e.actual or 'vacío'} (este programa: {e.esperada})")
    if e.funciones:
        print(f"Archivos de funciones por aplicar: {', '.join(e.funciones)}")
    return 0


def _actualizar(args: argparse.Namespace) -> int:
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema

    comun.conectar()
    e = esquema.estado(bd.motor())
    if e.al_dia:
        print(f"El esquema ya está al día ({e.actual}).")
        return 0
    if e.desconocida:
        esquema.verificar(bd.motor())  # raises the explanation
    esquema.actualizar(bd.motor())
    if e.actual == e.esperada:
        print(f"Funciones actualizadas: {', '.join(e.funciones)}.")
    else:
        print(f"Esquema actualizado: {e.actual or 'vacío'} → {e.esperada}.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    n = args.ciudadanos
    if not 1 <= n <= MAX_CIUDADANOS_DEMO:
        raise ErrorSipros(
            f"--ciudadanos debe estar entre 1 y {MAX_CIUDADANOS_DEMO:,} (la demostración se "
            "genera en memoria)."
        )
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios import demo

    destino = comun.conectar()
    esquema.verificar(bd.motor(), migrar_si_vacia=True, migrar_si_antigua=destino.integrada)
    inicio = time.perf_counter()

    def avisar(etapa: str, hecho: int, total: int) -> None:
        print(f"[{time.perf_counter() - inicio:6.1f} s] {etapa}", file=sys.stderr, flush=True)

    r = demo.generar(n, args.semilla, progreso=avisar)
    for tabla, filas in r.filas.items():
        print(f"{tabla:22} {filas:>12,}")
    ritmo = r.total / r.segundos if r.segundos else 0
    print(f"{'total':22} {r.total:>12,} filas en {r.segundos:.1f} s ({ritmo:,.0f} filas/s)")
    return 0
