"""``carga validar / aplicar / plantilla / revertir / lista`` (other agencies' rolls of
beneficiaries) and ``duplicados buscar / fusiones / separar`` (the duplicate review)."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    carga = sub.add_parser("carga", help="padrones de beneficiarios de otras dependencias")
    ksub = comun.acciones(carga)
    for accion, ayuda in (
        ("validar", "revisa un padrón sin guardar nada: filas válidas y cada problema"),
        ("aplicar", "valida y aplica las filas válidas de un padrón en una transacción"),
    ):
        k = ksub.add_parser(accion, help=ayuda)
        k.add_argument("archivo", metavar="ARCHIVO", help=".xlsx, .xls, .ods o .csv")
        k.add_argument("--programa", required=True, metavar="CLAVE", help="clave del programa")
        k.add_argument(
            "--columna", action="append", default=[], metavar="CAMPO=ENCABEZADO",
            help="qué encabezado del archivo es un campo (p. ej. SEXO=Género); se repite",
        )  # fmt: skip
        k.add_argument("--json", action="store_true", help="resultado en JSON")
        k.add_argument(
            "--errores", metavar="SALIDA.xlsx",
            help="escribe las filas con problemas y su observación, para devolverlas",
        )  # fmt: skip
        k.set_defaults(func=_validar_o_aplicar)
    ksub.choices["aplicar"].add_argument(
        "--estricta", action="store_true", help="cualquier fila con problemas cancela toda la carga"
    )
    pla = ksub.add_parser("plantilla", help="plantilla .xlsx del padrón de un programa")
    pla.add_argument("--programa", required=True, metavar="CLAVE", help="clave del programa")
    pla.add_argument("--salida", required=True, metavar="ARCHIVO.xlsx", help="archivo a escribir")
    pla.set_defaults(func=_plantilla)
    rev = ksub.add_parser("revertir", help="quita del Padrón los beneficios de una carga")
    rev.add_argument("id", type=int, metavar="ID", help="número de la carga")
    rev.add_argument("--motivo", required=True, help="por qué se revierte (queda en la bitácora)")
    rev.set_defaults(func=_revertir)
    ksub.add_parser(
        "lista", help="cargas aplicadas y revertidas, la más reciente primero"
    ).set_defaults(func=_lista)

    dup = sub.add_parser("duplicados", help="revisión de posibles duplicados del registro")
    dsub = comun.acciones(dup)
    bus = dsub.add_parser(
        "buscar", help="compara todo el registro y agrega los pares parecidos a la revisión"
    )
    bus.add_argument("--json", action="store_true", help="resultado en JSON")
    bus.set_defaults(func=_buscar_duplicados)
    fus = dsub.add_parser(
        "fusiones", help="las fusiones hechas desde la revisión, la última primero"
    )
    fus.add_argument("--json", action="store_true", help="resultado en JSON")
    fus.set_defaults(func=_fusiones)
    sep = dsub.add_parser(
        "separar", help="deshace la fusión de un par: los dos expedientes como estaban"
    )
    sep.add_argument("par", type=int, metavar="PAR", help="número del par de la revisión")
    sep.add_argument("--motivo", required=True, help="por qué se deshace (queda registrado)")
    sep.set_defaults(func=_separar)


def _plantilla(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import cargas

    comun.conectar()
    print(f"Plantilla en {cargas.plantilla(args.programa, args.salida)}.")
    return 0


def _revertir(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import cargas

    comun.conectar()
    r = cargas.revertir(args.id, args.motivo)
    print(
        f"Carga {r.carga_id} revertida: "
        f"{plural(r.beneficios, 'beneficio quitado', 'beneficios quitados')} del Padrón, "
        f"{plural(r.ciudadanos, 'expediente borrado', 'expedientes borrados')} "
        "(abiertos solo por ella)."
    )
    return 0


def _lista(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import cargas, horario

    comun.conectar()
    for k in cargas.cargas():
        print(
            f"{k.id:>6}  {horario.fecha_hora(k.creado)}  {k.estado:<9}  "
            f"{k.programa or k.dependencia:<8}  {k.beneficios:>9,} beneficios  {k.archivo}"
        )
    return 0


def _columna(opcion: str) -> tuple[str, str]:
    """``--columna CAMPO=ENCABEZADO`` as written: (field, header), the field one of the roll's."""
    from sipros_desktop.servicios import cargas

    campo, _, encabezado = opcion.partition("=")
    if campo.strip().lower() not in cargas.POR_CLAVE or not encabezado.strip():
        raise ErrorSipros(
            f"--columna «{opcion}»: use CAMPO=ENCABEZADO, con CAMPO uno de "
            f"{', '.join(c.encabezado for c in cargas.CAMPOS)}."
        )
    return campo, encabezado


