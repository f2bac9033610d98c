"""``formulario publicar / lista / exportar / comparar``: the socio-economic forms as data."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural


def registrar(sub: comun.Subordenes) -> None:
    fo = sub.add_parser("formulario", help="formularios (cuestionarios) como datos")
    fosub = comun.acciones(fo)
    pub = fosub.add_parser(
        "publicar", help="publica un formulario JSON (versión nueva si la clave ya existe)"
    )
    pub.add_argument("archivo", metavar="ARCHIVO.json")
    pub.set_defaults(func=_publicar)
    fosub.add_parser(
        "lista", help="formularios, sus versiones y borradores, y su uso"
    ).set_defaults(func=_lista)
    fexp = fosub.add_parser("exportar", help="una versión publicada como JSON")
    fexp.add_argument("clave", metavar="CLAVE")
    fexp.add_argument("--version", type=int, metavar="N", help="por omisión la más reciente")
    fexp.add_argument("--salida", required=True, metavar="ARCHIVO.json", help="JSON a escribir")
    fexp.set_defaults(func=_exportar)
    fcmp = fosub.add_parser("comparar", help="qué cambió entre dos versiones de un formulario")
    fcmp.add_argument("clave", metavar="CLAVE")
    fcmp.add_argument("--de", type=int, required=True, metavar="N", help="versión anterior")
    fcmp.add_argument("--a", type=int, required=True, metavar="M", help="versión nueva")
    fcmp.set_defaults(func=_comparar)


def _publicar(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import formularios

    definicion = formularios.leer_archivo(Path(args.archivo))  # (checked before connecting)
    comun.conectar()
    f = formularios.publicar(definicion)
    print(
        f"Formulario {f.clave} versión {f.version} publicado "
        f"({plural(len(f.preguntas()), 'pregunta', 'preguntas')})."
    )
    return 0


def _lista(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import disenador

    comun.conectar()
    for v in disenador.versiones():
        usos = ", ".join(v.convocatorias) or "ninguna convocatoria"
        uso = "" if v.borrador else f"{v.respuestas:,} respuestas, {usos}"
        if v.excede:
            uso += f" (no se puede abrir: {v.excede})"
        print(f"{v.clave:<12} {v.etiqueta:<11} {v.preguntas:>3} preguntas  {uso}")
    return 0


def _exportar(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import disenador

    comun.conectar()
    elegida = disenador.version_publicada(args.clave, args.version)
    ruta = disenador.exportar(elegida.id, Path(args.salida))
    print(f"Formulario exportado a {ruta}.")
    return 0


def _comparar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import disenador

    comun.conectar()
    antes = disenador.version_publicada(args.clave, args.de)
    despues = disenador.version_publicada(args.clave, args.a)
    cambios = disenador.comparar(disenador.definicion(antes.id), disenador.definicion(despues.id))
    if not cambios:
        print("Las dos versiones tienen las mismas preguntas.")
    for c in cambios:
        comparable = "comparable" if c.comparable else "NO comparable"
        detalle = f": {c.detalle}" if c.detalle else ""
        print(f"{c.que:<10} {c.clave} «{c.texto}» ({comparable}){detalle}")
    return 0
