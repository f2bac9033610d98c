"""The embedded default: a private PostgreSQL (``pgserver`` wheel) in the user data folder.

It asks for passwords like the central server: staff log in with SCRAM-SHA-256. Only the owner
of this PC's data folder reaches the maintenance roles (the superuser that creates the database
and the owner role that runs the migrations), through the operating system's own check of who
is connecting (``peer`` on the private socket; ``sspi`` where there are no sockets, Windows).
No password of those roles exists anywhere.
"""

from __future__ import annotations

import getpass
import logging
import os
import platform
import threading
import warnings
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL, make_url

from sipros_desktop.bd import servidor
from sipros_desktop.config import carpeta_datos
from sipros_desktop.errores import ErrorConexion

BASE = "sipros"
PROPIETARIO = "sipros_propietario"
_MAPA = "sipros"
_servidor = None
_preparada = False
_candado = threading.Lock()


def _reglas_hba() -> str:
    mantenimiento = f"postgres,{PROPIETARIO}"
    if platform.system() == "Windows":
        locales = (
            f"host all {mantenimiento} 127.0.0.1/32 sspi map={_MAPA} include_realm=0\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
    else:
        locales = f"local all {mantenimiento} peer map={_MAPA}\nlocal all all scram-sha-256\n"
    return (
        "# SIPROS Escritorio, base integrada: lo escribe la aplicación al iniciar.\n"
        "# El dueño de la carpeta de datos entra como superusuario o propietario por la\n"
        "# identidad del sistema operativo; el personal, con usuario y contraseña (SCRAM).\n"
        + locales
    )


def _reglas_ident() -> str:
    usuario = getpass.getuser()
    return (
        "# SIPROS Escritorio: usuario del sistema operativo -> roles de mantenimiento\n"
        f"{_MAPA} {usuario} postgres\n{_MAPA} {usuario} {PROPIETARIO}\n"
    )


def _escribir(ruta: Path, contenido: str) -> bool:
    if ruta.exists() and ruta.read_text(encoding="utf-8") == contenido:
        return False
    dueno = ruta.parent.stat()
    ruta.write_text(contenido, encoding="utf-8")
    if hasattr(os, "chown") and os.geteuid() == 0:  # pgserver runs the server as another user
        os.chown(ruta, dueno.st_uid, dueno.st_gid)
    return True


def _dsn(url: URL, usuario: str, base: str) -> str:
    from sipros_desktop import bd

    return bd.dsn(url.set(username=usuario, database=base)._replace(password=None))


def _asegurar_autenticacion(srv, url: URL) -> None:
    """Replace pgserver's trust rules by ours and reload (trust still applies until then)."""
    pgdata = Path(srv.pgdata)
    cambio = _escribir(pgdata / "pg_ident.conf", _reglas_ident())
    cambio = _escribir(pgdata / "pg_hba.conf", _reglas_hba()) or cambio
    if cambio:
        with psycopg.connect(_dsn(url, "postgres", "postgres"), autocommit=True) as c:
            c.execute("SELECT pg_reload_conf()")


_TRANSFERIR = f"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS objeto FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
               AND pg_get_userbyid(c.relowner) <> '{PROPIETARIO}' LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO {PROPIETARIO}', r.objeto);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS funcion FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '{PROPIETARIO}' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO {PROPIETARIO}', r.funcion);
    END LOOP;
END
$$
"""


def _quitar_procesos_muertos(pgdata: Path) -> list[int]:
    """pgserver stops the server when the last process that uses it exits, and keeps those
    processes in ``.handle_pids.json``. A process killed without its exit handlers (SIGKILL,
    a power cut) stays listed forever, and from then on no normal exit would stop the server.
    Drop the ones that no longer exist; return them."""
    import json

    import psutil

    lista = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(lista.read_text())
    except (OSError, ValueError):
        return []
    vivos = [p for p in pids if isinstance(p, int) and psutil.pid_exists(p)]
    if vivos != pids:
        lista.write_text(json.dumps(vivos))
    return [p for p in pids if p not in vivos]


def _arrancar():
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    _quitar_procesos_muertos(carpeta_datos() / "pgdata")
    try:
        with warnings.catch_warnings():
            # pgserver asks platformdirs for a runtime folder at import; where XDG_RUNTIME_DIR
            # is unset it warns and uses /tmp, which is fine here
            warnings.simplefilter("ignore")
            import pgserver

        return pgserver.get_server(carpeta_datos() / "pgdata", cleanup_mode="stop")
    except Exception as e:  # pragma: no cover - depends on the PC
        raise ErrorConexion(
            "No se pudo iniciar la base de datos integrada en este equipo. "
            f"Revise que la carpeta {carpeta_datos()} se pueda escribir.",
            detalle=str(e),
        ) from e


def iniciar() -> URL:
    """Start (or reuse) the embedded server, make sure it asks for passwords, that the owner
    role and the database exist and that the schema is current. Returns the database's URL
    without a user (each caller adds its own)."""
    global _servidor, _preparada
    from sipros_desktop import bd
    from sipros_desktop.bd import esquema

    with _candado:
        if _servidor is None:
            _servidor = _arrancar()
        url = make_url(_servidor.get_uri()).set(drivername="postgresql+psycopg")
        if not _preparada:
            _asegurar_autenticacion(_servidor, url)
            with psycopg.connect(_dsn(url, "postgres", "postgres"), autocommit=True) as c:
                servidor.preparar(c, PROPIETARIO, BASE)
            with psycopg.connect(_dsn(url, "postgres", BASE), autocommit=True) as c:
                c.execute(_TRANSFERIR)  # a database made by version 0.1 belonged to postgres
            motor = bd.crear_motor(url.set(username=PROPIETARIO, database=BASE), pool_size=1)
            try:
                esquema.verificar(motor, migrar_si_vacia=True, migrar_si_antigua=True)
            finally:
                motor.dispose()
            _preparada = True
    return url.set(database=BASE)._replace(username=None, password=None)


def url_propietario() -> URL:
    """The owner's URL (maintenance: command line, first administrator)."""
    return iniciar().set(username=PROPIETARIO)


def detener() -> None:
    global _servidor, _preparada
    with _candado:
        if _servidor is not None:
            _servidor.cleanup()
        _servidor = None
        _preparada = False