def _validar_o_aplicar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import cargas

    comun.conectar()
    lectura = cargas.leer(args.archivo, cargas.mapeo_guardado(args.programa))
    for opcion in args.columna:
        cargas.asignar_encabezado(lectura, *_columna(opcion))
    if args.accion == "validar":
        r = cargas.validar(lectura, args.programa)
    else:
        r = cargas.aplicar(lectura, args.programa, estricta=args.estricta)
    if args.errores and r.errores:
        cargas.escribir_errores(lectura, r, args.errores)
    # «aplicar» that applied nothing (strict mode cancelled it, no valid row, already loaded)
    # did not do what was asked: exit 3, as documented
    salida = comun.SALIDA_INCOMPLETA if args.accion == "aplicar" and not r.aplicada else 0
    if args.json:
        comun.imprimir_json(r.como_dict())
        return salida
    print(
        f"{lectura.nombre}: {plural(r.filas, 'fila', 'filas')}, {r.validas:,} válidas, "
        f"{plural(r.filas_con_error, 'con problemas', 'con problemas')}."
    )
    for e in r.errores[:50]:
        print(f"  Fila {e.fila}, {e.columna} «{e.valor}»: {e.mensaje}")
    if len(r.errores) > 50:
        print(f"  … y {len(r.errores) - 50:,} problemas más (use --errores o --json).")
    if r.ya_cargada:
        print(r.ya_cargada)
    if args.accion == "aplicar":
        if r.aplicada:
            print(
                f"Carga {r.carga_id} aplicada: {plural(r.beneficios, 'beneficio', 'beneficios')}, "
                f"{plural(r.ciudadanos_nuevos, 'expediente nuevo', 'expedientes nuevos')}, "
                f"{plural(r.a_revision, 'fila', 'filas')} a revisión de duplicados."
            )
        elif args.estricta and r.errores:
            print("Modo estricto: hay filas con problemas, no se aplicó ninguna.")
        else:
            print("No hay filas válidas: no se aplicó nada.")
    else:
        print(
            f"Al aplicar: {plural(r.beneficios, 'beneficio', 'beneficios')}, "
            f"{plural(r.ciudadanos_nuevos, 'expediente nuevo', 'expedientes nuevos')}, "
            f"{plural(r.a_revision, 'fila', 'filas')} a revisión de duplicados."
        )
    return salida


def _fusiones(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import duplicados

    comun.conectar()
    lista = duplicados.fusiones()
    if args.json:
        comun.imprimir_json([{**f.__dict__, "fusionado": f.fusionado.isoformat(),
                              "separado": f.separado.isoformat() if f.separado else None}
                             for f in lista], escapar=True)  # fmt: skip
        return 0
    for f in lista:
        estado = f"deshecha el {f.separado:%d/%m/%Y} por {f.separado_por}" if f.separado else ""
        print(f"par {f.revision_id}: {f.curp_absorbida} ({f.nombre_absorbido}) en "
              f"{f.curp_conservada or '—'}, {f.fusionado:%d/%m/%Y %H:%M} por "
              f"{f.fusionado_por} {estado}".rstrip())  # fmt: skip
    if not lista:
        print("No hay fusiones.")
    return 0


def _separar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import duplicados

    comun.conectar()
    r = duplicados.separar(args.par, args.motivo)
    print(f"Fusión deshecha: el expediente {r.curp} volvió con "
          f"{plural(r.solicitudes, 'solicitud', 'solicitudes')}, "
          f"{plural(r.beneficios, 'beneficio', 'beneficios')} y "
          f"{plural(r.documentos, 'documento', 'documentos')}; "
          "el par vuelve a la revisión.")  # fmt: skip
    return 0


def _buscar_duplicados(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import duplicados

    comun.conectar()
    r = duplicados.buscar()
    if args.json:
        comun.imprimir_json({"ciudadanos": r.ciudadanos, "comparados": r.comparados,
                             "pares": r.pares, "nuevos": r.nuevos,
                             "segundos": round(r.segundos, 1)}, escapar=True)  # fmt: skip
    else:
        print(
            f"{r.ciudadanos:,} expedientes, {r.comparados:,} pares comparados: "
            f"{plural(r.pares, 'par parecido', 'pares parecidos')}, "
            f"{plural(r.nuevos, 'nuevo en la revisión', 'nuevos en la revisión')} "
            f"({r.segundos:.1f} s)."
        )
    return 0
