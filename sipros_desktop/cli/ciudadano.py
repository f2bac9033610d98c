"""``ciudadano corregir / historial``: corrections of a citizen's file, with their reason."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun


def registrar(sub: comun.Subordenes) -> None:
    ciu = sub.add_parser("ciudadano", help="correcciones del expediente de un ciudadano")
    cisub = comun.acciones(ciu)
    cor = cisub.add_parser(
        "corregir",
        help="corrige nombre, nacimiento, sexo, CURP o contacto con su motivo (queda en el "
        "historial)",
    )
    cor.add_argument(
        "curp", metavar="CURP", help="la CURP del expediente (o una de sus anteriores)"
    )
    cor.add_argument("--motivo", required=True, metavar="TEXTO", help="por qué se corrige")
    cor.add_argument("--nombre", metavar="NOMBRE(S)")
    cor.add_argument("--primer-apellido", metavar="APELLIDO")
    cor.add_argument("--segundo-apellido", metavar="APELLIDO", help="«» lo borra")
    cor.add_argument("--nacimiento", metavar="DD/MM/AAAA")
    cor.add_argument("--sexo", choices=("H", "M", "X"))
    cor.add_argument(
        "--curp-nueva",
        metavar="CURP",
        help="la CURP corregida que emitió RENAPO (la anterior sigue encontrando el expediente)",
    )
    cor.add_argument("--telefono", metavar="NUMERO", help="«» lo borra")
    cor.add_argument("--correo", metavar="CORREO", help="«» lo borra")
    cor.add_argument("--acepta-sms", choices=("si", "no"))
    cor.set_defaults(func=_corregir)
    his = cisub.add_parser("historial", help="las correcciones de un expediente, la última primero")
    his.add_argument("curp", metavar="CURP")
    his.add_argument("--json", action="store_true", help="resultado en JSON")
    his.set_defaults(func=_historial)


def _historial(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import correcciones, horario

    comun.conectar()
    cambios = correcciones.historial(ciudadano_id=correcciones.ciudadano_de(args.curp))
    if args.json:
        comun.imprimir_json([
            {"apartado": c.apartado, "antes": c.antes, "ahora": c.ahora, "motivo": c.motivo,
             "funcionario": c.funcionario, "fecha": c.creado.isoformat(), "folio": c.folio}
            for c in cambios
        ], sangria=2, default=str)  # fmt: skip
        return 0
    if not cambios:
        print("El expediente no tiene correcciones.")
    for c in cambios:
        folio = f" (solicitud {c.folio})" if c.folio else ""
        print(f"{horario.fecha_hora(c.creado)} · {c.apartado}{folio} · {c.funcionario}")
        print(f"  antes: {correcciones.describir(c.antes)}")
        print(f"  ahora: {correcciones.describir(c.ahora)}")
        print(f"  motivo: {c.motivo}")
    return 0


def _corregir(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import correcciones

    comun.conectar()
    cid = correcciones.ciudadano_de(args.curp)
    cambios = correcciones.Cambios(
        ciudadano_id=cid,
        motivo=args.motivo,
        nombre=args.nombre,
        apellido_paterno=args.primer_apellido,
        apellido_materno=args.segundo_apellido,
        fecha_nacimiento=comun.fecha_de(args.nacimiento, "--nacimiento"),
        sexo=args.sexo,
        telefono=args.telefono,
        correo=args.correo,
        acepta_sms=None if args.acepta_sms is None else args.acepta_sms == "si",
    )
    if args.curp_nueva:
        cambios = correcciones.con_curp(cambios, "".join(args.curp_nueva.split()).upper())
    r = correcciones.corregir(cambios)
    print(f"Expediente {r.curp} corregido: {', '.join(r.apartados) or 'sin cambios'}.")
    print(r.verificacion.describir())
    return 0
