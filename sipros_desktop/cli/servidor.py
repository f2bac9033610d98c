"""``servidor preparar`` / ``servidor sql``: the one-time setup of a central server, which its
database administrator runs."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    srv = sub.add_parser("servidor", help="preparación del servidor central (administrador de BD)")
    ssub = comun.acciones(srv)
    for accion, ayuda, func in (
        ("preparar", "crea el rol propietario, los perfiles y la base", _preparar),
        ("sql", "imprime la preparación como guion de psql", _sql),
    ):
        a = ssub.add_parser(accion, help=ayuda)
        a.add_argument(
            "--propietario", default="sipros_propietario", metavar="ROL",
            help="rol dueño de las tablas, que corre las migraciones",
        )  # fmt: skip
        a.add_argument("--base", default="sipros", metavar="NOMBRE", help="base de datos")
        a.set_defaults(func=func)
    ssub.choices["preparar"].add_argument(
        "--url",
        metavar="URL",
        help="superusuario (por omisión SIPROS_DB_URL), p. ej. "
        "postgresql://postgres@servidor/postgres",
    )
    ssub.choices["preparar"].add_argument(
        "--password-stdin", action="store_true",
        help="lee la contraseña del propietario de la entrada estándar (una línea)",
    )  # fmt: skip


def _sql(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import servidor

    print(servidor.guion(args.propietario, args.base), end="")
    return 0


def _preparar(args: argparse.Namespace) -> int:
    from sipros_desktop import config
    from sipros_desktop.servicios import servidor

    servidor.comprobar_nombres(args.propietario, args.base)
    texto = args.url or config.url_configurada()
    if not texto:
        raise ErrorSipros("indique la URL del superusuario con --url o SIPROS_DB_URL.")
    creada = servidor.preparar(
        texto, args.propietario, args.base,
        leer_clave=comun.leer_linea if args.password_stdin else None,
    )  # fmt: skip
    print(
        f"Servidor preparado: rol {args.propietario}, base {args.base}"
        f"{' (creada)' if creada else ''}. Siguiente paso: SIPROS_DB_URL=postgresql://"
        f"{args.propietario}@SERVIDOR/{args.base} sipros-desktop db upgrade"
    )
    return 0
