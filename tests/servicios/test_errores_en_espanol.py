"""Login failures against a server whose messages are in Spanish: the classification goes by
SQLSTATE and exception class, never by the words (issue «One explicit session…», part 6).

A private PostgreSQL cluster of this machine's binaries is started with its translated message
catalog (LANGUAGE=es; the C.UTF-8 locale does not ignore it) and password authentication: what
the shared test server (trust) cannot show."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from sipros_desktop import bd
from sipros_desktop.errores import (
    ErrorConexion,
    ErrorCredenciales,
    ErrorCuentaDesactivada,
    ErrorServidorNoResponde,
)
from sipros_desktop.servicios import sesion


def _binarios() -> Path | None:
    try:
        salida = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        carpeta = Path(salida.stdout.strip())
    except OSError:
        carpeta = Path("/nonexistent")
    if (carpeta / "initdb").exists():
        return carpeta
    encontradas = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return encontradas[-1].parent if encontradas else None


@pytest.fixture(scope="module")
def servidor_en_espanol() -> Iterator[str]:
    """Socket folder of a running cluster with Spanish messages; the superuser is «dueno»."""
    binarios = _binarios()
    if binarios is None:
        pytest.skip("no hay binarios de PostgreSQL (initdb) en este equipo")
    version = binarios.parent.name
    catalogos = list(Path("/usr/share/locale/es/LC_MESSAGES").glob(f"postgres-{version}*.mo"))
    if not catalogos:
        pytest.skip("PostgreSQL sin su catálogo de mensajes en español")
    # not under pytest's temporary root (private to this user): the cluster's account reads it
    carpeta = Path(tempfile.mkdtemp(prefix="sipros-pg-es-"))
    carpeta.chmod(0o777)
    clave = carpeta / "clave"
    clave.write_text("secreto\n")
    clave.chmod(0o644)
    # initdb refuses root: the cluster belongs to the «postgres» account when tests run as root
    prefijo = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    entorno = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": "es"}
    datos = carpeta / "datos"
    subprocess.run([*prefijo, str(binarios / "initdb"), "-D", str(datos), "-U", "dueno",
                    f"--pwfile={clave}", "--auth=scram-sha-256", "-N"],
                   check=True, env=entorno, capture_output=True)  # fmt: skip
    opciones = f"-k {carpeta} -p 55439 -c listen_addresses= -c fsync=off"
    subprocess.run([*prefijo, str(binarios / "pg_ctl"), "-D", str(datos), "-o", opciones,
                    "-l", str(carpeta / "registro"), "-w", "start"],
                   check=True, env=entorno, capture_output=True)  # fmt: skip
    try:
        dsn = f"host={carpeta} port=55439 dbname=postgres user=dueno password=secreto"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("CREATE ROLE ana LOGIN PASSWORD 'Jacaranda2023'")
            c.execute("CREATE ROLE baja LOGIN PASSWORD 'Jacaranda2023'")
            c.execute("ALTER ROLE baja NOLOGIN")  # a deactivated staff member
        yield str(carpeta)
    finally:
        subprocess.run([*prefijo, str(binarios / "pg_ctl"), "-D", str(datos), "-m",
                        "immediate", "stop"], env=entorno, capture_output=True)  # fmt: skip
        shutil.rmtree(carpeta, ignore_errors=True)


@pytest.fixture
def destino(servidor_en_espanol, datos_locales, monkeypatch) -> sesion.Destino:
    url = f"postgresql://localhost:55439/postgres?host={servidor_en_espanol}"
    monkeypatch.setenv("SIPROS_DB_URL", url)
    monkeypatch.setattr(sesion, "freno", sesion.FrenoDeIntentos())
    return sesion.destino_configurado()


def test_el_servidor_contesta_en_espanol(servidor_en_espanol):
    """The premise: the server's own text is Spanish (no English words to match)."""
    dsn = f"host={servidor_en_espanol} port=55439 dbname=postgres user=ana password=mala"
    with pytest.raises(psycopg.OperationalError) as e:
        psycopg.connect(dsn)
    assert "autentificación" in str(e.value) and "authentication" not in str(e.value)
    assert e.value.sqlstate is None  # psycopg gives no SQLSTATE while connecting


def test_contrasena_incorrecta_se_dice_y_cuenta_para_el_freno(destino):
    for _ in range(sesion.FrenoDeIntentos.LIBRES):
        with pytest.raises(ErrorCredenciales, match="Usuario o contraseña incorrectos"):
            sesion.iniciar_sesion(destino, "ana", "mala")
    with pytest.raises(ErrorConexion, match="Demasiados intentos fallidos"):
        sesion.iniciar_sesion(destino, "ana", "mala")
    with pytest.raises(RuntimeError):
        bd.motor()  # nothing left half-connected


def test_usuario_inexistente_igual_que_contrasena_incorrecta(destino):
    with pytest.raises(ErrorCredenciales, match="Usuario o contraseña incorrectos"):
        sesion.iniciar_sesion(destino, "nadie_con_este_nombre", "x")
    assert sesion.freno._fallos  # counted as a failed password


def test_cuenta_desactivada_se_dice_y_no_cuenta_para_el_freno(destino):
    with pytest.raises(ErrorCuentaDesactivada, match="Su usuario está desactivado"):
        sesion.iniciar_sesion(destino, "baja", "Jacaranda2023")
    assert not sesion.freno._fallos


def test_servidor_apagado_no_cuenta_para_el_freno(datos_locales, monkeypatch):
    monkeypatch.setenv("SIPROS_DB_URL", "postgresql://127.0.0.1:1/sipros")
    monkeypatch.setattr(sesion, "freno", sesion.FrenoDeIntentos())
    for _ in range(sesion.FrenoDeIntentos.LIBRES + 1):
        with pytest.raises(ErrorServidorNoResponde, match="No se pudo conectar con el servidor"):
            sesion.iniciar_sesion(sesion.destino_configurado(), "ana", "x")
    assert not sesion.freno._fallos
