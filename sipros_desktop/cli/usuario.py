"""``usuario crear / desactivar / activar / lista`` (the staff's accounts) and
``organizacion`` (the keys ``usuario crear`` takes)."""

from __future__ import annotations

import argparse

from sipros_desktop.cli import comun
from sipros_desktop.cli.comun import plural
from sipros_desktop.errores import ErrorSipros


def registrar(sub: comun.Subordenes) -> None:
    usuario = sub.add_parser("usuario", help="funcionarios (usuarios de la base de datos)")
    usub = comun.acciones(usuario)
    crear = usub.add_parser("crear", help="da de alta un funcionario")
    crear.add_argument("usuario", metavar="USUARIO", help="nombre de usuario (minúsculas)")
    crear.add_argument("--nombre", required=True, help="nombre completo del funcionario")
    crear.add_argument("--correo", default="", help="correo electrónico (opcional)")
    crear.add_argument(
        "--rol",
        required=True,
        metavar="PERFILES",
        help="administrador, funcionario, ventanilla, entrega, consulta (separados por coma)",
    )
    crear.add_argument(
        "--dependencia", default="", metavar="CLAVE",
        help="clave de su dependencia (vea «sipros-desktop organizacion»)",
    )  # fmt: skip
    crear.add_argument(
        "--area", default="", metavar="CLAVE",
        help="clave de su área (vea «sipros-desktop organizacion»)",
    )  # fmt: skip
    crear.add_argument(
        "--alcance",
        choices=("area", "dependencia", "estatal"),
        help="qué ve (por omisión: área si se da --area; dependencia si se da --dependencia)",
    )
    crear.add_argument(
        "--password-stdin",
        action="store_true",
        help="lee la contraseña de la entrada estándar (una línea)",
    )
    crear.set_defaults(func=_crear)
    for accion, ayuda in (
        ("desactivar", "impide la entrada y cierra sus sesiones abiertas"),
        ("activar", "vuelve a permitir la entrada"),
    ):
        a = usub.add_parser(accion, help=ayuda)
        a.add_argument("usuario", metavar="USUARIO", help="nombre de usuario")
        a.set_defaults(func=_activar)
    usub.add_parser("lista", help="lista los funcionarios").set_defaults(func=_lista)
    sub.add_parser(
        "organizacion", help="lista las dependencias y sus áreas, con las claves que se usan"
    ).set_defaults(func=_organizacion)


def _lista(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import seguridad

    comun.conectar()
    usuarios = seguridad.lista()
    print(f"{'USUARIO':20} {'NOMBRE':30} {'PERFILES':34} {'ALCANCE':22} ESTATUS")
    for u in usuarios:
        alcance = seguridad.ALCANCES[u.alcance]
        if u.alcance != "estatal":
            alcance += f" {u.area or u.dependencia}"
        print(
            f"{u.usuario:20} {u.nombre[:30]:30} {','.join(u.perfiles):34} {alcance:22} "
            f"{'Activo' if u.activo else 'Inactivo'}"
        )
    print(plural(len(usuarios), "funcionario", "funcionarios"))
    return 0


def _activar(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import seguridad

    comun.conectar()
    seguridad.activar(args.usuario, args.accion == "activar")
    print(f"Usuario {args.usuario}: {'activo' if args.accion == 'activar' else 'desactivado'}.")
    return 0


def _crear(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import seguridad

    comun.conectar()
    alcance = args.alcance or ("area" if args.area else "dependencia" if args.dependencia else "")
    datos = seguridad.DatosUsuario(
        usuario=args.usuario,
        nombre=args.nombre,
        correo=args.correo,
        perfiles=[p for p in args.rol.split(",") if p.strip()],
        dependencia=args.dependencia,
        area=args.area,
        alcance=alcance or "estatal",  # (said below when missing)
    )
    errores = datos.normalizado().errores()
    if not alcance:
        errores.append(
            "Indique dónde trabaja: --area CLAVE, --dependencia CLAVE o --alcance estatal "
            "(las claves las lista «sipros-desktop organizacion»)."
        )
    if errores:  # before asking for the password
        raise ErrorSipros("\n".join(errores))
    password, confirmacion = comun.leer_password(args.password_stdin, args.usuario)
    u = seguridad.crear(datos, password, confirmacion)
    print(
        f"Funcionario {u.usuario} creado con perfiles {', '.join(u.perfiles)}; "
        "cambiará su contraseña al entrar."
    )
    return 0


def _organizacion(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import seguridad

    comun.conectar()
    for d in seguridad.organizacion():
        print(f"{d.clave:10} {d.nombre}")
        for clave, nombre in d.areas:
            print(f"  {clave:10} {nombre}")
    return 0
