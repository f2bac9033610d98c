"""Entry point: ``sipros-desktop`` opens the GUI; sub-commands are thin calls of servicios."""

from __future__ import annotations

import argparse
import os
import sys
import time

from sipros_desktop import __version__, argumentos
from sipros_desktop.errores import ErrorSipros
from sipros_desktop.servicios import horario

MAX_CIUDADANOS_DEMO = 5_000_000  # the demo is generated in memory: about 1.7 GB per million


def plural(n: int, uno: str, varios: str) -> str:
    """«1 pregunta», «2 preguntas», «20,000 filas» (es-MX)."""
    return f"{n:,} {uno if n == 1 else varios}"


class _Analizador(argparse.ArgumentParser):
    """Our parser: Spanish help with every option's default (sub-commands inherit it)."""

    def __init__(self, *a, **k) -> None:
        k.setdefault("formatter_class", argumentos.Formato)
        super().__init__(*a, **k)


def _parser() -> argparse.ArgumentParser:
    p = _Analizador(
        prog="sipros-desktop",
        description="SIPROS Escritorio. Sin argumentos abre la aplicación.",
        epilog="La base de datos se toma de SIPROS_DB_URL, del perfil de conexión guardado o, "
        "si no hay ninguno, de la base integrada en la carpeta de datos (SIPROS_DATOS).",
    )
    p.add_argument(
        "--version", action="version", version=f"sipros-desktop {__version__}",
        help="muestra la versión y termina",
    )  # fmt: skip
    p.add_argument(
        "--usuario", metavar="NOMBRE", dest="como_usuario",
        help="actúa como este funcionario (su contraseña: PGPASSWORD o se pregunta); en la base "
        "integrada, sin esta opción ni PGUSER, la línea de órdenes actúa como su propietario",
    )  # fmt: skip
    sub = p.add_subparsers(dest="orden", metavar="ORDEN")
    db = sub.add_parser("db", help="esquema de la base de datos")
    dbsub = db.add_subparsers(dest="accion", required=True, metavar="ACCION")
    dbsub.add_parser("upgrade", help="aplica las migraciones pendientes")
    dbsub.add_parser("estado", help="muestra la versión del esquema")
    demo = sub.add_parser("demo", help="llena una base vacía con datos sintéticos")
    demo.add_argument(
        "--ciudadanos", type=int, default=1000, metavar="N",
        help=f"cuántos ciudadanos sintéticos (1 a {MAX_CIUDADANOS_DEMO:,})",
    )  # fmt: skip
    demo.add_argument(
        "--semilla", type=int, default=2022, metavar="S",
        help="la misma semilla da los mismos datos",
    )  # fmt: skip
    cap = sub.add_parser("capturas", help="guarda una imagen PNG de cada ventana")
    cap.add_argument("carpeta", metavar="DIR", help="carpeta donde se guardan (se crea)")

    cu = sub.add_parser("curp", help="valida una CURP y muestra lo que se deriva de ella")
    cu.add_argument("curp", metavar="CURP")
    cu.add_argument("--json", action="store_true", help="salida en JSON")
    rc = sub.add_parser("registro-civil", help="extracto del Registro Civil")
    rcsub = rc.add_subparsers(dest="accion", required=True, metavar="ACCION")
    rcsub.add_parser("importar", help="importa un CSV del Registro Civil").add_argument(
        "archivo", metavar="ARCHIVO"
    )
    geo = sub.add_parser("geografia", help="catálogos de localidades (INEGI) y colonias (SEPOMEX)")
    geosub = geo.add_subparsers(dest="accion", required=True, metavar="ACCION")
    geosub.add_parser(
        "importar", help="importa archivos AGEEML (localidades) o SEPOMEX (colonias)"
    ).add_argument("archivos", metavar="ARCHIVO", nargs="+")

    fo = sub.add_parser("formulario", help="formularios (cuestionarios) como datos")
    fosub = fo.add_subparsers(dest="accion", required=True, metavar="ACCION")
    fosub.add_parser(
        "publicar", help="publica un formulario JSON (versión nueva si la clave ya existe)"
    ).add_argument("archivo", metavar="ARCHIVO.json")
    fosub.add_parser("lista", help="formularios, sus versiones y borradores, y su uso")
    fexp = fosub.add_parser("exportar", help="una versión publicada como JSON")
    fexp.add_argument("clave", metavar="CLAVE")
    fexp.add_argument("--version", type=int, metavar="N", help="por omisión la más reciente")
    fexp.add_argument("--salida", required=True, metavar="ARCHIVO.json", help="JSON a escribir")
    fcmp = fosub.add_parser("comparar", help="qué cambió entre dos versiones de un formulario")
    fcmp.add_argument("clave", metavar="CLAVE")
    fcmp.add_argument("--de", type=int, required=True, metavar="N", help="versión anterior")
    fcmp.add_argument("--a", type=int, required=True, metavar="M", help="versión nueva")

    usuario = sub.add_parser("usuario", help="funcionarios (usuarios de la base de datos)")
    usub = usuario.add_subparsers(dest="accion", required=True, metavar="ACCION")
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
    for accion, ayuda in (
        ("desactivar", "impide la entrada y cierra sus sesiones abiertas"),
        ("activar", "vuelve a permitir la entrada"),
    ):
        a = usub.add_parser(accion, help=ayuda)
        a.add_argument("usuario", metavar="USUARIO", help="nombre de usuario")
    usub.add_parser("lista", help="lista los funcionarios")
    sub.add_parser(
        "organizacion", help="lista las dependencias y sus áreas, con las claves que se usan"
    )

    comp = sub.add_parser("comprobantes", help="comprobantes QR de entrega")
    csub = comp.add_subparsers(dest="accion", required=True, metavar="ACCION")
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
    ent = sub.add_parser("entregas", help="eventos de entrega y entregas sin conexión")
    esub = ent.add_subparsers(dest="accion", required=True, metavar="ACCION")
    sinc = esub.add_parser(
        "sincronizar", help="aplica en el servidor las entregas anotadas sin conexión"
    )
    sinc.add_argument("--json", action="store_true", help="resultado en JSON")
    sinc.add_argument(
        "--lote", type=int, default=200, metavar="N",
        help="entregas por transacción (cada una con su punto de guardado)",
    )  # fmt: skip
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
    paq = esub.add_parser(
        "paquete", help="descarga a este equipo los comprobantes de un evento, para entregar sin "
        "conexión",
    )  # fmt: skip
    paq.add_argument(
        "--evento", type=int, required=True, metavar="ID",
        help="evento de entrega (su número: «sipros-desktop entregas eventos»)",
    )  # fmt: skip
    eve = esub.add_parser(
        "eventos",
        help="los eventos de entrega de su alcance, con su número (ID), el más nuevo primero",
    )
    eve.add_argument("--convocatoria", metavar="CLAVE", help="solo los de esta convocatoria")
    eve.add_argument("--json", action="store_true", help="resultado en JSON")
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

    carga = sub.add_parser("carga", help="padrones de beneficiarios de otras dependencias")
    ksub = carga.add_subparsers(dest="accion", required=True, metavar="ACCION")
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
    ksub.choices["aplicar"].add_argument(
        "--estricta", action="store_true", help="cualquier fila con problemas cancela toda la carga"
    )
    pla = ksub.add_parser("plantilla", help="plantilla .xlsx del padrón de un programa")
    pla.add_argument("--programa", required=True, metavar="CLAVE", help="clave del programa")
    pla.add_argument("--salida", required=True, metavar="ARCHIVO.xlsx", help="archivo a escribir")
    rev = ksub.add_parser("revertir", help="quita del Padrón los beneficios de una carga")
    rev.add_argument("id", type=int, metavar="ID", help="número de la carga")
    rev.add_argument("--motivo", required=True, help="por qué se revierte (queda en la bitácora)")
    ksub.add_parser("lista", help="cargas aplicadas y revertidas, la más reciente primero")
    dup = sub.add_parser("duplicados", help="revisión de posibles duplicados del registro")
    dsub = dup.add_subparsers(dest="accion", required=True, metavar="ACCION")
    bus = dsub.add_parser(
        "buscar", help="compara todo el registro y agrega los pares parecidos a la revisión"
    )
    bus.add_argument("--json", action="store_true", help="resultado en JSON")
    fus = dsub.add_parser(
        "fusiones", help="las fusiones hechas desde la revisión, la última primero"
    )
    fus.add_argument("--json", action="store_true", help="resultado en JSON")
    sep = dsub.add_parser(
        "separar", help="deshace la fusión de un par: los dos expedientes como estaban"
    )
    sep.add_argument("par", type=int, metavar="PAR", help="número del par de la revisión")
    sep.add_argument("--motivo", required=True, help="por qué se deshace (queda registrado)")

    sms_ = sub.add_parser("sms", help="mensajes de texto a los ciudadanos")
    msub = sms_.add_subparsers(dest="accion", required=True, metavar="ACCION")
    env = msub.add_parser("enviar", help="deja en la bandeja un mensaje a un teléfono")
    env.add_argument("--telefono", required=True, metavar="NUMERO", help="10 dígitos (México)")
    env.add_argument("--texto", required=True, metavar="TEXTO", help="el mensaje")
    env.add_argument("--prueba", action="store_true", help="mensaje de prueba del proveedor")
    des = msub.add_parser(
        "despachar", help="envía los mensajes de la bandeja por el proveedor (proceso continuo); "
        "configuración: SIPROS_SMS_PROVEEDOR, SIPROS_SMS_URL, SIPROS_TWILIO_* o sms.conf",
    )  # fmt: skip
    des.add_argument("--una-vez", action="store_true", help="envía lo que toca ahora y termina")
    msub.add_parser("estado", help="mensajes de la bandeja por estado")

    ciu = sub.add_parser("ciudadano", help="correcciones del expediente de un ciudadano")
    cisub = ciu.add_subparsers(dest="accion", required=True, metavar="ACCION")
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
    his = cisub.add_parser("historial", help="las correcciones de un expediente, la última primero")
    his.add_argument("curp", metavar="CURP")
    his.add_argument("--json", action="store_true", help="resultado en JSON")

    con = sub.add_parser("consulta", help="atención ciudadana por CURP (o folio, para ver)")
    csub2 = con.add_subparsers(dest="accion", required=True, metavar="ACCION")
    ver = csub2.add_parser(
        "ver", help="solicitudes, apoyos, mensajes y convocatorias abiertas de un ciudadano, por "
        "su CURP o por el folio de una de sus solicitudes",
    )  # fmt: skip
    ver.add_argument("curp", metavar="CURP_O_FOLIO")
    ver.add_argument("--json", action="store_true", help="resultado en JSON")
    cto = csub2.add_parser("contacto", help="cambia teléfono, correo y aceptación de SMS")
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
    csub2.add_parser("reenviar", help="reenvía el último SMS al teléfono actual").add_argument(
        "curp", metavar="CURP"
    )
    cst = csub2.add_parser("constancia", help="constancia en PDF para el ciudadano")
    cst.add_argument("curp", metavar="CURP")
    cst.add_argument("--salida", required=True, metavar="ARCHIVO.pdf", help="PDF a escribir")

    rep = sub.add_parser(
        "reporte", help="reportes del alcance del usuario de la conexión, a Excel o PDF"
    )
    rep.add_argument("nombre", nargs="?", metavar="NOMBRE", help="reporte (vea --lista)")
    rep.add_argument("--lista", action="store_true", help="lista los reportes y sus filtros")
    for opcion, ayuda in (
        ("dependencia", "clave de la dependencia"), ("programa", "clave del programa"),
        ("convocatoria", "clave de la convocatoria"),
        ("municipio", "clave INEGI del municipio (014 o 22014)"),
        ("localidad", "clave INEGI de la localidad (9 dígitos)"),
        ("colonia", "clave de la colonia (catálogo de SEPOMEX; vea Administración › Geografía)"),
        ("estado", "estado de la solicitud"), ("origen", "Solicitud o «Carga masiva»"),
    ):  # fmt: skip
        rep.add_argument(f"--{opcion}", metavar="VALOR", help=ayuda)
    rep.add_argument("--desde", metavar="AAAA-MM-DD", help="inicio del periodo")
    rep.add_argument("--hasta", metavar="AAAA-MM-DD", help="fin del periodo")
    rep.add_argument("--salida", metavar="ARCHIVO.xlsx|.pdf", help="archivo a escribir")

    res = sub.add_parser("respaldo", help="respaldos de la base integrada de este equipo")
    rsub = res.add_subparsers(dest="accion", required=True, metavar="ACCION")
    rsub.add_parser("crear", help="respalda ahora la base y las cuentas (0600, carpeta 0700)")
    rsub.add_parser("lista", help="los respaldos de la carpeta, el más reciente primero")
    rres = rsub.add_parser(
        "restaurar", help="revisa el respaldo y, si es de SIPROS, reemplaza la base con él"
    )
    rres.add_argument("archivo", metavar="ARCHIVO.dump", help="el respaldo (y su .roles.sql)")
    rres.add_argument(
        "--confirmar", action="store_true",
        help="necesario: toda la base se reemplaza y las sesiones se cierran",
    )  # fmt: skip

    srv = sub.add_parser("servidor", help="preparación del servidor central (administrador de BD)")
    ssub = srv.add_subparsers(dest="accion", required=True, metavar="ACCION")
    for accion, ayuda in (
        ("preparar", "crea el rol propietario, los perfiles y la base"),
        ("sql", "imprime la preparación como guion de psql"),
    ):
        a = ssub.add_parser(accion, help=ayuda)
        a.add_argument(
            "--propietario", default="sipros_propietario", metavar="ROL",
            help="rol dueño de las tablas, que corre las migraciones",
        )  # fmt: skip
        a.add_argument("--base", default="sipros", metavar="NOMBRE", help="base de datos")
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
    return p


