"""``sms enviar / despachar / estado``: the outbox of text messages and its dispatcher."""

from __future__ import annotations

import argparse
import sys

from sipros_desktop.cli import comun


def registrar(sub: comun.Subordenes) -> None:
    sms_ = sub.add_parser("sms", help="mensajes de texto a los ciudadanos")
    msub = comun.acciones(sms_)
    env = msub.add_parser("enviar", help="deja en la bandeja un mensaje a un teléfono")
    env.add_argument("--telefono", required=True, metavar="NUMERO", help="10 dígitos (México)")
    env.add_argument("--texto", required=True, metavar="TEXTO", help="el mensaje")
    env.add_argument("--prueba", action="store_true", help="mensaje de prueba del proveedor")
    env.set_defaults(func=_enviar)
    des = msub.add_parser(
        "despachar", help="envía los mensajes de la bandeja por el proveedor (proceso continuo); "
        "configuración: SIPROS_SMS_PROVEEDOR, SIPROS_SMS_URL, SIPROS_TWILIO_* o sms.conf",
    )  # fmt: skip
    des.add_argument("--una-vez", action="store_true", help="envía lo que toca ahora y termina")
    des.set_defaults(func=_despachar)
    msub.add_parser("estado", help="mensajes de la bandeja por estado").set_defaults(func=_estado)


def _enviar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import sms

    comun.conectar()
    ident = sms.enviar_a_telefono(args.telefono, args.texto, prueba=args.prueba)
    partes = sms.contar(args.texto.strip())
    print(f"Mensaje {ident} en la bandeja ({partes.descripcion}).")
    return 0


def _estado(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import sms

    comun.conectar()
    r = sms.resumen()
    if not r.por_estado:
        print("La bandeja de mensajes está vacía.")
    for estado in sms.ESTADOS:
        if estado in r.por_estado:
            desde = r.mas_antiguo[estado].astimezone()
            print(f"{estado:<10} {r.por_estado[estado]:>9,}   (el más antiguo del "
                  f"{desde:%d/%m/%Y %H:%M})")  # fmt: skip
    return 0


def _registro_en_espanol() -> None:
    """The dispatcher's log on standard error, in Spanish: its own lines only (libraries —
    Alembic's «Context impl …» — stay at warnings), with Spanish level names."""
    import logging

    niveles = {"DEBUG": "detalle", "INFO": "info", "WARNING": "aviso", "ERROR": "error",
               "CRITICAL": "error grave"}  # fmt: skip

    class Formato(logging.Formatter):
        def format(self, registro: logging.LogRecord) -> str:
            registro.nivel = niveles.get(registro.levelname, registro.levelname.lower())
            return super().format(registro)

    manejador = logging.StreamHandler(sys.stderr)
    manejador.setFormatter(Formato("%(asctime)s %(nivel)s: %(message)s"))
    for nombre in ("sipros", "sipros_desktop"):
        propio = logging.getLogger(nombre)
        propio.handlers[:] = [manejador]
        propio.setLevel(logging.INFO)
        propio.propagate = False
    logging.getLogger().setLevel(logging.WARNING)


def _despachar(args: argparse.Namespace) -> int:
    import signal
    import threading

    from sipros_desktop.servicios import despachador

    _registro_en_espanol()
    c = despachador.cargar_configuracion()
    destino = comun.conectar()
    detener = threading.Event()
    if threading.current_thread() is threading.main_thread():
        # SIGTERM / Ctrl+C: finish the message in hand, put the rest back, exit
        for senal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(senal, lambda *_: detener.set())
    d = despachador.Despachador(despachador.crear_proveedor(c), c, detener=detener)
    destino_proveedor = c.url if c.proveedor == "http" else c.twilio_url
    print(
        f"Despachador {d.quien}: base {destino.descripcion}, proveedor {c.proveedor} "
        f"({destino_proveedor}), {c.por_segundo:g} mensajes/s como máximo"
        f"{'' if not args.una_vez else ', una vez'}.",
        file=sys.stderr,
    )
    t = d.ejecutar(una_vez=args.una_vez)
    print(t.texto())
    # (documented: the provider did not answer)
    return comun.SALIDA_INCOMPLETA if t.sin_proveedor else 0
