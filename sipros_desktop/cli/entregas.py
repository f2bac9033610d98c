"""``comprobantes imprimir`` (the QR vouchers of a call, to one PDF) and ``entregas eventos /
paquete / sincronizar / conflictos / registrar`` (delivery events, offline deliveries and
deliveries without an event)."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    comp = sub.add_parser("comprobantes", help="comprobantes QR de entrega")
    csub = comun.acciones(comp)
    imp = csub.add_parser(
        "imprimir",
        help="emite los comprobantes de las solicitudes aprobadas de una convocatoria que no "
        "tienen uno vigente y los escribe en un PDF",
    )
    imp.add_argument(
        "--convocatoria", required=True, metavar="CLAVE", help="clave de la convocatoria"
    )
    imp.add_argument("--salida", required=True, metavar="ARCHIVO.pdf", help="PDF a escribir")
    imp.add_argument(
        "--evento", type=int, metavar="ID",
        help="evento al que van las solicitudes sin evento (si no se da, se crea uno)",
    )  # fmt: skip
    imp.add_argument("--json", action="store_true", help="resultado en JSON")
    imp.set_defaults(func=_imprimir)

    ent = sub.add_parser("entregas", help="eventos de entrega y entregas sin conexión")
    esub = comun.acciones(ent)
    sinc = esub.add_parser(
        "sincronizar", help="aplica en el servidor las entregas anotadas sin conexión"
    )
    sinc.add_argument("--json", action="store_true", help="resultado en JSON")
    sinc.add_argument(
        "--lote", type=int, default=200, metavar="N",
        help="entregas por transacción (cada una con su punto de guardado)",
    )  # fmt: skip
    sinc.set_defaults(func=_sincronizar)
    conf = esub.add_parser(
        "conflictos",
        help="lista las entregas sin conexión de este equipo que no se aplicaron (y los renglones "
        "ilegibles del diario), o marca una revisada con --revisar ID --nota",
    )
    conf.add_argument(
        "--revisar", metavar="ID",
        help="el conflicto a marcar revisado (su ID de la lista; bastan sus primeros 8 caracteres)",
    )  # fmt: skip
    conf.add_argument("--nota", metavar="TEXTO", help="qué se revisó y con quién (obligatoria)")
    conf.add_argument("--json", action="store_true", help="resultado en JSON")
    conf.set_defaults(func=_conflictos)
    paq = esub.add_parser(
        "paquete", help="descarga a este equipo los comprobantes de un evento, para entregar sin "
        "conexión",
    )  # fmt: skip
    paq.add_argument(
        "--evento", type=int, required=True, metavar="ID",
        help="evento de entrega (su número: «sipros-desktop entregas eventos»)",
    )  # fmt: skip
    paq.set_defaults(func=_paquete)
    eve = esub.add_parser(
        "eventos",
        help="los eventos de entrega de su alcance, con su número (ID), el más nuevo primero",
    )
    eve.add_argument("--convocatoria", metavar="CLAVE", help="solo los de esta convocatoria")
    eve.add_argument("--json", action="store_true", help="resultado en JSON")
    eve.set_defaults(func=_eventos)
    reg = esub.add_parser(
        "registrar",
        help="entrega sin evento de una solicitud aprobada (transferencia, tarjeta, cheque…)",
    )
    reg.add_argument("folio", metavar="FOLIO", help="folio de la solicitud aprobada")
    reg.add_argument(
        "--metodo", required=True, metavar="METODO",
        help="transferencia, tarjeta, cheque u orden de pago",
    )  # fmt: skip
    reg.add_argument(
        "--referencia", required=True, metavar="TEXTO",
        help="número de la transferencia, del cheque o de la tarjeta",
    )  # fmt: skip
    reg.add_argument("--fecha", metavar="dd/mm/aaaa", help="día de la entrega (omisión: hoy)")
    reg.set_defaults(func=_registrar)


def _imprimir(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import comprobantes
    from sipros_desktop.servicios.archivos import archivo_de_salida

    salida = archivo_de_salida(Path(args.salida), ".pdf")
    comun.conectar()
    emision = comprobantes.emitir_convocatoria(args.convocatoria, args.evento)
    try:
        salida.write_bytes(emision.pdf)
    except OSError as e:
        raise ErrorSipros(
            f"Se emitieron {emision.cantidad:,} comprobantes pero no se pudo escribir «{salida}» "
            f"({e.strerror}). Reimprímalos desde Entregas: los códigos de este PDF no se "
            "guardaron en ningún lado."
        ) from e
    if args.json:
        comun.imprimir_json({"comprobantes": emision.cantidad, "archivo": str(salida),
                             "eventos": list(emision.eventos),
                             "evento_nuevo": emision.evento_nuevo}, escapar=True)  # fmt: skip
    else:
        emitidos = plural(emision.cantidad, "comprobante emitido", "comprobantes emitidos")
        eventos = ", ".join(str(e) for e in emision.eventos)
        print(f"{emitidos} en {salida} (evento {eventos}).")
        if emision.evento_nuevo is not None:
            print(f"Se creó el evento {emision.evento_nuevo}, en la fecha y el lugar por "
                  "confirmar: complételos en Entregas → Eventos y comprobantes antes de avisar a "
                  "los beneficiarios.")  # fmt: skip
    return 0


def _registrar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import entrega_directa

    comun.conectar()
    fecha = comun.fecha_de(args.fecha, "--fecha")
    r = entrega_directa.registrar(
        entrega_directa.solicitud_por_folio(args.folio), args.metodo, args.referencia, fecha
    )
    print(f"{r.folio}: entregado por {entrega_directa.metodo_valido(args.metodo).lower()} "
          f"el {r.fecha:%d/%m/%Y} — {r.nombre}, {r.programa} ({r.tipo_apoyo}).")  # fmt: skip
    return 0


def _eventos(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import entregas

    comun.conectar()
    lista = entregas.eventos(convocatoria=args.convocatoria or None)
    if args.json:
        comun.imprimir_json([{"id": e.id, "nombre": e.nombre,
                              "convocatoria": e.clave_convocatoria,
                              "fecha": e.fecha.isoformat(), "municipio": e.municipio,
                              "lugar": e.domicilio, "asignadas": e.asignadas,
                              "entregados": e.entregados} for e in lista])  # fmt: skip
        return 0
    for e in lista:
        print(f"{e.id:>6}  {e.fecha:%d/%m/%Y}  {e.clave_convocatoria:<14} "
              f"{e.municipio:<22} {e.nombre} — {e.domicilio} "
              f"({e.entregados:,} de {e.asignadas:,} entregados)")  # fmt: skip
    if not lista:
        print(
            "No hay eventos de entrega en su alcance"
            + (f" de la convocatoria {args.convocatoria}." if args.convocatoria else ".")
        )
    return 0


def _paquete(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import entregas

    comun.conectar()
    kit = entregas.descargar_kit(args.evento)
    print(
        f"Paquete del evento «{kit.evento}» ({kit.fecha:%d/%m/%Y}): "
        f"{plural(len(kit.comprobantes), 'comprobante', 'comprobantes')}, y "
        f"{plural(len(kit.otros), 'comprobante', 'comprobantes')} de otros eventos (solo su "
        f"código cifrado y su evento), en {kit.ruta}."
    )
    return 0


def _sincronizar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import entregas

    comun.conectar()
    if not 1 <= args.lote <= 5000:
        raise ErrorSipros("--lote debe estar entre 1 y 5,000.")
    r = entregas.sincronizar(lote=args.lote)
    otros = entregas.diarios_de_otros()
    if args.json:
        comun.imprimir_json({"diario_de": r.diario_de, "aplicadas": r.aplicadas,
                             "ya_aplicadas": r.ya_aplicadas, "conflictos": len(r.conflictos),
                             "pendientes": r.pendientes, "otros_diarios": otros},
                            escapar=True)  # fmt: skip
    else:
        print(
            f"Diario de {r.diario_de} en este equipo. "
            f"Aplicadas: {r.aplicadas:,}. Ya aplicadas antes: {r.ya_aplicadas:,}. "
            f"Conflictos: {len(r.conflictos):,}. Pendientes: {r.pendientes:,}."
        )
        for otro, n in otros.items():
            print(f"Hay {plural(n, 'entrega', 'entregas')} sin sincronizar de {otro} en este "
                  f"equipo: sincronícelas con «sipros-desktop --usuario {otro} entregas "
                  "sincronizar» (cada quien con su contraseña).")  # fmt: skip
        for c in r.conflictos:
            print(f"  Conflicto {c.get('folio', '')}: {c.get('motivo', '')}", file=sys.stderr)
    return comun.SALIDA_INCOMPLETA if r.conflictos else 0  # (documented: conflicts to review)


def _conflictos(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import entregas, horario

    comun.conectar()
    if args.revisar is not None:
        r = entregas.revisar_conflicto(args.revisar, args.nota or "")
        quedan = len(entregas.Diario().conflictos())
        if args.json:
            comun.imprimir_json({**r, "por_revisar": quedan})
        else:
            print(f"Conflicto {r['clave'][:8]} revisado por {r['por']}. Quedan "
                  f"{plural(quedan, 'conflicto', 'conflictos')} por revisar.")  # fmt: skip
        return 0
    if args.nota:
        raise ErrorSipros("--nota va con --revisar ID.")
    lista = entregas.conflictos_por_revisar()
    if args.json:
        comun.imprimir_json([c.como_dict() for c in lista])
        return 0
    if not lista:
        print("No hay conflictos por revisar en este equipo.")
        return 0
    c0 = lista[0]
    print(f"Diario de {c0.diario_de} en el equipo {c0.equipo}: "
          f"{plural(len(lista), 'conflicto', 'conflictos')} por revisar.")  # fmt: skip
    for c in lista:
        if c.ilegible:
            print(f"{c.clave[:8]}  renglón {c.renglon} ilegible: {c.texto}")
        else:
            print(f"{c.clave[:8]}  {c.folio or '—'} · {c.nombre or '—'} · {c.evento or '—'} · "
                  f"entregado sin conexión el {horario.fecha_hora(c.cuando) or '—'}")  # fmt: skip
        print(f"          {c.motivo}")
    print('Márquelos revisados con «sipros-desktop entregas conflictos --revisar ID --nota "…"».')
    return 0