def _como_funcionario(usuario: str) -> None:
    """``--usuario``: the command acts as this staff member (PGUSER, and its password from
    PGPASSWORD or asked on the terminal without echo), on the embedded database too."""
    import getpass

    os.environ["PGUSER"] = usuario.strip()
    if not os.environ.get("PGPASSWORD"):
        if not sys.stdin.isatty():
            raise SystemExit(
                "Error: para actuar como otro funcionario sin terminal, ponga su contraseña en "
                "PGPASSWORD."
            )
        os.environ["PGPASSWORD"] = getpass.getpass(f"Contraseña de {usuario}: ")


def _terminar_con_senal(numero: int, _marco) -> None:
    """SIGTERM (a shutdown, a task manager) ends the app as a normal exit would: the window
    closes, the embedded server stops (its exit handlers run)."""
    qt = sys.modules.get("PySide6.QtWidgets")
    app = qt.QApplication.instance() if qt is not None else None
    if app is not None:
        # a dialog waiting (login, first administrator) closes like Cancel; then the loop ends
        for w in app.topLevelWidgets():
            if w.isVisible():
                w.close()
        app.quit()
    else:
        raise SystemExit(128 + numero)


def main(argv: list[str] | None = None) -> int:
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    senales = [signal.SIGTERM] + ([signal.SIGINT] if not argv and len(sys.argv) <= 1 else [])
    anteriores = {s: signal.signal(s, _terminar_con_senal) for s in senales}
    try:
        return _main(argv)
    finally:
        for s, h in anteriores.items():
            signal.signal(s, h)


