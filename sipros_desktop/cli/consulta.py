"""``consulta ver / contacto / reenviar / constancia``: the citizen-service desk by CURP (or
folio, to look), each action after its own look-up (logged, within the staff member's
limit)."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    con = sub.add_parser("consulta", help="atención ciudadana por CURP (o folio, para ver)")
    csub = comun.acciones(con)
    ver = csub.add_parser(
        "ver", help="solicitudes, apoyos, mensajes y convocatorias abiertas de un ciudadano, por "
        "su CURP o por el folio de una de sus solicitudes",
    )  # fmt: skip
    ver.add_argument("curp", metavar="CURP_O_FOLIO")
    ver.add_argument("--json", action="store_true", help="resultado en JSON")
    ver.set_defaults(func=_ver)
    cto = csub.add_parser("contacto", help="cambia teléfono, correo y aceptación de SMS")
    cto.add_argument("curp", metavar="CURP")
    cto.add_argument("--telefono", metavar="NUMERO", help="nuevo teléfono («» lo borra)")
    cto.add_argument("--correo", metavar="CORREO", help="nuevo correo («» lo borra)")
    cto.add_argument(
        "--acepta-sms", choices=("si", "no"), help="si el ciudadano acepta mensajes SMS"
    )
    cto.add_argument(
        "--identificacion",
        metavar="TIPO",
        help="identificación que revisó (obligatoria si cambia el teléfono o la aceptación de "
        "SMS): INE, Pasaporte, «Cédula profesional», «Licencia de conducir», «Cartilla "
        "militar», «Credencial INAPAM» o «Matrícula consular»",
    )
    cto.add_argument(
        "--referencia", metavar="XXXX", help="últimos 4 caracteres del número de la identificación"
    )
    cto.set_defaults(func=_contacto)
    ree = csub.add_parser("reenviar", help="reenvía el último SMS al teléfono actual")
    ree.add_argument("curp", metavar="CURP")
    ree.set_defaults(func=_reenviar)
    cst = csub.add_parser("constancia", help="constancia en PDF para el ciudadano")
    cst.add_argument("curp", metavar="CURP")
    cst.add_argument("--salida", required=True, metavar="ARCHIVO.pdf", help="PDF a escribir")
    cst.set_defaults(func=_constancia)


def _consultado(curp: str):
    """The citizen's file, looked up as the desk does (one logged look-up)."""
    from sipros_desktop.servicios import consulta

    e = consulta.buscar(curp)
    if e is None:
        raise ErrorSipros(f"No hay ningún ciudadano registrado con la CURP {curp}.")
    return e


def _contacto(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import consulta

    comun.conectar()
    if args.telefono is None and args.correo is None and args.acepta_sms is None:
        raise ErrorSipros("Indique --telefono, --correo o --acepta-sms.")
    actual = _consultado(args.curp)
    aviso = consulta.cambiar_contacto(
        args.curp,
        actual.telefono if args.telefono is None else args.telefono,
        actual.correo if args.correo is None else args.correo,
        actual.acepta_sms if args.acepta_sms is None else args.acepta_sms == "si",
        args.identificacion or "",
        args.referencia or "",
    )
    print("Datos de contacto actualizados.")
    if aviso is not None:
        print(f"Aviso {aviso} al número anterior ({actual.telefono}) en la bandeja.")
    return 0


def _reenviar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import consulta

    comun.conectar()
    e = _consultado(args.curp)  # (the desk acts on a citizen it looked up)
    if e.reenvio is None:
        raise ErrorSipros("El ciudadano no ha recibido ningún mensaje que reenviar.")
    nuevo = consulta.reenviar(e.curp, e.reenvio.id, e.telefono)
    print(f"Mensaje {nuevo} en la bandeja: «{e.reenvio.texto}» al {e.telefono}.")
    return 0


def _constancia(args: argparse.Namespace) -> int:
    import getpass
    from pathlib import Path

    from sipros_desktop.servicios import consulta
    from sipros_desktop.servicios.archivos import archivo_de_salida

    salida = archivo_de_salida(Path(args.salida), ".pdf")  # (checked before connecting)
    comun.conectar()
    e = _consultado(args.curp)
    salida.write_bytes(consulta.constancia_pdf(e, getpass.getuser()))
    print(f"Constancia de {e.curp} en {salida}.")
    return 0


def _ver(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import horario

    comun.conectar()
    e = _consultado(args.curp)
    if args.json:
        from dataclasses import asdict

        comun.imprimir_json(asdict(e), sangria=1, default=str)
        return 0
    if e.folio:
        print(f"El folio {e.folio} es de este ciudadano.")
    print(f"{e.curp} · {e.nombre_completo} · {e.municipio}")
    sms_ = "acepta SMS" if e.acepta_sms else "no acepta SMS"
    print(f"Teléfono: {e.telefono or '—'} ({sms_}) · Correo: {e.correo or '—'}")
    for s in e.solicitudes:
        print(f"  {s.folio}  {s.programa} — {s.tipo_apoyo}: {s.estado}"
              f"{'. ' + s.pendiente if s.pendiente else ''}")  # fmt: skip
        if s.documentos:
            print(f"    Documentos: {', '.join(s.documentos)}")
    for b in e.beneficios:
        monto = "" if b.monto is None else f" ${b.monto:,.2f}"
        print(f"  Apoyo {b.fecha_entrega:%d/%m/%Y} {b.programa} — {b.tipo_apoyo}{monto}")
    # the messages too, as --json lists them
    for m in e.mensajes:
        print(f"  Mensaje {horario.fecha_hora(m.creado)} {m.evento_texto} al {m.telefono}: "
              f"{m.estado} — «{m.texto}»")  # fmt: skip
    for c in e.contactos:
        print(f"  Cambio de contacto {horario.fecha_hora(c.fecha)}: {c.descripcion}")
    for cv in e.convocatorias:
        situacion = "puede solicitarla" if cv.elegible else cv.motivo
        print(f"  Convocatoria abierta {cv.programa} — {cv.nombre}: {situacion}")
    return 0
