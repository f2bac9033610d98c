"""``curp`` (what a CURP says and why it is not valid), ``registro-civil importar`` and
``geografia importar`` (the official catalogues: Registro Civil, INEGI, SEPOMEX)."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural


def registrar(sub: comun.Subordenes) -> None:
    cu = sub.add_parser("curp", help="valida una CURP y muestra lo que se deriva de ella")
    cu.add_argument("curp", metavar="CURP")
    cu.add_argument("--json", action="store_true", help="salida en JSON")
    cu.set_defaults(func=_curp)
    rc = sub.add_parser("registro-civil", help="extracto del Registro Civil")
    rcsub = comun.acciones(rc)
    imp = rcsub.add_parser("importar", help="importa un CSV del Registro Civil")
    imp.add_argument("archivo", metavar="ARCHIVO")
    imp.set_defaults(func=_registro_civil)
    geo = sub.add_parser("geografia", help="catálogos de localidades (INEGI) y colonias (SEPOMEX)")
    geosub = comun.acciones(geo)
    gimp = geosub.add_parser(
        "importar", help="importa archivos AGEEML (localidades) o SEPOMEX (colonias)"
    )
    gimp.add_argument("archivos", metavar="ARCHIVO", nargs="+")
    gimp.set_defaults(func=_geografia)


def _curp(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import curp

    info = curp.analizar(args.curp)
    if args.json:
        comun.imprimir_json(curp.como_dict(info), sangria=2)
        return 0 if info.valida else 1
    print(f"CURP {info.curp}: {'válida' if info.valida else 'NO válida'}")
    for error in info.errores:
        print(f"  - {error}")
    if info.fecha_nacimiento:
        print(f"Fecha de nacimiento: {info.fecha_nacimiento:%d/%m/%Y}")
    if info.sexo:
        print(f"Sexo: {curp.SEXOS.get(info.sexo, info.sexo)}")
    if info.entidad:
        print(f"Entidad de nacimiento: {info.entidad} ({info.entidad_nombre})")
    return 0 if info.valida else 1


def _registro_civil(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import registro_civil

    comun.conectar()
    r = registro_civil.importar(args.archivo)
    for error in r.errores[:50]:
        print(f"  {error}", file=sys.stderr)
    if len(r.errores) > 50:
        print(f"  … y {len(r.errores) - 50} errores más", file=sys.stderr)
    errores = (
        plural(len(r.errores), "fila con error no se importó", "filas con error no se importaron")
        if r.errores
        else "ninguna con error"
    )
    print(
        f"Registro Civil: {plural(r.guardadas, 'CURP importada', 'CURP importadas')} de "
        f"{plural(r.leidas, 'fila', 'filas')}; {errores}."
    )
    # (what Administración › Registro Civil shows after an import)
    t = registro_civil.resumen()
    print(
        f"Expedientes: {t.verificadas:,} verificados, {t.con_discrepancias:,} con "
        f"discrepancias, {t.no_encontradas:,} no encontrados."
    )
    return 0 if r.guardadas or not r.leidas else 1


def _geografia(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import geografia

    comun.conectar()
    for archivo in geografia.en_orden(args.archivos):
        r = geografia.importar(archivo)
        guardadas = "guardados" if r.tipo.startswith("límites") else "guardadas"
        print(
            f"{archivo}: {r.guardadas:,} {r.tipo} {guardadas} de {r.leidas:,} filas "
            f"({r.omitidas:,} de municipios fuera del catálogo)."
        )
    return 0