def _main(argv: list[str] | None) -> int:
    with argumentos.en_espanol():
        args = _parser().parse_args(argv)
    if args.como_usuario:
        _como_funcionario(args.como_usuario)
    if args.orden is None:
        from sipros_desktop.vistas.aplicacion import ejecutar_gui

        return ejecutar_gui()
    try:
        if args.orden == "db":
            return _db(args.accion)
        if args.orden == "demo":
            return _demo(args.ciudadanos, args.semilla)
        if args.orden == "curp":
            return _curp(args.curp, args.json)
        if args.orden == "registro-civil":
            return _registro_civil(args.archivo)
        if args.orden == "geografia":
            return _geografia(args.archivos)
        if args.orden == "formulario":
            return _formulario(args)
        if args.orden == "usuario":
            return _usuario(args)
        if args.orden == "servidor":
            return _servidor(args)
        if args.orden == "respaldo":
            return _respaldo(args)
        if args.orden == "organizacion":
            return _organizacion()
        if args.orden == "comprobantes":
            return _comprobantes(args)
        if args.orden == "entregas":
            return _entregas(args)
        if args.orden == "carga":
            return _carga(args)
        if args.orden == "duplicados":
            return _duplicados(args)
        if args.orden == "reporte":
            return _reporte(args)
        if args.orden == "sms":
            return _sms(args)
        if args.orden == "ciudadano":
            return _ciudadano(args)
        if args.orden == "consulta":
            return _consulta(args)
        if args.orden == "capturas":
            from pathlib import Path

            from sipros_desktop.servicios.archivos import carpeta_de_salida
            from sipros_desktop.vistas.capturas import guardar_capturas

            for ruta in guardar_capturas(str(carpeta_de_salida(Path(args.carpeta)))):
                print(ruta)
            return 0
    except ErrorSipros as e:
        print(f"Error: {e.mensaje}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrumpido; no se guardó nada.", file=sys.stderr)
        return 130
    return 2


