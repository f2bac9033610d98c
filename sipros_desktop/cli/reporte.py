"""``reporte --lista`` / ``reporte NOMBRE … --salida X.xlsx|X.pdf``: the reports of what the
connected user may see."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    rep = sub.add_parser(
        "reporte", help="reportes del alcance del usuario de la conexión, a Excel o PDF"
    )
    rep.add_argument("nombre", nargs="?", metavar="NOMBRE", help="reporte (vea --lista)")
    rep.add_argument("--lista", action="store_true", help="lista los reportes y sus filtros")
    for opcion, ayuda in (
        ("dependencia", "clave de la dependencia"), ("programa", "clave del programa"),
        ("convocatoria", "clave de la convocatoria"),
        ("municipio", "clave INEGI del municipio (014 o 22014)"),
        ("localidad", "clave INEGI de la localidad (9 dígitos)"),
        ("colonia", "clave de la colonia (catálogo de SEPOMEX; vea Administración › Geografía)"),
        ("estado", "estado de la solicitud"), ("origen", "Solicitud o «Carga masiva»"),
    ):  # fmt: skip
        rep.add_argument(f"--{opcion}", metavar="VALOR", help=ayuda)
    rep.add_argument("--desde", metavar="AAAA-MM-DD", help="inicio del periodo")
    rep.add_argument("--hasta", metavar="AAAA-MM-DD", help="fin del periodo")
    rep.add_argument("--salida", metavar="ARCHIVO.xlsx|.pdf", help="archivo a escribir")
    rep.set_defaults(func=_reporte)


def _lista() -> int:
    from sipros_desktop.servicios import reportes

    for r in reportes.REPORTES.values():
        print(f"{r.clave:<30} {r.titulo}")
        print(f"{'':<30} filtros: {', '.join(r.filtros)}")
    return 0


def _reporte(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import reportes, seguridad

    if args.lista:
        return _lista()
    if not args.nombre or not args.salida:
        raise ErrorSipros("Indique el reporte y --salida ARCHIVO.xlsx o .pdf (vea --lista).")
    reportes.reporte(args.nombre)  # an unknown name says which exist, before connecting
    salida = Path(args.salida)
    if salida.suffix.lower() not in (".xlsx", ".pdf"):
        raise ErrorSipros("--salida debe terminar en .xlsx o .pdf.")
    filtros = reportes.Filtros(
        dependencia=args.dependencia, programa=args.programa, convocatoria=args.convocatoria,
        desde=comun.fecha_de(args.desde, "--desde"), hasta=comun.fecha_de(args.hasta, "--hasta"),
        municipio=args.municipio, localidad=args.localidad, colonia=args.colonia,
        estado=args.estado, origen=args.origen,
    )  # fmt: skip
    comun.conectar()
    if salida.suffix.lower() == ".xlsx":
        n = reportes.exportar_excel(args.nombre, filtros, salida)
        print(f"{plural(n, 'fila', 'filas')} en {salida}.")
        return 0
    perfil = seguridad.mi_perfil()
    reportes.exportar_pdf(
        args.nombre, filtros, salida,
        usuario=perfil.nombre if perfil else "",
        agencia=perfil.dependencia_nombre or "" if perfil else "",
    )  # fmt: skip
    print(f"Reporte en {salida}.")
    return 0
