"""``brigada paquete / estado / sincronizar / conflictos / revisar``: field brigades that
register citizens and file applications without a connection (servicios/brigada.py)."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    bri = sub.add_parser("brigada", help="brigadas de campo: registro y solicitudes sin conexión")
    bsub = comun.acciones(bri)
    paq = bsub.add_parser(
        "paquete",
        help="descarga a este equipo el paquete de brigada: convocatorias, geografía y huellas "
        "de las CURP registradas en los municipios (sin nombres ni domicilios)",
    )
    paq.add_argument(
        "--convocatoria",
        action="append",
        default=[],
        metavar="CLAVE",
        help="convocatoria que la brigada recibirá (repita la opción para varias)",
    )
    paq.add_argument(
        "--municipio",
        action="append",
        required=True,
        metavar="CLAVE",
        help="municipio que la brigada recorre: clave INEGI (014 o 22014) o nombre (repita la "
        "opción para varios, hasta 20)",
    )
    paq.add_argument(
        "--dias",
        type=int,
        default=15,
        metavar="N",
        help="días que vale el paquete (1 a 30; al vencer se borra del equipo)",
    )
    paq.add_argument("--json", action="store_true", help="resultado en JSON")
    paq.set_defaults(func=_paquete)
    est = bsub.add_parser(
        "estado", help="el paquete de brigada de este equipo y sus capturas por estado"
    )
    est.add_argument("--json", action="store_true", help="resultado en JSON")
    est.set_defaults(func=_estado)
    sinc = bsub.add_parser(
        "sincronizar",
        help="envía al servidor las capturas de la brigada, cada una una sola vez; lo que no "
        "se puede aplicar queda por revisar",
    )
    sinc.add_argument("--json", action="store_true", help="resultado en JSON")
    sinc.set_defaults(func=_sincronizar)
    conf = bsub.add_parser(
        "conflictos", help="las capturas de la brigada que no se aplicaron, con qué se puede hacer"
    )
    conf.add_argument("--json", action="store_true", help="resultado en JSON")
    conf.set_defaults(func=_conflictos)
    rev = bsub.add_parser("revisar", help="decide sobre una captura por revisar, con una nota")
    rev.add_argument("clave", metavar="ID", help="la captura (bastan los primeros 8 caracteres)")
    rev.add_argument(
        "--accion",
        required=True,
        choices=["reintentar", "usar_expediente", "registrar_distinta", "descartar"],
        help="qué hacer (las que la lista de conflictos ofrece para esa captura)",
    )
    rev.add_argument("--nota", required=True, metavar="TEXTO", help="por qué (obligatoria)")
    rev.add_argument(
        "--curp",
        metavar="CURP",
        help="con usar_expediente, cuál expediente cuando hay varios candidatos",
    )
    rev.set_defaults(func=_revisar)


def _paquete(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import brigada

    comun.conectar()
    convs, muns = brigada.ids_por_claves(args.convocatoria, args.municipio)
    kit, cifras = brigada.descargar_kit(convs, muns, args.dias)
    if args.json:
        comun.imprimir_json(
            {
                "id": kit.id,
                "vence": kit.vence.isoformat(),
                "convocatorias": [c["clave"] for c in kit.convocatorias],
                "municipios": [m["clave"] for m in kit.municipios],
                "curps": cifras.curps,
                "nombres": cifras.nombres,
                "bytes": cifras.bytes,
                "segundos": round(cifras.segundos, 2),
            }
        )
        return 0
    print(
        f"Paquete de brigada {kit.corto} de {kit.usuario}, vale hasta "
        f"{kit.vence.astimezone():%d/%m/%Y %H:%M}: "
        f"{plural(len(kit.convocatorias), 'convocatoria', 'convocatorias')}, "
        f"{plural(len(kit.municipios), 'municipio', 'municipios')} "
        f"({', '.join(m['nombre'] for m in kit.municipios)}), "
        f"{cifras.curps:,} CURP registradas, {cifras.bytes / 1_048_576:.1f} MB, "
        f"{cifras.segundos:.1f} s."
    )
    return 0


def _estado(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import brigada

    comun.conectar()
    cuenta = brigada.resumen_local()
    try:
        kit, problema = brigada.kit_actual(), None
    except ErrorSipros as e:
        kit, problema = None, e.mensaje
    if args.json:
        comun.imprimir_json(
            {
                "paquete": None
                if kit is None
                else {
                    "id": kit.id,
                    "vence": kit.vence.isoformat(),
                    "convocatorias": [c["clave"] for c in kit.convocatorias],
                    "municipios": [m["clave"] for m in kit.municipios],
                },
                "problema": problema,
                "capturas": cuenta,
            }
        )
        return 0
    if kit is not None:
        print(
            f"Paquete {kit.corto}, vale hasta {kit.vence.astimezone():%d/%m/%Y %H:%M}: "
            f"{', '.join(c['clave'] for c in kit.convocatorias) or 'sin convocatorias'}; "
            f"{', '.join(m['nombre'] for m in kit.municipios)}."
        )
    else:
        print(problema or "No hay paquete de brigada en este equipo.")
    print(
        f"Capturas: {cuenta['pendiente']:,} por sincronizar, {cuenta['conflicto']:,} por "
        f"revisar, {cuenta['aplicada']:,} aplicadas, {cuenta['descartada']:,} descartadas."
    )
    return 0


def _sincronizar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import brigada

    comun.conectar()
    r = brigada.sincronizar()
    if args.json:
        comun.imprimir_json(
            {
                "diario_de": r.diario_de,
                "registrados": r.registrados,
                "presentadas": r.presentadas,
                "ya_aplicadas": r.ya_aplicadas,
                "conflictos": len(r.conflictos),
                "en_espera": r.en_espera,
                "pendientes": r.pendientes,
                "folios": r.folios,
            },
            escapar=True,
        )
    else:
        print(
            f"Brigada de {r.diario_de}. Registrados: {r.registrados:,}. Solicitudes "
            f"presentadas: {r.presentadas:,}. Ya aplicadas antes: {r.ya_aplicadas:,}. "
            f"Por revisar: {len(r.conflictos):,}. En espera de su registro: {r.en_espera:,}."
        )
        for provisional, folio in r.folios.items():
            print(f"  {provisional} → {folio}")
        for c in r.conflictos:
            print(f"  Por revisar {c['clave'][:8]}: {c.get('motivo', '')}", file=sys.stderr)
    return comun.SALIDA_INCOMPLETA if r.conflictos else 0


def _conflictos(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import brigada

    comun.conectar()
    lista = brigada.conflictos()
    if args.json:
        comun.imprimir_json([c.__dict__ for c in lista])
        return 0
    if not lista:
        print("No hay capturas de brigada por revisar en este equipo.")
        return 0
    for c in lista:
        print(
            f"{c.clave[:8]}  {c.tipo} · {c.quien or '—'} · {c.folio_provisional or '—'} · "
            f"capturada {c.cuando}"
        )
        print(f"          {c.motivo}")
        print(f"          Puede: {', '.join(c.acciones)}")
    print('Decida con «sipros-desktop brigada revisar ID --accion … --nota "…"».')
    return 0


def _revisar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import brigada

    comun.conectar()
    claves = [c.clave for c in brigada.conflictos() if c.clave.startswith(args.clave.lower())]
    if len(claves) != 1:
        raise ErrorSipros(
            "No hay una captura por revisar con ese ID."
            if not claves
            else "Ese ID es el comienzo de varias capturas: escriba más caracteres."
        )
    brigada.revisar(claves[0], args.accion, args.nota, args.curp)
    print(
        f"Captura {claves[0][:8]}: {brigada.ACCIONES[args.accion].lower()}. "
        f"Quedan {plural(len(brigada.conflictos()), 'captura', 'capturas')} por revisar."
    )
    return 0