def _db(accion: str) -> int:
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios.sesion import conectar_configurada

    destino = conectar_configurada()
    e = esquema.estado(bd.motor())
    if accion == "estado":
        print(f"Base: {destino.descripcion}")
        print(f"Esquema: {e.actual or 'vacío'} (este programa: {e.esperada})")
        return 0
    if e.al_dia:
        print(f"El esquema ya está al día ({e.actual}).")
        return 0
    if e.desconocida:
        esquema.verificar(bd.motor())  # raises the explanation
    esquema.actualizar(bd.motor())
    print(f"Esquema actualizado: {e.actual or 'vacío'} → {e.esperada}.")
    return 0


def _demo(n: int, semilla: int) -> int:
    if not 1 <= n <= MAX_CIUDADANOS_DEMO:
        raise ErrorSipros(
            f"--ciudadanos debe estar entre 1 y {MAX_CIUDADANOS_DEMO:,} (la demostración se "
            "genera en memoria)."
        )
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema
    from sipros_desktop.servicios import demo
    from sipros_desktop.servicios.sesion import conectar_configurada

    destino = conectar_configurada()
    esquema.verificar(bd.motor(), migrar_si_vacia=True, migrar_si_antigua=destino.integrada)
    inicio = time.perf_counter()

    def avisar(etapa: str, hecho: int, total: int) -> None:
        print(f"[{time.perf_counter() - inicio:6.1f} s] {etapa}", file=sys.stderr, flush=True)

    r = demo.generar(n, semilla, progreso=avisar)
    for tabla, filas in r.filas.items():
        print(f"{tabla:22} {filas:>12,}")
    ritmo = r.total / r.segundos if r.segundos else 0
    print(f"{'total':22} {r.total:>12,} filas en {r.segundos:.1f} s ({ritmo:,.0f} filas/s)")
    return 0


def _curp(texto: str, como_json: bool) -> int:
    import json

    from sipros_desktop.servicios import curp

    info = curp.analizar(texto)
    if como_json:
        print(json.dumps(curp.como_dict(info), ensure_ascii=False, indent=2))
        return 0 if info.valida else 1
    print(f"CURP {info.curp}: {'válida' if info.valida else 'NO válida'}")
    for error in info.errores:
        print(f"  - {error}")
    if info.fecha_nacimiento:
        print(f"Fecha de nacimiento: {info.fecha_nacimiento:%d/%m/%Y}")
    if info.sexo:
        print(f"Sexo: {curp.SEXOS.get(info.sexo, info.sexo)}")
    if info.entidad:
        print(f"Entidad de nacimiento: {info.entidad} ({info.entidad_nombre})")
    return 0 if info.valida else 1


def _registro_civil(archivo: str) -> int:
    from sipros_desktop.servicios import registro_civil
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    r = registro_civil.importar(archivo)
    for error in r.errores[:50]:
        print(f"  {error}", file=sys.stderr)
    if len(r.errores) > 50:
        print(f"  … y {len(r.errores) - 50} errores más", file=sys.stderr)
    errores = (
        plural(len(r.errores), "fila con error no se importó", "filas con error no se importaron")
        if r.errores
        else "ninguna con error"
    )
    print(
        f"Registro Civil: {plural(r.guardadas, 'CURP importada', 'CURP importadas')} de "
        f"{plural(r.leidas, 'fila', 'filas')}; {errores}."
    )
    # (what Administración › Registro Civil shows after an import)
    t = registro_civil.resumen()
    print(
        f"Expedientes: {t.verificadas:,} verificados, {t.con_discrepancias:,} con "
        f"discrepancias, {t.no_encontradas:,} no encontrados."
    )
    return 0 if r.guardadas or not r.leidas else 1


def _geografia(archivos: list[str]) -> int:
    from sipros_desktop.servicios import geografia
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    # localities first: settlements are linked to the locality of their city
    ordenados = sorted(archivos, key=lambda a: "cp" in a.lower() or "sepomex" in a.lower())
    for archivo in ordenados:
        r = geografia.importar(archivo)
        guardadas = "guardados" if r.tipo.startswith("límites") else "guardadas"
        print(
            f"{archivo}: {r.guardadas:,} {r.tipo} {guardadas} de {r.leidas:,} filas "
            f"({r.omitidas:,} de municipios fuera del catálogo)."
        )
    return 0


