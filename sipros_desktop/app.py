"""Entry point: ``sipros-desktop`` opens the GUI; sub-commands are thin calls of servicios."""

from __future__ import annotations

import argparse
import sys
import time

from sipros_desktop import __version__
from sipros_desktop.errores import ErrorSipros


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sipros-desktop",
        description="SIPROS Escritorio. Sin argumentos abre la aplicación.",
        epilog="La base de datos se toma de SIPROS_DB_URL, del perfil de conexión guardado o, "
        "si no hay ninguno, de la base integrada en la carpeta de datos (SIPROS_DATOS).",
    )
    p.add_argument("--version", action="version", version=f"sipros-desktop {__version__}")
    sub = p.add_subparsers(dest="orden", metavar="ORDEN")
    db = sub.add_parser("db", help="esquema de la base de datos")
    dbsub = db.add_subparsers(dest="accion", required=True, metavar="ACCION")
    dbsub.add_parser("upgrade", help="aplica las migraciones pendientes")
    dbsub.add_parser("estado", help="muestra la versión del esquema")
    demo = sub.add_parser("demo", help="llena una base vacía con datos sintéticos")
    demo.add_argument("--ciudadanos", type=int, default=1000, metavar="N")
    demo.add_argument("--semilla", type=int, default=2022, metavar="S")
    cap = sub.add_parser("capturas", help="guarda una imagen PNG de cada ventana")
    cap.add_argument("carpeta", metavar="DIR")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.orden is None:
        from sipros_desktop.vistas.aplicacion import ejecutar_gui

        return ejecutar_gui()
    try:
        if args.orden == "db":
            return _db(args.accion)
        if args.orden == "demo":
            return _demo(args.ciudadanos, args.semilla)
        if args.orden == "capturas":
            from sipros_desktop.vistas.capturas import guardar_capturas

            for ruta in guardar_capturas(args.carpeta):
                print(ruta)
            return 0
    except ErrorSipros as e:
        print(f"Error: {e.mensaje}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrumpido; no se guardó nada.", file=sys.stderr)
        return 130
    return 2


def _db(accion: str) -> int:
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios.sesion import conectar_configurada

    destino = conectar_configurada()
    e = esquema.estado(bd.motor())
    if accion == "estado":
        print(f"Base: {destino.descripcion}")
        print(f"Esquema: {e.actual or 'vacío'} (este programa: {e.esperada})")
        return 0
    if e.al_dia:
        print(f"El esquema ya está al día ({e.actual}).")
        return 0
    if e.desconocida:
        esquema.verificar(bd.motor())  # raises the explanation
    esquema.actualizar(bd.motor())
    print(f"Esquema actualizado: {e.actual or 'vacío'} → {e.esperada}.")
    return 0


def _demo(n: int, semilla: int) -> int:
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios import demo
    from sipros_desktop.servicios.sesion import conectar_configurada

    destino = conectar_configurada()
    esquema.verificar(bd.motor(), migrar_si_vacia=True, migrar_si_antigua=destino.integrada)
    inicio = time.perf_counter()

    def avisar(etapa: str, hecho: int, total: int) -> None:
        print(f"[{time.perf_counter() - inicio:6.1f} s] {etapa}", file=sys.stderr, flush=True)

    r = demo.generar(n, semilla, progreso=avisar)
    for tabla, filas in r.filas.items():
        print(f"{tabla:22} {filas:>12,}")
    ritmo = r.total / r.segundos if r.segundos else 0
    print(f"{'total':22} {r.total:>12,} filas en {r.segundos:.1f} s ({ritmo:,.0f} filas/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
