"""``pobreza lineas / fijar / recalcular / hogar``: CONEVAL's poverty measure — the
poverty lines catalogue, measuring every household again, and one household explained."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from sipros_desktop.cli import comun
from sipros_desktop.errores import ErrorDatos


def registrar(sub: comun.Subordenes) -> None:
    pob = sub.add_parser(
        "pobreza", help="la medición multidimensional de la pobreza (CONEVAL) de los hogares"
    )
    psub = comun.acciones(pob)
    lin = psub.add_parser(
        "lineas", help="las líneas de pobreza por ingresos de cada mes (la más nueva es la vigente)"
    )
    lin.add_argument("--json", action="store_true", help="resultado en JSON")
    lin.set_defaults(func=_lineas)
    fij = psub.add_parser(
        "fijar",
        help="agrega o corrige las líneas de un mes y clasifica otra vez cada hogar "
        "(administradores estatales)",
    )
    fij.add_argument("mes", metavar="MES", help="AAAA-MM o MM/AAAA (un mes ya empezado)")
    for opcion, que in (
        ("--extrema-urbana", "línea de pobreza extrema por ingresos urbana (canasta alimentaria)"),
        ("--pobreza-urbana", "línea de pobreza por ingresos urbana (alimentaria y no alimentaria)"),
        ("--extrema-rural", "línea de pobreza extrema por ingresos rural"),
        ("--pobreza-rural", "línea de pobreza por ingresos rural"),
    ):
        fij.add_argument(opcion, required=True, metavar="PESOS", help=f"{que}, por persona al mes")
    fij.add_argument("--fuente", required=True, metavar="TEXTO", help="quién la publicó y cuándo")
    fij.add_argument("--json", action="store_true", help="resultado en JSON")
    fij.set_defaults(func=_fijar)
    rec = psub.add_parser(
        "recalcular",
        help="mide otra vez cada hogar desde sus respuestas (tras cambiar el método; "
        "administradores estatales)",
    )
    rec.set_defaults(func=_recalcular)
    hog = psub.add_parser(
        "hogar", help="el hogar de un ciudadano: integrantes, carencias y clasificación con el "
        "porqué",
    )  # fmt: skip
    hog.add_argument("curp", metavar="CURP")
    hog.add_argument("--json", action="store_true", help="resultado en JSON")
    hog.set_defaults(func=_hogar)


def _mes(texto: str) -> date:
    t = texto.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", t) or re.fullmatch(r"(\d{1,2})/(\d{4})", t)
    if m is None:
        raise ErrorDatos(f"El mes «{texto}» no se entiende: escríbalo como AAAA-MM o MM/AAAA.")
    a, b = m.groups()
    anio, mes = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
    if not 1 <= mes <= 12:
        raise ErrorDatos(f"El mes «{texto}» no existe.")
    return date(anio, mes, 1)


def _linea_json(linea) -> dict:
    return {
        "mes": linea.mes.strftime("%Y-%m"), "extrema_urbana": str(linea.extrema_urbana),
        "pobreza_urbana": str(linea.pobreza_urbana), "extrema_rural": str(linea.extrema_rural),
        "pobreza_rural": str(linea.pobreza_rural), "fuente": linea.fuente,
    }  # fmt: skip


def _lineas(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import pobreza

    comun.conectar()
    todas = pobreza.lineas()
    if args.json:
        comun.imprimir_json([_linea_json(x) for x in todas], sangria=2)
        return 0
    if not todas:
        print("No hay líneas de pobreza: la medición no compara el ingreso.")
    for i, x in enumerate(todas):
        vigente = "  (vigente)" if i == 0 else ""
        print(f"{pobreza.nombre_mes(x.mes)}{vigente}")
        print(f"  urbana: extrema ${x.extrema_urbana:,.2f}, pobreza ${x.pobreza_urbana:,.2f}")
        print(f"  rural:  extrema ${x.extrema_rural:,.2f}, pobreza ${x.pobreza_rural:,.2f}")
        print(f"  fuente: {x.fuente}")
    return 0


def _fijar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import pobreza

    comun.conectar()
    r = pobreza.fijar_linea(_mes(args.mes), args.extrema_urbana, args.pobreza_urbana,
                            args.extrema_rural, args.pobreza_rural, args.fuente)  # fmt: skip
    if args.json:
        comun.imprimir_json({**_linea_json(r.linea), "nueva": r.nueva, "vigente": r.vigente,
                             "hogares": r.hogares}, sangria=2)  # fmt: skip
        return 0
    que = "agregadas" if r.nueva else "corregidas"
    print(f"Líneas de {pobreza.nombre_mes(r.linea.mes)} {que}.")
    if r.vigente:
        print(f"Son las vigentes: {r.hogares:,} hogares se clasificaron otra vez con ellas.")
    else:
        print("No son las vigentes (hay un mes más nuevo): la medición no cambió.")
    return 0


def _recalcular(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import pobreza

    comun.conectar()
    hechos = [0]

    def avance(medidos: int, total: int) -> None:
        hechos[0] = medidos
        print(f"  {medidos:,} de {total:,} hogares", file=sys.stderr, flush=True)

    try:
        n = pobreza.recalcular(avance)
    except KeyboardInterrupt:
        # each batch is its own transaction: what was measured stays measured
        print(f"Interrumpido: {hechos[0]:,} hogares quedaron medidos otra vez; los demás "
              "conservan su medición anterior. Vuelva a ejecutar la orden para medirlos todos.",
              file=sys.stderr)  # fmt: skip
        return comun.SALIDA_INTERRUMPIDA
    print(f"{n:,} hogares medidos otra vez desde sus respuestas.")
    return 0


def _hogar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import pobreza

    comun.conectar()
    m = pobreza.medicion(pobreza.ciudadano_de(args.curp))
    if m is None:
        raise ErrorDatos(
            "El ciudadano no tiene cuestionario socioeconómico: su hogar no está medido."
        )
    if args.json:
        comun.imprimir_json({
            "clasificacion": m.clasificacion, "etiqueta": m.etiqueta, "por_que": list(m.por_que),
            "ingreso_hogar": None if m.ingreso_hogar is None else str(m.ingreso_hogar),
            "ingreso_por_persona": None if m.ingreso_pc_min is None else [
                str(m.ingreso_pc_min), str(m.ingreso_pc_max)],
            "ambito": m.ambito, "lineas": m.linea.mes.strftime("%Y-%m") if m.linea else None,
            "version_cuestionario": m.version,
            "carencias": {c.clave: {"carencia": c.carencia, "motivo": c.motivo}
                          for c in m.carencias},
            "integrantes": [
                {"n": i.n, "nombre": i.nombre, "parentesco": i.parentesco, "sexo": i.sexo,
                 "edad": i.edad, "clasificacion": i.clasificacion,
                 "carencias": {c.clave: {"carencia": c.carencia, "motivo": c.motivo}
                               for c in i.carencias}}
                for i in m.integrantes],
        }, sangria=2)  # fmt: skip
        return 0
    lineas = f"líneas de {pobreza.nombre_mes(m.linea.mes)}" if m.linea else "sin líneas"
    print(f"{m.etiqueta} (cuestionario versión {m.version}, {lineas})")
    for renglon in m.por_que:
        print(f"  {renglon}")
    print("Carencias:")
    for c in m.carencias:
        print(f"  {c.nombre}: {c.estado}. {c.motivo}")
    if m.integrantes:
        print("Integrantes:")
    for i in m.integrantes:
        edad = f"{i.edad} años" if i.edad is not None else "edad sin responder"
        nombre = f"{i.nombre}, " if i.nombre else ""
        print(f"  {i.n}. {nombre}{i.parentesco}, {i.sexo}, {edad}: {i.etiqueta}")
        for c in i.carencias:
            print(f"     {c.nombre}: {c.estado}. {c.motivo}")
    return 0