def _formulario(args) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import disenador, formularios
    from sipros_desktop.servicios.sesion import conectar_configurada

    if args.accion != "publicar":
        conectar_configurada()
        versiones = disenador.versiones()

        def buscar(clave: str, version: int | None) -> disenador.Version:
            de_clave = [v for v in versiones if v.clave == clave.upper() and not v.borrador]
            elegida = next((v for v in de_clave if version in (None, v.version)), None)
            if elegida is None:
                cual = f"la versión {version} del" if version else "el"
                raise ErrorSipros(f"No existe {cual} formulario «{clave.upper()}».")
            return elegida

        if args.accion == "lista":
            for v in versiones:
                usos = ", ".join(v.convocatorias) or "ninguna convocatoria"
                uso = "" if v.borrador else f"{v.respuestas:,} respuestas, {usos}"
                if v.excede:
                    uso += f" (no se puede abrir: {v.excede})"
                print(f"{v.clave:<12} {v.etiqueta:<11} {v.preguntas:>3} preguntas  {uso}")
            return 0
        if args.accion == "exportar":
            ruta = disenador.exportar(buscar(args.clave, args.version).id, Path(args.salida))
            print(f"Formulario exportado a {ruta}.")
            return 0
        antes, despues = buscar(args.clave, args.de), buscar(args.clave, args.a)
        cambios = disenador.comparar(disenador.definicion(antes.id),
                                     disenador.definicion(despues.id))  # fmt: skip
        if not cambios:
            print("Las dos versiones tienen las mismas preguntas.")
        for c in cambios:
            comparable = "comparable" if c.comparable else "NO comparable"
            detalle = f": {c.detalle}" if c.detalle else ""
            print(f"{c.que:<10} {c.clave} «{c.texto}» ({comparable}){detalle}")
        return 0
    definicion = formularios.leer_archivo(Path(args.archivo))
    conectar_configurada()
    f = formularios.publicar(definicion)
    print(
        f"Formulario {f.clave} versión {f.version} publicado "
        f"({plural(len(f.preguntas()), 'pregunta', 'preguntas')})."
    )
    return 0


def _leer_password(desde_stdin: bool, usuario: str) -> tuple[str, str]:
    if desde_stdin:
        linea = sys.stdin.readline().rstrip("\r\n")
        return linea, linea
    if not sys.stdin or not sys.stdin.isatty():
        raise ErrorSipros(
            "No hay una terminal donde pedir la contraseña: désela por la entrada estándar "
            "con --password-stdin."
        )
    import getpass

    try:
        primera = getpass.getpass(f"Contraseña para {usuario}: ")
        return primera, getpass.getpass("Repita la contraseña: ")
    except EOFError as e:
        raise ErrorSipros("No se recibió la contraseña.") from e


def _usuario(args: argparse.Namespace) -> int:
    from sipros_desktop.servicios import seguridad
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    if args.accion == "lista":
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
    if args.accion in ("desactivar", "activar"):
        seguridad.activar(args.usuario, args.accion == "activar")
        print(f"Usuario {args.usuario}: {'activo' if args.accion == 'activar' else 'desactivado'}.")
        return 0
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
        print("Error: " + "\n".join(errores), file=sys.stderr)
        return 1
    password, confirmacion = _leer_password(args.password_stdin, args.usuario)
    u = seguridad.crear(datos, password, confirmacion)
    print(
        f"Funcionario {u.usuario} creado con perfiles {', '.join(u.perfiles)}; "
        "cambiará su contraseña al entrar."
    )
    return 0


def _comprobantes(args) -> int:
    import json
    from pathlib import Path

    from sipros_desktop.servicios import comprobantes
    from sipros_desktop.servicios.archivos import archivo_de_salida
    from sipros_desktop.servicios.sesion import conectar_configurada

    salida = archivo_de_salida(Path(args.salida), ".pdf")
    conectar_configurada()
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
        print(json.dumps({"comprobantes": emision.cantidad, "archivo": str(salida),
                          "eventos": list(emision.eventos),
                          "evento_nuevo": emision.evento_nuevo}))  # fmt: skip
    else:
        emitidos = plural(emision.cantidad, "comprobante emitido", "comprobantes emitidos")
        eventos = ", ".join(str(e) for e in emision.eventos)
        print(f"{emitidos} en {salida} (evento {eventos}).")
        if emision.evento_nuevo is not None:
            print(f"Se creó el evento {emision.evento_nuevo}, en la fecha y el lugar por "
                  "confirmar: complételos en Entregas → Eventos y comprobantes antes de avisar a "
                  "los beneficiarios.")  # fmt: skip
    return 0


def _entregas(args) -> int:
    import json

    from sipros_desktop.servicios import entregas
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    if args.accion == "registrar":
        from sipros_desktop.servicios import entrega_directa

        fecha = _fecha_de(args.fecha, "--fecha")
        r = entrega_directa.registrar(
            entrega_directa.solicitud_por_folio(args.folio), args.metodo, args.referencia, fecha
        )
        print(f"{r.folio}: entregado por {entrega_directa.metodo_valido(args.metodo).lower()} "
              f"el {r.fecha:%d/%m/%Y} — {r.nombre}, {r.programa} ({r.tipo_apoyo}).")  # fmt: skip
        return 0
    if args.accion == "eventos":
        lista = entregas.eventos()
        if args.convocatoria:
            clave = args.convocatoria.strip().upper()
            lista = [e for e in lista if e.convocatoria.split(" — ")[0] == clave]
        if args.json:
            print(json.dumps([{"id": e.id, "nombre": e.nombre, "convocatoria":
                               e.convocatoria.split(" — ")[0], "fecha": e.fecha.isoformat(),
                               "municipio": e.municipio, "lugar": e.domicilio,
                               "asignadas": e.asignadas, "entregados": e.entregados}
                              for e in lista], ensure_ascii=False))  # fmt: skip
            return 0
        for e in lista:
            print(f"{e.id:>6}  {e.fecha:%d/%m/%Y}  {e.convocatoria.split(' — ')[0]:<14} "
                  f"{e.municipio:<22} {e.nombre} — {e.domicilio} "
                  f"({e.entregados:,} de {e.asignadas:,} entregados)")  # fmt: skip
        if not lista:
            print(
                "No hay eventos de entrega en su alcance"
                + (f" de la convocatoria {args.convocatoria}." if args.convocatoria else ".")
            )
        return 0
    if args.accion == "conflictos":
        return _conflictos(args, entregas)
    if args.accion == "paquete":
        kit = entregas.descargar_kit(args.evento)
        print(
            f"Paquete del evento «{kit.evento}» ({kit.fecha:%d/%m/%Y}): "
            f"{plural(len(kit.comprobantes), 'comprobante', 'comprobantes')}, y "
            f"{plural(len(kit.otros), 'comprobante', 'comprobantes')} de otros eventos (solo su "
            f"código cifrado y su evento), en {kit.ruta}."
        )
        return 0
    if not 1 <= args.lote <= 5000:
        raise ErrorSipros("--lote debe estar entre 1 y 5,000.")
    r = entregas.sincronizar(lote=args.lote)
    from sipros_desktop import bd

    quien = bd.motor().url.username or ""
    otros = entregas.diarios_de_otros()
    if args.json:
        cifras = {"diario_de": quien, "aplicadas": r.aplicadas, "ya_aplicadas": r.ya_aplicadas,
                  "conflictos": len(r.conflictos), "pendientes": r.pendientes,
                  "otros_diarios": otros}  # fmt: skip
        print(json.dumps(cifras))
    else:
        print(
            f"Diario de {quien} en este equipo. "
            f"Aplicadas: {r.aplicadas:,}. Ya aplicadas antes: {r.ya_aplicadas:,}. "
            f"Conflictos: {len(r.conflictos):,}. Pendientes: {r.pendientes:,}."
        )
        for otro, n in otros.items():
            print(f"Hay {plural(n, 'entrega', 'entregas')} sin sincronizar de {otro} en este "
                  f"equipo: sincronícelas con «sipros-desktop --usuario {otro} entregas "
                  "sincronizar» (cada quien con su contraseña).")  # fmt: skip
        for c in r.conflictos:
            print(f"  Conflicto {c.get('folio', '')}: {c.get('motivo', '')}", file=sys.stderr)
    return 0 if not r.conflictos else 3


def _conflictos(args, entregas) -> int:
    import json

    if args.revisar is not None:
        r = entregas.revisar_conflicto(args.revisar, args.nota or "")
        if args.json:
            print(json.dumps({**r, "por_revisar": len(entregas.Diario().conflictos())},
                             ensure_ascii=False))  # fmt: skip
        else:
            quedan = len(entregas.Diario().conflictos())
            print(f"Conflicto {r['clave'][:8]} revisado por {r['por']}. Quedan "
                  f"{plural(quedan, 'conflicto', 'conflictos')} por revisar.")  # fmt: skip
        return 0
    if args.nota:
        raise ErrorSipros("--nota va con --revisar ID.")
    lista = entregas.conflictos_por_revisar()
    if args.json:
        print(json.dumps([c.como_dict() for c in lista], ensure_ascii=False))
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


def _carga(args) -> int:
    import json

    from sipros_desktop.servicios import cargas
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    if args.accion == "plantilla":
        print(f"Plantilla en {cargas.plantilla(args.programa, args.salida)}.")
        return 0
    if args.accion == "revertir":
        r = cargas.revertir(args.id, args.motivo)
        print(
            f"Carga {r.carga_id} revertida: "
            f"{plural(r.beneficios, 'beneficio quitado', 'beneficios quitados')} del Padrón, "
            f"{plural(r.ciudadanos, 'expediente borrado', 'expedientes borrados')} "
            "(abiertos solo por ella)."
        )
        return 0
    if args.accion == "lista":
        for k in cargas.cargas():
            print(
                f"{k.id:>6}  {horario.fecha_hora(k.creado)}  {k.estado:<9}  "
                f"{k.programa or k.dependencia:<8}  {k.beneficios:>9,} beneficios  {k.archivo}"
            )
        return 0
    lectura = cargas.leer(args.archivo, cargas.mapeo_guardado(args.programa))
    for par in args.columna:
        campo, _, encabezado = par.partition("=")
        campo = campo.strip().lower()
        if campo not in cargas.POR_CLAVE or not encabezado.strip():
            raise ErrorSipros(
                f"--columna «{par}»: use CAMPO=ENCABEZADO, con CAMPO uno de "
                f"{', '.join(c.encabezado for c in cargas.CAMPOS)}."
            )
        normal = [cargas.normalizar_encabezado(h) for h in lectura.encabezados]
        buscado = cargas.normalizar_encabezado(encabezado)
        if buscado not in normal:
            raise ErrorSipros(f"El archivo no tiene el encabezado «{encabezado.strip()}».")
        columnas = {c: i for c, i in lectura.columnas.items() if i != normal.index(buscado)}
        columnas[campo] = normal.index(buscado)
        cargas.fijar_columnas(lectura, columnas)
    if args.accion == "validar":
        r = cargas.validar(lectura, args.programa)
    else:
        r = cargas.aplicar(lectura, args.programa, estricta=args.estricta)
    if args.errores and r.errores:
        cargas.escribir_errores(lectura, r, args.errores)
    # «aplicar» that applied nothing (strict mode cancelled it, no valid row, already loaded)
    # did not do what was asked: exit 3, as documented
    salida = 3 if args.accion == "aplicar" and not r.aplicada else 0
    if args.json:
        print(json.dumps(r.como_dict(), ensure_ascii=False))
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


def _duplicados(args) -> int:
    import json

    from sipros_desktop.servicios import duplicados
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    if args.accion == "fusiones":
        lista = duplicados.fusiones()
        if args.json:
            print(json.dumps([{**f.__dict__, "fusionado": f.fusionado.isoformat(),
                               "separado": f.separado.isoformat() if f.separado else None}
                              for f in lista]))  # fmt: skip
            return 0
        for f in lista:
            estado = f"deshecha el {f.separado:%d/%m/%Y} por {f.separado_por}" if f.separado else ""
            print(f"par {f.revision_id}: {f.curp_absorbida} ({f.nombre_absorbido}) en "
                  f"{f.curp_conservada or '—'}, {f.fusionado:%d/%m/%Y %H:%M} por "
                  f"{f.fusionado_por} {estado}".rstrip())  # fmt: skip
        if not lista:
            print("No hay fusiones.")
        return 0
    if args.accion == "separar":
        r = duplicados.separar(args.par, args.motivo)
        print(f"Fusión deshecha: el expediente {r.curp} volvió con "
              f"{plural(r.solicitudes, 'solicitud', 'solicitudes')}, "
              f"{plural(r.beneficios, 'beneficio', 'beneficios')} y "
              f"{plural(r.documentos, 'documento', 'documentos')}; "
              "el par vuelve a la revisión.")  # fmt: skip
        return 0
    r = duplicados.buscar()
    if args.json:
        print(
            json.dumps(
                {
                    "ciudadanos": r.ciudadanos,
                    "comparados": r.comparados,
                    "pares": r.pares,
                    "nuevos": r.nuevos,
                    "segundos": round(r.segundos, 1),
                }
            )
        )
    else:
        print(
            f"{r.ciudadanos:,} expedientes, {r.comparados:,} pares comparados: "
            f"{plural(r.pares, 'par parecido', 'pares parecidos')}, "
            f"{plural(r.nuevos, 'nuevo en la revisión', 'nuevos en la revisión')} "
            f"({r.segundos:.1f} s)."
        )
    return 0


def _sms(args) -> int:
    from sipros_desktop.servicios import sms
    from sipros_desktop.servicios.sesion import conectar_configurada

    if args.accion == "despachar":
        return _despachar(args.una_vez)
    conectar_configurada()
    if args.accion == "enviar":
        ident = sms.enviar_a_telefono(args.telefono, args.texto, prueba=args.prueba)
        partes = sms.contar(args.texto.strip())
        print(f"Mensaje {ident} en la bandeja ({partes.descripcion}).")
        return 0
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


def _despachar(una_vez: bool) -> int:
    import signal
    import threading

    from sipros_desktop.servicios import despachador
    from sipros_desktop.servicios.sesion import conectar_configurada

    _registro_en_espanol()
    c = despachador.cargar_configuracion()
    destino = conectar_configurada()
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
        f"{'' if not una_vez else ', una vez'}.",
        file=sys.stderr,
    )
    t = d.ejecutar(una_vez=una_vez)
    print(t.texto())
    return 3 if t.sin_proveedor else 0  # (documented: the provider did not answer)


def _ciudadano(args) -> int:
    import json

    from sipros_desktop.servicios import correcciones, horario
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    cid = correcciones.ciudadano_de(args.curp)
    if args.accion == "historial":
        cambios = correcciones.historial(ciudadano_id=cid)
        if args.json:
            print(json.dumps([
                {"apartado": c.apartado, "antes": c.antes, "ahora": c.ahora, "motivo": c.motivo,
                 "funcionario": c.funcionario, "fecha": c.creado.isoformat(), "folio": c.folio}
                for c in cambios
            ], ensure_ascii=False, indent=2, default=str))  # fmt: skip
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
    cambios = correcciones.Cambios(
        ciudadano_id=cid,
        motivo=args.motivo,
        nombre=args.nombre,
        apellido_paterno=args.primer_apellido,
        apellido_materno=args.segundo_apellido,
        fecha_nacimiento=_fecha_de(args.nacimiento, "--nacimiento"),
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


def _consulta(args) -> int:
    import json
    from pathlib import Path

    from sipros_desktop.servicios import consulta
    from sipros_desktop.servicios.archivos import archivo_de_salida
    from sipros_desktop.servicios.sesion import conectar_configurada

    salida = archivo_de_salida(Path(args.salida), ".pdf") if args.accion == "constancia" else None
    conectar_configurada()
    if args.accion == "contacto":
        if args.telefono is None and args.correo is None and args.acepta_sms is None:
            raise ErrorSipros("Indique --telefono, --correo o --acepta-sms.")
        actual = consulta.buscar(args.curp)
        if actual is None:
            raise ErrorSipros(f"No hay ningún ciudadano registrado con la CURP {args.curp}.")
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
    if args.accion == "reenviar":
        e = consulta.buscar(args.curp)  # (the desk acts on a citizen it looked up)
        if e is None:
            raise ErrorSipros(f"No hay ningún ciudadano registrado con la CURP {args.curp}.")
        if e.reenvio is None:
            raise ErrorSipros("El ciudadano no ha recibido ningún mensaje que reenviar.")
        nuevo = consulta.reenviar(e.curp, e.reenvio.id, e.telefono)
        print(f"Mensaje {nuevo} en la bandeja: «{e.reenvio.texto}» al {e.telefono}.")
        return 0
    e = consulta.buscar(args.curp)
    if e is None:
        raise ErrorSipros(f"No hay ningún ciudadano registrado con la CURP {args.curp}.")
    if salida is not None:
        import getpass

        salida.write_bytes(consulta.constancia_pdf(e, getpass.getuser()))
        print(f"Constancia de {e.curp} en {salida}.")
        return 0
    if args.json:
        from dataclasses import asdict

        print(json.dumps(asdict(e), default=str, ensure_ascii=False, indent=1))
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


def _fecha_de(texto: str | None, opcion: str):
    from datetime import datetime

    if not texto:
        return None
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):  # (ISO, or as the app shows dates)
        try:
            return datetime.strptime(texto.strip(), formato).date()
        except ValueError:
            continue
    raise ErrorSipros(f"{opcion} «{texto}» no es una fecha: escriba DD/MM/AAAA o AAAA-MM-DD.")


def _reporte(args) -> int:
    from pathlib import Path

    from sipros_desktop.servicios import reportes, seguridad
    from sipros_desktop.servicios.sesion import conectar_configurada

    if args.lista:
        for r in reportes.REPORTES.values():
            print(f"{r.clave:<30} {r.titulo}")
            print(f"{'':<30} filtros: {', '.join(r.filtros)}")
        return 0
    if not args.nombre or not args.salida:
        raise ErrorSipros("Indique el reporte y --salida ARCHIVO.xlsx o .pdf (vea --lista).")
    reportes.reporte(args.nombre)  # an unknown name says which exist, before connecting
    salida = Path(args.salida)
    if salida.suffix.lower() not in (".xlsx", ".pdf"):
        raise ErrorSipros("--salida debe terminar en .xlsx o .pdf.")
    filtros = reportes.Filtros(
        dependencia=args.dependencia, programa=args.programa, convocatoria=args.convocatoria,
        desde=_fecha_de(args.desde, "--desde"), hasta=_fecha_de(args.hasta, "--hasta"),
        municipio=args.municipio, localidad=args.localidad, colonia=args.colonia,
        estado=args.estado, origen=args.origen,
    )  # fmt: skip
    conectar_configurada()
    if salida.suffix.lower() == ".xlsx":
        n = reportes.exportar_excel(args.nombre, filtros, salida)
        print(f"{plural(n, 'fila', 'filas')} en {salida}.")
        return 0
    perfil = seguridad.mi_perfil()
    reportes.exportar_pdf(
        args.nombre, filtros, salida,
        usuario=perfil.nombre if perfil else "",
        agencia=perfil.dependencia_nombre or "" if perfil else "",
    )  # fmt: skip
    print(f"Reporte en {salida}.")
    return 0


def _organizacion() -> int:
    from sipros_desktop.servicios import seguridad
    from sipros_desktop.servicios.sesion import conectar_configurada

    conectar_configurada()
    for d in seguridad.organizacion():
        print(f"{d.clave:10} {d.nombre}")
        for clave, nombre in d.areas:
            print(f"  {clave:10} {nombre}")
    return 0


def _servidor(args: argparse.Namespace) -> int:
    from sipros_desktop.bd import servidor

    try:
        servidor.sentencias(args.propietario, args.base)  # checks both names
    except ValueError as e:
        raise ErrorSipros(str(e)) from e
    if args.accion == "sql":
        print(servidor.script_psql(args.propietario, args.base), end="")
        return 0
    import psycopg

    from sipros_desktop import bd, config

    texto = args.url or config.url_configurada()
    if not texto:
        print("Error: indique la URL del superusuario con --url o SIPROS_DB_URL.", file=sys.stderr)
        return 1
    try:
        dsn = bd.dsn(texto)
    except Exception as e:
        raise ErrorSipros(
            f"«{texto}» no es una dirección de PostgreSQL; p. ej. "
            "postgresql://postgres@servidor/postgres"
        ) from e
    verificador = None
    clave = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as c:
            if clave is not None:
                verificador = c.pgconn.encrypt_password(
                    clave.encode(), args.propietario.encode(), b"scram-sha-256"
                ).decode()
            creada = servidor.preparar(c, args.propietario, args.base, verificador)
    except psycopg.Error as e:  # (a server that does not answer, a wrong password …)
        raise bd.traducir(e) from e
    print(
        f"Servidor preparado: rol {args.propietario}, base {args.base}"
        f"{' (creada)' if creada else ''}. Siguiente paso: SIPROS_DB_URL=postgresql://"
        f"{args.propietario}@SERVIDOR/{args.base} sipros-desktop db upgrade"
    )
    return 0


def _respaldo(args: argparse.Namespace) -> int:
    """The embedded database's backups from the command line: as the data folder's owner,
    whom the operating system vouches for (the same service as Archivo → Respaldo)."""
    from pathlib import Path

    from sipros_desktop.servicios import respaldo
    from sipros_desktop.servicios.sesion import conectar_configurada

    if not conectar_configurada().integrada:
        raise ErrorSipros(
            "Los respaldos de un servidor central los hace su administrador de base de datos "
            "(pg_dump, pg_basebackup: vea instaladores/servidor/LEEME.md)."
        )
    if args.accion == "lista":
        carpeta = respaldo.carpeta_respaldos()
        print(f"Carpeta: {carpeta}")
        for aviso in respaldo.avisos_carpeta(carpeta):
            print(f"Aviso: {aviso}", file=sys.stderr)
        for r in respaldo.respaldos(carpeta):
            print(f"{r.nombre}  {r.fecha:%d/%m/%Y %H:%M:%S}  {r.tamano / 1_048_576:,.1f} MB")
        return 0
    if args.accion == "crear":
        r = respaldo.respaldar_integrada()
        print(f"Respaldo guardado: {r.ruta} ({r.tamano / 1_048_576:,.1f} MB)")
        for aviso in respaldo.avisos_carpeta(r.ruta.parent):
            print(f"Aviso: {aviso}", file=sys.stderr)
        return 0
    if not args.confirmar:
        raise ErrorSipros(
            "Restaurar reemplaza TODA la base de este equipo por el respaldo y cierra todas las "
            "sesiones: repita la orden con --confirmar."
        )
    try:
        hecha = respaldo.restaurar_integrada(respaldo.Respaldo.de_archivo(Path(args.archivo)))
    except ErrorSipros as e:  # refused: the message, then what differs
        print(f"Error: {e.mensaje}", file=sys.stderr)
        if e.detalle:
            print(e.detalle, file=sys.stderr)
        return 1
    print(f"Base restaurada con {hecha.respaldo.nombre}.")
    for linea in hecha.informe():
        print(linea)
    return 3 if hecha.no_permitidas else 0  # restored, but lines of it were refused


if __name__ == "__main__":
    sys.exit(main())
